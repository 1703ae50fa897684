/**
 * The process signals a command sees, in one place (with atomic-output.ts, which removes temporary
 * files on exit, SIGTERM and SIGHUP):
 * - SIGINT (Ctrl-C) fires `signal`: stop reading, finish what is in flight, keep the output so far;
 *   a second Ctrl-C ends the process at once (exit 130).
 * - SIGTERM ends a file command as the signal intends, after its temporary file is removed. A
 *   long-running command (worker, serve) asks for `stopping()` instead: then SIGTERM, like Ctrl-C,
 *   asks it to finish what it holds and return.
 */
export interface CommandContext {
  /** Fires on the first SIGINT: stop reading, finish what is in flight, keep the output so far. */
  signal: AbortSignal;
  /** Fires on SIGINT or SIGTERM; from the first call on, SIGTERM no longer ends the process. */
  stopping(): AbortSignal;
}

export interface CommandSignals {
  ctx: CommandContext;
  /** Remove the handlers (the command has returned). */
  dispose(): void;
}

export function commandSignals(): CommandSignals {
  const interrupt = new AbortController();
  const stop = new AbortController();
  const onSigint = (): void => {
    if (interrupt.signal.aborted) process.exit(130); // a second Ctrl-C: stop now
    interrupt.abort();
    stop.abort();
    if (process.stderr.isTTY) process.stderr.write('\nkavach: interrupted, finishing the records in flight (Ctrl-C again to stop now)\n');
  };
  const onSigterm = (): void => stop.abort();
  let terminable = false;
  process.on('SIGINT', onSigint);
  return {
    ctx: {
      signal: interrupt.signal,
      stopping() {
        if (!terminable) {
          terminable = true;
          process.on('SIGTERM', onSigterm);
        }
        return stop.signal;
      },
    },
    dispose() {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    },
  };
}
