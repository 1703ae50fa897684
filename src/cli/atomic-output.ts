/**
 * Output that never leaves a half-written file under its final name. Everything is written to a
 * temporary file in the same directory (same file system, so the final rename is atomic) and
 * renamed at the end.
 *
 * Interrupted runs (SIGINT, a bad record without --skip-bad, an error): the output written so far
 * is kept as `<output>.partial`. Records are written whole, so the partial file ends at a record
 * boundary and is complete up to the last record written; the final name is never created, and a
 * file already there is left untouched.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';

export interface Output {
  /** Write a piece that ends on a record boundary; resolves when the stream can take more. */
  write(chunk: string): Promise<void>;
  /** Flush, fsync and move into place under the final name. */
  commit(): Promise<void>;
  /** Stop: keep what was written as `<output>.partial` (returned), or delete it with `keep: false`. */
  abort(keep?: boolean): Promise<string | undefined>;
  /** Where the output ends up (or '-' for stdout). */
  readonly path: string;
}

async function endStream(stream: WriteStream): Promise<void> {
  if (stream.closed) return;
  await new Promise<void>((ok, fail) => {
    stream.once('error', fail);
    stream.end(() => ok());
  });
}

/** Write to `<dir>/.<name>.<random>.tmp`, renamed to `path` by commit(). */
export function atomicOutput(path: string): Output {
  const finalPath = resolve(path);
  const tmpPath = join(dirname(finalPath), `.${basename(finalPath)}.${randomBytes(4).toString('hex')}.tmp`);
  // flush: true fsyncs before close (Node ≥ 20.10), so a rename never publishes unwritten data.
  const stream = createWriteStream(tmpPath, { flags: 'wx', mode: 0o600, flush: true } as Parameters<typeof createWriteStream>[1]);
  let failure: Error | undefined;
  stream.on('error', (err) => {
    failure = err;
  });
  let finished = false;
  return {
    path: finalPath,
    async write(chunk) {
      if (failure) throw failure;
      // once() rejects if the stream errors while waiting.
      if (!stream.write(chunk)) await once(stream, 'drain');
      if (failure) throw failure;
    },
    async commit() {
      if (finished) return;
      finished = true;
      await endStream(stream);
      if (failure) throw failure;
      await rename(tmpPath, finalPath);
    },
    async abort(keep = true) {
      if (finished) return undefined;
      finished = true;
      try {
        await endStream(stream);
      } catch {
        // Keep going: the partial file is still worth keeping if it exists.
      }
      if (!keep) {
        await unlink(tmpPath).catch(() => undefined);
        return undefined;
      }
      const partial = `${finalPath}.partial`;
      await rename(tmpPath, partial).catch(() => undefined);
      return partial;
    },
  };
}

/** An existing device or FIFO, written in place (never renamed over); commit/abort just close it. */
export function directOutput(path: string): Output {
  const stream = createWriteStream(path, { flags: 'a' });
  let failure: Error | undefined;
  stream.on('error', (err) => {
    failure = err;
  });
  return {
    path,
    async write(chunk) {
      if (failure) throw failure;
      if (!stream.write(chunk)) await once(stream, 'drain');
      if (failure) throw failure;
    },
    async commit() {
      await endStream(stream);
      if (failure) throw failure;
    },
    async abort() {
      await endStream(stream).catch(() => undefined);
      return undefined;
    },
  };
}

/** Standard output with the same interface; commit/abort only wait for pending writes. */
export function stdoutOutput(stream: NodeJS.WritableStream = process.stdout): Output {
  let failure: Error | undefined;
  stream.on('error', (err: Error) => {
    failure = err;
  });
  return {
    path: '-',
    async write(chunk) {
      if (failure) throw failure;
      // once() rejects if the stream errors while waiting.
      if (!stream.write(chunk)) await once(stream, 'drain');
      if (failure) throw failure;
    },
    async commit() {
      if (failure) throw failure;
    },
    async abort() {
      return undefined;
    },
  };
}
