// Server-Sent Events: an incremental parser (events may arrive cut anywhere; \r\n and \r line ends
// are read as \n) and the serialiser. An event we do not change goes out as it came in (`raw`).

export interface SseEvent {
  event?: string;
  id?: string;
  /** The data lines joined with \n; undefined for an event without data (a comment). */
  data?: string;
  /** The event's text as received, including its blank-line terminator. */
  raw: string;
}

export class SseParser {
  private buf = '';
  /** A \r at the end of the last chunk: maybe the first half of \r\n. */
  private cr = false;

  /** Feed text; returns the events completed by it. */
  push(text: string): SseEvent[] {
    let t = this.cr ? `\r${text}` : text;
    this.cr = t.endsWith('\r');
    if (this.cr) t = t.slice(0, -1);
    this.buf += t.includes('\r') ? t.replace(/\r\n?/g, '\n') : t;
    const out: SseEvent[] = [];
    let i: number;
    while ((i = this.buf.indexOf('\n\n')) >= 0) {
      const raw = this.buf.slice(0, i + 2);
      this.buf = this.buf.slice(i + 2);
      out.push(parseEvent(raw));
    }
    return out;
  }

  /** End of input: an unterminated last event (a stream cut short) is returned as it is. */
  end(): SseEvent | undefined {
    const rest = this.buf + (this.cr ? '\n' : '');
    this.buf = '';
    this.cr = false;
    return rest.trim() ? parseEvent(rest) : undefined;
  }
}

function parseEvent(raw: string): SseEvent {
  const ev: SseEvent = { raw };
  const data: string[] = [];
  for (const line of raw.split(/\r\n|\n|\r/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') ev.event = value;
    else if (field === 'id') ev.id = value;
  }
  if (data.length) ev.data = data.join('\n');
  return ev;
}

/** Serialise an event with new data (JSON-encoded objects never contain a raw newline). */
export function formatEvent(ev: { event?: string; id?: string }, data: string): string {
  let s = '';
  if (ev.event !== undefined) s += `event: ${ev.event}\n`;
  if (ev.id !== undefined) s += `id: ${ev.id}\n`;
  for (const line of data.split('\n')) s += `data: ${line}\n`;
  return `${s}\n`;
}
