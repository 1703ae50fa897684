/**
 * A distributed-scrub worker: takes chunk jobs from the BullMQ queue and runs each through the
 * scrub pipeline (`scrubChunk`, the piscina pool inside this process), then stores the output and
 * the chunk's summary in one MULTI. Any number of these run on any number of machines against one
 * Redis; BullMQ's locks and stalled-job check give a chunk whose worker died (SIGKILL, a lost
 * machine) to another worker after `lockDuration`.
 */
import { hostname } from 'node:os';
import { pid } from 'node:process';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BoundPolicy, PolicyInput } from '../../decide/input.js';
import { hashKeyMaterial } from '../../engine.js';
import type { Vault } from '../../vault/interface.js';
import { openVault } from '../vault-spec.js';
import type { Pool } from '../../batch/pool.js';
import type { PolicySpec } from '../../batch/tasks.js';
import { scrubPolicy } from '../pipeline.js';
import { scrubChunk, type ChunkScrubOptions } from './chunk.js';
import { connect, jobKeys, type ChunkDone, type ChunkJobData, type QueueSpec } from './store.js';

export interface WorkerOptions {
  queue: QueueSpec;
  pool: Pool;
  /** The master key of this machine (KAVACH_KEY / --key-file) and its fingerprint. */
  master: Buffer;
  keyCheck: string;
  keyFile?: string;
  /** Chunks processed at once in this process (they share the pool). */
  concurrency: number;
  /** BullMQ lock: a chunk whose worker stops renewing it for this long goes to another worker. */
  lockDuration: number;
  /** How often this worker looks for stalled chunks (default: lockDuration / 2). */
  stalledInterval: number;
  /** One line per finished chunk, for the operator (never record content). */
  log: (line: string) => void;
  /** Called when this worker must stop (its key differs from the coordinator's). */
  onFatal: (message: string) => void;
}

export interface RunningWorker {
  worker: Worker<ChunkJobData, ChunkDone>;
  /** Finish the chunks in hand, then stop taking new ones and disconnect. */
  close(): Promise<void>;
}

export function startWorker(o: WorkerOptions): RunningWorker {
  const redis: Redis = connect(o.queue.url, (err) => o.log(`Redis: ${err.message}`));
  // Shared Redis vaults stay open across chunks; bound policies are cached per options.
  const vaults = new Map<string, Vault>();
  const policies = new Map<string, { policy: BoundPolicy; whole: PolicySpec | undefined; planned: PolicySpec | undefined }>();

  const envFor = (opts: ChunkScrubOptions): { vault: Vault; policy: BoundPolicy; whole: PolicySpec | undefined; planned: PolicySpec | undefined; temporary: boolean } => {
    const keyOpts = o.keyFile !== undefined ? { keyFile: o.keyFile } : {};
    let vault: Vault;
    let temporary = false;
    if (opts.vault === 'memory') {
      // Deterministic tokens need no shared state: a fresh vault per chunk, so a long-lived worker
      // does not accumulate every mapping it ever made.
      vault = openVault('memory', keyOpts);
      temporary = true;
    } else {
      vault = vaults.get(opts.vault) ?? openVault(opts.vault, keyOpts);
      vaults.set(opts.vault, vault);
    }
    const pkey = `${opts.vault}\u0000${JSON.stringify(opts.policy ?? null)}`;
    let bound = policies.get(pkey);
    if (!bound) {
      bound = scrubPolicy(opts.policy as PolicyInput | undefined, hashKeyMaterial({ key: o.master, vault }));
      policies.set(pkey, bound);
    }
    return { vault, ...bound, temporary };
  };

  const process = async (job: Job<ChunkJobData, ChunkDone>, token?: string): Promise<ChunkDone> => {
    const d = job.data;
    const keys = jobKeys(o.queue, d.job);
    if (d.keyCheck !== o.keyCheck) {
      // Its tokens would disagree with everyone else's: hand the chunk back untouched (not an
      // attempt) for a worker with the right key, and stop this one.
      o.onFatal(`this worker's key differs from the key of queue job ${d.job}'s coordinator (KAVACH_KEY / --key-file): stopping`);
      await job.moveToDelayed(Date.now() + 1000, token);
      throw new DelayedError();
    }
    const previous = await redis.hget(keys.done, String(d.index));
    if (previous !== null) return JSON.parse(previous) as ChunkDone; // done by another worker already
    const [bytes, header] = await Promise.all([redis.getBuffer(keys.input(d.index)), d.header ? redis.getBuffer(keys.header) : null]);
    if (bytes === null || (d.header && header === null)) {
      throw new UnrecoverableError(`the input of chunk ${d.index} is no longer in Redis (was the job cleaned?)`);
    }
    const started = performance.now();
    const env = envFor(d.options);
    let out;
    try {
      out = await scrubChunk({ bytes, firstLine: d.firstLine, ...(header ? { header } : {}) }, d.options, { pool: o.pool, vault: env.vault, policy: env.policy, whole: env.whole, planned: env.planned });
    } finally {
      if (env.temporary) await env.vault.close();
    }
    const summary: ChunkDone = { records: out.records, bytes: d.bytes, bad: out.bad, entities: out.entities, invalidUtf8: out.invalidUtf8 };
    await redis
      .multi()
      .set(keys.output(d.index), out.text)
      .hset(keys.done, String(d.index), JSON.stringify(summary))
      .del(keys.input(d.index))
      .exec();
    o.log(`job ${d.job} chunk ${d.index}: ${out.records} records in ${((performance.now() - started) / 1000).toFixed(2)}s`);
    return summary;
  };

  // BullMQ never closes a connection it was given: closed in close() below.
  const workerConn = redis.duplicate();
  const worker = new Worker<ChunkJobData, ChunkDone>(o.queue.name, process, {
    connection: workerConn,
    // Shown as a job's processedBy: which host and process holds a chunk (`queue status`, tests).
    name: `${hostname()}:${pid}`,
    concurrency: o.concurrency,
    lockDuration: o.lockDuration,
    stalledInterval: o.stalledInterval,
    // A chunk may come back several times if workers keep dying under it; after that it fails
    // and the coordinator reports it (a re-run retries it).
    maxStalledCount: 5,
  });
  worker.on('error', (err) => o.log(`queue: ${err.message}`));

  return {
    worker,
    async close() {
      await worker.close();
      for (const v of vaults.values()) await v.close();
      workerConn.disconnect();
      redis.disconnect();
    },
  };
}
