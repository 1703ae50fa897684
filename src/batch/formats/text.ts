/**
 * Plain text, line by line. Each line keeps its own terminator ('\n', '\r\n' or '' for a last line
 * without one) so a scrubbed file has exactly the input's line structure.
 */
import { StringDecoder } from 'node:string_decoder';
import { KavachError } from '../../errors.js';

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

/** Split a byte or string stream into lines; UTF-8 is decoded across chunk boundaries. */
export async function* readLines(source: ByteSource, maxLine = MAX_LINE): AsyncGenerator<Line> {
  const decoder = new StringDecoder('utf8');
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
  for await (const chunk of source) {
    let s = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    if (first && s.length) {
      // A UTF-8 byte-order mark is not part of the first line's text.
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      first = false;
    }
    if (s.length) yield* emit(s);
  }
  const rest = carry + decoder.end();
  if (rest.length) {
    no++;
    yield { no, text: rest, eol: '' };
  }
}

function tooLong(no: number): KavachError {
  return new KavachError('BAD_RECORD', `line ${no}: longer than the ${MAX_LINE / (1024 * 1024)} MiB limit`);
}
