/** Opening inputs and outputs for the commands: a file or '-' (stdin / stdout). */
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { Errors } from '../errors.js';
import { atomicOutput, directOutput, stdoutOutput, type Output } from './atomic-output.js';

export interface Input {
  /** Display name ('stdin' or the path); paths are not personal data. */
  name: string;
  /** Byte chunks; counts what it hands out in `bytesRead`. */
  source: AsyncIterable<Uint8Array>;
  /** Size in bytes when known (regular files). */
  size?: number;
  bytesRead(): number;
}

export const FORMATS = ['text', 'jsonl', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export function openInput(path: string, stdin: NodeJS.ReadableStream = process.stdin): Input {
  let size: number | undefined;
  let raw: AsyncIterable<Uint8Array>;
  if (path === '-') raw = stdin as AsyncIterable<Uint8Array>;
  else {
    let st;
    try {
      st = statSync(path);
    } catch {
      throw Errors.invalidInput(`cannot read input file ${path}`);
    }
    if (st.isDirectory()) throw Errors.invalidInput(`input ${path} is a directory`);
    if (st.isFile()) size = st.size;
    // 1 MiB reads: fewer, larger chunks for the line splitter than the 64 KiB default.
    raw = createReadStream(path, { highWaterMark: 1024 * 1024 });
  }
  let bytes = 0;
  const source = (async function* () {
    for await (const chunk of raw) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      bytes += b.length;
      yield b;
    }
  })();
  return { name: path === '-' ? 'stdin' : path, source, size, bytesRead: () => bytes };
}

/**
 * '-' is stdout. An existing device, FIFO or socket (/dev/null, a named pipe) is written to
 * directly: renaming a temporary file over it would replace the device itself. Anything else
 * (a new or regular file, or a link to one) is written atomically next to its real path.
 */
export function openOutput(path: string): Output {
  if (path === '-') return stdoutOutput();
  let st;
  try {
    st = statSync(path);
  } catch {
    return atomicOutput(path);
  }
  if (st.isDirectory()) throw Errors.invalidOption(`output ${path} is a directory`);
  if (!st.isFile()) return directOutput(path);
  return atomicOutput(realpathSync(path));
}

/** Format from --format, else from the file extension, else plain text. */
export function pickFormat(path: string, explicit?: string): Format {
  if (explicit !== undefined) {
    if (!(FORMATS as readonly string[]).includes(explicit)) {
      throw Errors.invalidOption(`--format must be one of ${FORMATS.join(', ')}`);
    }
    return explicit as Format;
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.csv') return 'csv';
  return 'text';
}
