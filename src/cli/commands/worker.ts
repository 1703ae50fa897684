/** `kavach worker --queue redis://…`: run the chunks of queued scrubs (`kavach scrub --queue`). */
import { Errors } from '../../errors.js';
import { createPool } from '../../batch/pool.js';
import { startWorker } from '../queue/worker.js';
import { keyCheck, parseQueueUrl, probe } from '../queue/store.js';
import { resolveKey } from '../../vault/keys.js';
import { flag, int, parse, str, UsageError } from '../args.js';
import type { CommandContext } from '../signals.js';
import { defaultThreads } from '../pipeline.js';

export const WORKER_HELP = `Usage: kavach worker --queue <redis://host:port/db> [options]

Take chunks of queued scrubs (\`kavach scrub IN -o OUT --queue …\`) and run each through the same
pipeline as \`kavach scrub\`. Start any number, on any machine that reaches the Redis; each job
carries its scrub options, so a worker needs only the queue URL and the key. A worker that dies
mid-chunk (SIGKILL, a lost machine) loses nothing: after --lock-ms another worker takes the chunk.
Ctrl-C or SIGTERM: finish the chunks in hand, then stop.

Options:
  --queue <url>          the Redis holding the queue (required); ?queue=NAME picks a queue other
                         than kavach-scrub (one Redis, several teams or environments)
  -t, --threads <n>      detection threads in this process (default: cores − 1, max 8; 0 = this thread)
  --concurrency <n>      chunks at once in this process, sharing the threads (default 1)
  --key-file <path>      the key (else KAVACH_KEY or KAVACH_KEY_FILE); must be the coordinator's
  --lock-ms <n>          how long a chunk stays locked to a worker that stops answering (default 30000)
  -q, --quiet            no line per chunk
  -h, --help             this help
`;

export async function workerCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const p = parse(argv, {
    help: { type: 'boolean', short: 'h' },
    quiet: { type: 'boolean', short: 'q' },
    queue: { type: 'string' },
    threads: { type: 'string', short: 't' },
    concurrency: { type: 'string' },
    'key-file': { type: 'string' },
    'lock-ms': { type: 'string' },
  });
  if (flag(p, 'help')) {
    process.stdout.write(WORKER_HELP);
    return 0;
  }
  if (p.positionals.length) throw new UsageError('worker takes no input file: the chunks come from the queue');
  const queue = parseQueueUrl(str(p, 'queue'));
  const keyFile = str(p, 'key-file');
  const master = resolveKey(keyFile !== undefined ? { keyFile } : {});
  if (!master) throw Errors.keyMissing('a worker needs the coordinator\'s key: KAVACH_KEY, KAVACH_KEY_FILE or --key-file');
  const threads = int(p, 'threads', 0) ?? defaultThreads();
  const concurrency = int(p, 'concurrency', 1) ?? 1;
  const lockDuration = int(p, 'lock-ms', 500) ?? 30_000;
  const quiet = flag(p, 'quiet');
  const log = (line: string): void => {
    if (!quiet) process.stderr.write(`kavach worker: ${line}\n`);
  };
  // A wrong URL fails now (exit 1; an orchestrator restarts the worker); once connected, a worker
  // rides out Redis restarts.
  await probe(queue.url);
  const pool = createPool({ threads });
  let fatal: string | undefined;
  let stop!: () => void;
  const stopped = new Promise<void>((r) => (stop = r));
  const running = startWorker({
    queue,
    pool,
    master,
    keyCheck: keyCheck(master),
    ...(keyFile !== undefined ? { keyFile } : {}),
    concurrency,
    lockDuration,
    stalledInterval: Math.max(250, Math.floor(lockDuration / 2)),
    log,
    onFatal: (message) => {
      fatal ??= message;
      stop();
    },
  });
  const onTerm = (): void => stop();
  const stopping = ctx.stopping();
  if (stopping.aborted) stop();
  stopping.addEventListener('abort', onTerm, { once: true });
  try {
    await running.worker.waitUntilReady();
    // Written even with --quiet: the one line that says this process is taking work.
    process.stderr.write(`kavach worker: ready (threads ${threads}, concurrency ${concurrency}, pid ${process.pid})\n`);
    await stopped;
  } finally {
    stopping.removeEventListener('abort', onTerm);
    await running.close();
    await pool.close();
  }
  if (fatal) {
    process.stderr.write(`kavach worker: ${fatal}\n`);
    return 1;
  }
  log('stopped');
  return 0;
}
