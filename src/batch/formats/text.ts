/**
 * Plain text, line by line. Each line keeps its own terminator ('\n', '\r\n' or '' for a last line
 * without one) so a scrubbed file has exactly the input's line structure.
 */
import { isUtf8 } from 'node:buffer';
import { KavachError, Errors } from '../../errors.js';

export interface Line {
  /** 1-based line number in the input. */
  no: number;
  /** The line without its terminator. */
  text: string;
  /** '\n', '\r\n' or '' (last line without a newline). */
  eol: string;
}

/** Longest line accepted (UTF-16 units). A longer one is a bad record, so memory stays bounded. */
export const MAX_LINE = 16 * 1024 * 1024;

export type ByteSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/** Told the 1-based line of each line that held bytes which are not UTF-8 (never the bytes). */
export type InvalidUtf8Handler = (line: number) => void;

const NO_LINES: readonly number[] = [];

/** Where the last, possibly cut-off UTF-8 sequence of `b` starts (b.length when none is cut off). */
function completeUpTo(b: Uint8Array): number {
  const n = b.length;
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const c = b[i]!;
    if (c < 0x80) return n;
    if (c >= 0xc0) return i + (c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2) > n ? i : n;
    // A continuation byte: its lead byte is further back.
  }
  return n;
}

/**
 * UTF-8 decoding across chunk boundaries that also says where the input was not UTF-8. Bytes that
 * are not UTF-8 still become U+FFFD, as with any decoder, but the lines they were on are reported.
 * A newline byte is never part of a multi-byte sequence (nor swallowed by a broken one), so the
 * input's byte lines and the decoded text lines correspond one for one. Valid input costs one
 * search for U+FFFD per chunk; only a chunk whose text holds one is checked line by line, and a
 * U+FFFD that was in the input as valid UTF-8 is not reported.
 */
export class Utf8Decoder {
  private pending: Buffer | undefined;

  /**
   * Decode a chunk. `invalid` holds 0-based line offsets, counted from the line the chunk's text
   * starts on, of the lines with bytes that are not UTF-8.
   */
  write(chunk: Uint8Array): { text: string; invalid: readonly number[] } {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const buf = this.pending ? Buffer.concat([this.pending, bytes]) : bytes;
    const cut = completeUpTo(buf);
    // Copied: the caller may reuse the chunk's memory.
    this.pending = cut < buf.length ? Buffer.from(buf.subarray(cut)) : undefined;
    return decode(buf.subarray(0, cut));
  }

  /** The bytes held back at the end: a sequence cut off by the end of input is not UTF-8. */
  end(): { text: string; invalid: readonly number[] } {
    const rest = this.pending;
    this.pending = undefined;
    return rest ? decode(rest) : { text: '', invalid: NO_LINES };
  }
}

function decode(bytes: Buffer): { text: string; invalid: readonly number[] } {
  const text = bytes.toString('utf8');
  if (!text.includes('\ufffd') || isUtf8(bytes)) return { text, invalid: NO_LINES };
  const invalid: number[] = [];
  for (let from = 0, line = 0; ; line++) {
    const nl = bytes.indexOf(10, from);
    const end = nl < 0 ? bytes.length : nl;
    if (!isUtf8(bytes.subarray(from, end))) invalid.push(line);
    if (nl < 0) break;
    from = nl + 1;
  }
  return { text, invalid };
}

/**
 * Split a byte or string stream into lines; UTF-8 is decoded across chunk boundaries. A line with
 * bytes that are not UTF-8 is still yielded (with U+FFFD in their place) and its number is given to
 * `onInvalid`.
 */
export async function* readLines(source: ByteSource, maxLine = MAX_LINE, onInvalid?: InvalidUtf8Handler): AsyncGenerator<Line> {
  const decoder = new Utf8Decoder();
  let carry = '';
  let no = 0;
  let first = true;
  const emit = function* (piece: string): Generator<Line> {
    // Search only the new piece: a long line arriving in many chunks is not rescanned each time.
    let from = 0;
    for (;;) {
      const nl = piece.indexOf('\n', from);
      if (nl < 0) break;
      let text = from === 0 ? carry + piece.slice(0, nl) : piece.slice(from, nl);
      carry = '';
      let eol = '\n';
      if (text.endsWith('\r')) {
        text = text.slice(0, -1);
        eol = '\r\n';
      }
      no++;
      if (text.length > maxLine) throw tooLong(no);
      yield { no, text, eol };
      from = nl + 1;
    }
    carry = from === 0 ? carry + piece : piece.slice(from);
    if (carry.length > maxLine) throw tooLong(no + 1);
  };
  // Lines are numbered as they complete: the text of a chunk starts on line `no + 1`.
  const report = (invalid: readonly number[]): void => {
    for (const k of invalid) onInvalid?.(no + 1 + k);
  };
  for await (const chunk of source) {
    let s: string;
    if (typeof chunk === 'string') s = chunk;
    else {
      const d = decoder.write(chunk);
      report(d.invalid);
      s = d.text;
    }
    if (first && s.length) {
      // A UTF-8 byte-order mark is not part of the first line's text.
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      first = false;
    }
    if (s.length) yield* emit(s);
  }
  const end = decoder.end();
  report(end.invalid);
  const rest = carry + end.text;
  if (rest.length) {
    no++;
    yield { no, text: rest, eol: '' };
  }
}

function tooLong(no: number): KavachError {
  return Errors.badRecord(`line ${no}: longer than the ${MAX_LINE / (1024 * 1024)} MiB limit`);
}
