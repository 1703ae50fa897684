/**
 * A one-line progress display on stderr (only when stderr is a terminal and not --quiet) and the
 * end-of-run summary. Nothing here ever prints record content.
 */

export interface ProgressOptions {
  /** Draw the live line (stderr is a TTY and not --quiet). */
  live: boolean;
  /** Input size in bytes when known (a file): enables % and ETA. */
  total?: number;
  stream?: NodeJS.WriteStream | NodeJS.WritableStream;
  /** Redraws at most this often (ms). */
  interval?: number;
  now?: () => number;
}

export interface Summary {
  records: number;
  skipped: number;
  bytes: number;
  ms: number;
  entities: Map<string, number>;
}

const MB = 1024 * 1024;

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

function bar(fraction: number, width: number): string {
  const full = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}]`;
}

export class Progress {
  records = 0;
  skipped = 0;
  bytes = 0;
  readonly entities = new Map<string, number>();
  private readonly started: number;
  private last = 0;
  private drawn = false;
  private readonly out: NodeJS.WritableStream;
  private readonly now: () => number;
  private readonly interval: number;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
    this.out = options.stream ?? process.stderr;
    this.interval = options.interval ?? 100;
  }

  /** Count one finished chunk: records written and input bytes consumed so far. */
  update(records: number, bytesRead: number): void {
    this.records += records;
    this.bytes = bytesRead;
    if (!this.options.live) return;
    const t = this.now();
    if (t - this.last < this.interval) return;
    this.last = t;
    this.draw(t);
  }

  countEntity(type: string, n = 1): void {
    this.entities.set(type, (this.entities.get(type) ?? 0) + n);
  }

  /** The live line, e.g. `[#####-----] 48% 120000 records 12.3 MB 8.1 MB/s ETA 2s`. */
  line(t = this.now()): string {
    const secs = Math.max(1e-3, (t - this.started) / 1000);
    const rate = this.bytes / MB / secs;
    const parts: string[] = [];
    const total = this.options.total;
    if (total && total > 0) {
      const f = this.bytes / total;
      parts.push(bar(f, 20), `${Math.min(100, Math.floor(f * 100))}%`);
    }
    parts.push(`${this.records} records`, `${(this.bytes / MB).toFixed(1)} MB`, `${rate.toFixed(1)} MB/s`);
    if (total && total > 0 && rate > 0 && this.bytes < total) {
      parts.push(`ETA ${formatDuration(((total - this.bytes) / MB / rate) * 1000)}`);
    }
    return parts.join(' ');
  }

  private draw(t: number): void {
    this.out.write(`\r\x1b[2K${this.line(t)}`);
    this.drawn = true;
  }

  /** Clear the live line. */
  clear(): void {
    if (this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
  }

  summary(): Summary {
    return { records: this.records, skipped: this.skipped, bytes: this.bytes, ms: this.now() - this.started, entities: this.entities };
  }
}

/** The end-of-run report: records, entities per type, time, throughput. */
export function formatSummary(s: Summary, verb = 'scrubbed'): string {
  const secs = Math.max(1e-3, s.ms / 1000);
  const lines = [
    `kavach: ${verb} ${s.records} records${s.skipped ? ` (${s.skipped} bad, skipped)` : ''} in ${secs.toFixed(2)}s` +
      ` — ${(s.bytes / MB).toFixed(2)} MB, ${(s.bytes / MB / secs).toFixed(2)} MB/s, ${Math.round(s.records / secs)} records/s`,
  ];
  const types = [...s.entities].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (types.length) {
    const total = types.reduce((n, [, c]) => n + c, 0);
    lines.push(`  entities: ${total} (${types.map(([t, c]) => `${t} ${c}`).join(', ')})`);
  } else lines.push('  entities: none');
  return lines.join('\n') + '\n';
}
