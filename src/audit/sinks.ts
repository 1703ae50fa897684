import { appendFileSync, closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { Errors } from '../errors.js';
import type { AuditEvent, AuditSink } from './event.js';

/** A sink that hands every event to `fn` (a logger, a queue, a test array). */
export function callbackSink(fn: (event: AuditEvent) => void | Promise<void>): AuditSink {
  if (typeof fn !== 'function') throw Errors.invalidOption('callbackSink needs a function');
  return (event) => fn(event);
}

export interface JsonlFileSinkOptions {
  /** fsync after every line (slower; survives a power cut). Default false. */
  fsync?: boolean;
  /** File mode when the file is created (default 0o600: owner only). */
  mode?: number;
}

/** An append-only JSONL file sink: one JSON object per line. `close()` releases the file. */
export interface JsonlFileSink extends AuditSink {
  readonly path: string;
  close(): void;
}

/**
 * Append each event as one JSON line to `path`. The file is opened once with `O_APPEND` (every write
 * lands at the end, even with other writers), never truncated or rewritten; each line is written
 * with one `write` call so lines from concurrent processes do not interleave (POSIX appends up to
 * PIPE_BUF are atomic; an event is a few hundred bytes).
 */
export function jsonlFileSink(path: string, options: JsonlFileSinkOptions = {}): JsonlFileSink {
  if (typeof path !== 'string' || path.length === 0) throw Errors.invalidOption('jsonlFileSink needs a file path');
  let fd: number | undefined = openSync(path, 'a', options.mode ?? 0o600);
  const sink = ((event: AuditEvent) => {
    const line = `${JSON.stringify(event)}\n`;
    if (fd === undefined) {
      // Closed: reopen per write rather than lose an event.
      appendFileSync(path, line, { mode: options.mode ?? 0o600 });
      return;
    }
    writeSync(fd, line);
    if (options.fsync) fsyncSync(fd);
  }) as JsonlFileSink;
  Object.defineProperty(sink, 'path', { value: path, enumerable: true });
  sink.close = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  return sink;
}
