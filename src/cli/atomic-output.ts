/**
 * Output that never leaves a half-written file under its final name. Everything is written to a
 * temporary file in the same directory (same file system, so the final rename is atomic) and
 * renamed at the end.
 *
 * Interrupted runs (SIGINT, a bad record without --skip-bad, an error): the output written so far
 * is kept as `<output>.partial`. Records are written whole, so the partial file ends at a record
 * boundary and is complete up to the last record written; the final name is never created, and a
 * file already there is left untouched.
 *
 * Killed runs: the temporary file is removed on SIGTERM and SIGHUP (then the signal does what it
 * would have done) and when the process exits without committing (a second Ctrl-C). SIGKILL cannot
 * be caught: the file's name carries the host and process id that wrote it, and the next run
 * writing to the same output removes those whose process is gone (never another live run's).
 */
import { once } from 'node:events';
import { createWriteStream, readdirSync, unlinkSync, type WriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
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

/** This machine in temporary file names (a hash: host names can be long or odd), so a pid is only judged where it lives. */
const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

/** Temporary files of this process not yet committed or aborted. */
const pending = new Set<string>();
let hooked = false;

function removePending(): void {
  for (const p of pending) {
    try {
      unlinkSync(p);
    } catch {
      // Already gone.
    }
  }
  pending.clear();
}

/** Once per process: remove pending temporary files on exit, SIGTERM and SIGHUP. */
function hookSignals(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', removePending);
  for (const sig of ['SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      removePending();
      process.off(sig, onSignal);
      // Nobody else handles it: raise it again, so the process ends as the signal intended.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove temporary files for `finalPath` left by processes of this host that no longer exist (a SIGKILL). */
function removeOrphans(finalPath: string): void {
  const dir = dirname(finalPath);
  const prefix = `.${basename(finalPath)}.${HOST}-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const m = /^([1-9][0-9]{0,9})\.[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length));
    if (!m || Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
    try {
      unlinkSync(join(dir, name));
    } catch {
      // Another run removed it first.
    }
  }
}

/** Write to `<dir>/.<name>.<host>-<pid>.<random>.tmp`, renamed to `path` by commit(). */
export function atomicOutput(path: string): Output {
  const finalPath = resolve(path);
  removeOrphans(finalPath);
  hookSignals();
  const tmpPath = join(dirname(finalPath), `.${basename(finalPath)}.${HOST}-${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  pending.add(tmpPath);
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
      pending.delete(tmpPath);
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
        pending.delete(tmpPath);
        return undefined;
      }
      const partial = `${finalPath}.partial`;
      await rename(tmpPath, partial).catch(() => undefined);
      pending.delete(tmpPath);
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
