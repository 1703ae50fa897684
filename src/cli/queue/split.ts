/**
 * Record-aligned chunks of an input for the distributed scrub. A chunk closes at the first record
 * boundary at or after `target` bytes, so no record is ever cut in two:
 * - JSONL: a line end;
 * - CSV: a line end outside a quoted field (RFC 4180 quotes toggle; `""` toggles twice); the header
 *   record is returned separately so every later chunk can carry it;
 * - text: a paragraph end (an empty line); a paragraph longer than 4 × target is cut at a line end.
 * Chunks are byte slices of the input (nothing is decoded or rewritten), with the 1-based input line
 * each one starts on, so a worker can report a bad record by its line in the whole input.
 */
import { KavachError, Errors } from '../../errors.js';

export type SplitFormat = 'text' | 'jsonl' | 'csv';

export interface InputChunk {
  /** 0-based, in input order. */
  index: number;
  bytes: Buffer;
  /** 1-based input line on which the chunk starts. */
  firstLine: number;
}

/** A record longer than this without a boundary is refused (an unbalanced CSV quote, a binary file). */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

function countLines(b: Buffer): number {
  let n = 0;
  let at = b.indexOf(NL);
  while (at >= 0) {
    n++;
    at = b.indexOf(NL, at + 1);
  }
  return n;
}

/**
 * Split `source` into chunks of about `target` bytes. For CSV, `onHeader` receives the header
 * record (with its line end, without a byte-order mark) before the first chunk is yielded.
 */
export async function* splitInput(
  source: AsyncIterable<Uint8Array>,
  format: SplitFormat,
  target: number,
  onHeader?: (header: Buffer) => void,
): AsyncGenerator<InputChunk> {
  let pending: Buffer = Buffer.alloc(0);
  // CSV quote state, scanned once per byte: `scanned` bytes of `pending` are already classified.
  let scanned = 0;
  let inQuotes = false;
  let headerDone = format !== 'csv';
  let index = 0;
  let line = 1;

  /** First record boundary (offset just past it) at or after `from`, or -1. */
  const boundary = (from: number, eof: boolean): number => {
    if (format === 'jsonl') {
      const nl = pending.indexOf(NL, Math.max(0, from - 1));
      return nl < 0 ? -1 : nl + 1;
    }
    if (format === 'text') {
      let at = Math.max(0, from - 1);
      for (;;) {
        const nl = pending.indexOf(NL, at);
        if (nl < 0) return -1;
        // An empty line follows: '\n\n' or '\n\r\n'.
        if (pending[nl + 1] === NL) return nl + 2;
        if (pending[nl + 1] === CR && pending[nl + 2] === NL) return nl + 3;
        // Not yet known whether the next line is empty.
        if (nl + 2 >= pending.length && !eof) return -1;
        at = nl + 1;
        if (at - from > 3 * target) return at; // an over-long paragraph: cut at a line end
      }
    }
    // CSV: walk from where the last scan stopped, remembering quote state.
    for (let i = scanned; i < pending.length; i++) {
      const c = pending[i];
      if (c === QUOTE) inQuotes = !inQuotes;
      else if (c === NL && !inQuotes && i + 1 >= from) {
        scanned = i + 1;
        return i + 1;
      }
    }
    scanned = pending.length;
    return -1;
  };

  const take = (end: number): Buffer => {
    const out = pending.subarray(0, end);
    pending = pending.subarray(end);
    scanned = Math.max(0, scanned - end);
    return out;
  };

  const emitChunk = (bytes: Buffer): InputChunk => {
    const c = { index: index++, bytes: Buffer.from(bytes), firstLine: line };
    line += countLines(bytes);
    return c;
  };

  /** CSV: find the header (the first non-blank record) without consuming it. */
  const findHeader = (eof: boolean): boolean => {
    // A byte-order mark, then blank lines before the header, stay in chunk 0 only.
    let at = pending[0] === 0xef && pending[1] === 0xbb && pending[2] === 0xbf ? 3 : 0;
    while (at < pending.length && (pending[at] === NL || (pending[at] === CR && pending[at + 1] === NL))) at += pending[at] === NL ? 1 : 2;
    let q = false;
    let end = -1;
    for (let i = at; i < pending.length; i++) {
      if (pending[i] === QUOTE) q = !q;
      else if (pending[i] === NL && !q) {
        end = i + 1;
        break;
      }
    }
    if (end < 0) {
      if (!eof) return false;
      end = pending.length;
    }
    let header = Buffer.from(pending.subarray(at, end));
    // The carried header must end a line even when the input is only a header without a newline.
    if (header.length && header[header.length - 1] !== NL) header = Buffer.concat([header, Buffer.from('\n')]);
    onHeader?.(header);
    headerDone = true;
    return true;
  };

  for await (const piece of source) {
    pending = pending.length ? Buffer.concat([pending, piece]) : Buffer.from(piece);
    if (!headerDone && !findHeader(false)) {
      if (pending.length > MAX_RECORD_BYTES) throw tooLong(line);
      continue;
    }
    while (pending.length >= target) {
      const end = boundary(target, false);
      if (end < 0) {
        if (pending.length > MAX_RECORD_BYTES + target) throw tooLong(line);
        break;
      }
      yield emitChunk(take(end));
    }
  }
  if (!headerDone) findHeader(true);
  // The rest: at most one chunk over the target, or several if a last piece was large.
  while (pending.length > 0) {
    const end = pending.length > target ? boundary(target, true) : -1;
    yield emitChunk(take(end < 0 ? pending.length : end));
  }
}

function tooLong(line: number): KavachError {
  return Errors.badRecord(`line ${line}: no record boundary within ${MAX_RECORD_BYTES / (1024 * 1024)} MiB (an unclosed CSV quote?)`);
}
