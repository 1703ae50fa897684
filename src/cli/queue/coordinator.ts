/**
 * The coordinator of a distributed scrub (`kavach scrub IN -o OUT --queue redis://…`): split the
 * input into record-aligned chunks, put each into Redis and enqueue one BullMQ job for it, follow
 * the workers' progress, and when every chunk is done write OUT in input order (atomically, like the
 * single-process scrub). Killed and run again with the same --job, it re-reads the input, checks
 * each chunk against the digest the first run recorded, and enqueues only what is not done yet.
 */
import { Queue, Job } from 'bullmq';
import { Errors } from '../../errors.js';
import type { Output } from '../atomic-output.js';
import type { Progress } from '../progress.js';
import { splitInput, type SplitFormat } from './split.js';
import type { ChunkScrubOptions } from './chunk.js';
import { chunkJobId, connect, digest, jobKeys, jobPrefix, probe, type ChunkDone, type ChunkJobData, type QueueSpec } from './store.js';

export interface CoordinatorOptions {
  queue: QueueSpec;
  job: string;
  input: AsyncIterable<Uint8Array>;
  options: ChunkScrubOptions;
  keyCheck: string;
  /** Bytes per chunk (about; chunks end on a record boundary). */
  chunkBytes: number;
  /** Chunks uploaded and not yet done before splitting waits: bounds what Redis holds of the input. */
  maxPending: number;
  /** Attempts per chunk when a worker's run throws (a killed worker's chunk comes back as stalled, not as an attempt). */
  attempts: number;
  progress: Progress;
  /** One-line notes for the operator (never record content). */
  log: (line: string) => void;
  /** Periodic progress lines when stderr is not a terminal (ms; 0: none). */
  statusEvery: number;
  signal: AbortSignal;
  /** CSV: told the first record (with its line end) as soon as it is read, e.g. to check a header. */
  onHeader?: (header: Buffer) => void;
}

export interface CoordinatorResult {
  chunks: number;
  /** Chunks found done from an earlier run of the same job. */
  resumed: number;
  records: number;
  bad: Array<{ line: number; reason: string }>;
  /** Lines that were not UTF-8, in input order (kept and processed, as scrub does). */
  invalidUtf8: number[];
  /** False when interrupted (Ctrl-C): the job stays in Redis and a re-run resumes it. */
  complete: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Enqueue every chunk not yet done, wait for all, return the results; `assemble` then writes them. */
export async function coordinate(o: CoordinatorOptions): Promise<CoordinatorResult> {
  await probe(o.queue.url);
  // Past the probe, a Redis restart only delays the run: commands wait for the reconnection.
  const redis = connect(o.queue.url);
  // BullMQ never closes a connection it was given: this one is closed below.
  const queueConn = redis.duplicate();
  const queue = new Queue<ChunkJobData, ChunkDone>(o.queue.name, { connection: queueConn });
  queue.on('error', () => undefined); // reported through the commands below, which reject
  const keys = jobKeys(o.queue, o.job);
  try {
    // One job name, one set of options: a re-run with other options must not mix outputs.
    const fingerprint = JSON.stringify({ options: o.options, keyCheck: o.keyCheck, chunkBytes: o.chunkBytes });
    await redis.hsetnx(keys.meta, 'options', fingerprint);
    const stored = await redis.hget(keys.meta, 'options');
    if (stored !== fingerprint) {
      throw Errors.invalidOption(
        `queue job ${o.job} already exists with other options or another key; pick another --job, or remove it with \`kavach queue clean --job ${o.job}\``,
      );
    }
    await redis.hsetnx(keys.meta, 'created', new Date().toISOString());
    const done = new Map<number, ChunkDone>();
    const readDone = async (): Promise<void> => {
      const all = await redis.hgetall(keys.done);
      for (const [k, v] of Object.entries(all)) {
        const i = Number(k);
        if (!done.has(i)) {
          const d = JSON.parse(v) as ChunkDone;
          done.set(i, d);
          o.progress.update(d.records, o.progress.bytes + d.bytes);
          for (const [type, n] of Object.entries(d.entities)) o.progress.countEntity(type, n);
        }
      }
    };
    await readDone();
    const resumed = done.size;
    if (resumed) o.log(`queue job ${o.job}: resuming, ${resumed} chunks already done`);

    let chunks = 0;
    let hadHeader = false;
    let lastStatus = Date.now();
    const status = async (total: string): Promise<void> => {
      if (!o.statusEvery || Date.now() - lastStatus < o.statusEvery) return;
      lastStatus = Date.now();
      const workers = await queue.getWorkersCount().catch(() => -1);
      o.log(`queue job ${o.job}: ${done.size}/${total} chunks done, ${o.progress.records} records, ${workers >= 0 ? workers : '?'} workers`);
    };
    const checkFailed = async (): Promise<void> => {
      if ((await queue.getJobCountByTypes('failed')) === 0) return;
      for (const j of await queue.getFailed(0, -1)) {
        if (j.id?.startsWith(`${o.job}.`) && !done.has(Number(j.id.slice(o.job.length + 1)))) {
          throw Errors.invalidInput(
            `chunk ${j.id.slice(o.job.length + 1)} of queue job ${o.job} failed after ${j.attemptsMade} attempts: ${j.failedReason}. ` +
              `Fix the cause and run the same command again: done chunks are kept, failed ones are retried.`,
          );
        }
      }
    };

    const headerReady: Array<Buffer> = [];
    const uploaded = new Set<number>();
    for await (const chunk of splitInput(o.input, o.options.format as SplitFormat, o.chunkBytes, (h) => {
      headerReady.push(h);
      o.onHeader?.(h);
    })) {
      if (o.signal.aborted) break;
      chunks++;
      if (chunk.index === 0 && headerReady.length) {
        await redis.set(keys.header, headerReady[0]!);
        hadHeader = true;
      }
      const h = digest(chunk.bytes, chunk.firstLine);
      const field = `h:${chunk.index}`;
      await redis.hsetnx(keys.meta, field, h);
      if ((await redis.hget(keys.meta, field)) !== h) {
        throw Errors.invalidOption(
          `the input differs from the first run of queue job ${o.job} (chunk ${chunk.index}); pick another --job, or \`kavach queue clean --job ${o.job}\``,
        );
      }
      if (done.has(chunk.index)) continue;
      // Bounded: wait while too many chunks are uploaded and not yet done.
      while (pendingCount(uploaded, done) >= o.maxPending && !o.signal.aborted) {
        await sleep(200);
        await readDone();
        await checkFailed();
        await status('?');
      }
      await redis.set(keys.input(chunk.index), chunk.bytes);
      uploaded.add(chunk.index);
      const data: ChunkJobData = {
        job: o.job,
        index: chunk.index,
        firstLine: chunk.firstLine,
        bytes: chunk.bytes.length,
        header: hadHeader && chunk.index > 0,
        options: o.options,
        keyCheck: o.keyCheck,
      };
      await enqueue(queue, chunkJobId(o.job, chunk.index), data, o.attempts);
    }
    if (o.signal.aborted) return { chunks, resumed, records: o.progress.records, bad: [], invalidUtf8: [], complete: false };
    await redis.hset(keys.meta, 'chunks', String(chunks));

    while (done.size < chunks) {
      if (o.signal.aborted) return { chunks, resumed, records: o.progress.records, bad: [], invalidUtf8: [], complete: false };
      await sleep(200);
      await readDone();
      await checkFailed();
      await status(String(chunks));
    }
    const ordered = [...done.entries()].sort((a, b) => a[0] - b[0]).map(([, d]) => d);
    const bad = ordered.flatMap((d) => d.bad);
    const invalidUtf8 = ordered.flatMap((d) => d.invalidUtf8 ?? []);
    return { chunks, resumed, records: o.progress.records, bad, invalidUtf8, complete: true };
  } finally {
    await queue.close().catch(() => undefined);
    queueConn.disconnect();
    redis.disconnect();
  }
}

/** Chunks this run uploaded that are not done yet. */
function pendingCount(uploaded: Set<number>, done: Map<number, ChunkDone>): number {
  let n = 0;
  for (const i of uploaded) if (!done.has(i)) n++;
  return n;
}

/** Add a chunk's job, or revive the one an earlier run added (a failed one is retried). */
async function enqueue(queue: Queue<ChunkJobData, ChunkDone>, id: string, data: ChunkJobData, attempts: number): Promise<void> {
  const existing = await Job.fromId<ChunkJobData, ChunkDone>(queue, id);
  if (existing) {
    const state = await existing.getState();
    if (state === 'failed') {
      await existing.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return;
    }
    if (state !== 'completed' && state !== 'unknown') return; // waiting, active or delayed: already on its way
    await existing.remove().catch(() => undefined);
  }
  await queue.add('chunk', data, {
    jobId: id,
    attempts,
    backoff: { type: 'fixed', delay: 500 },
    // The result lives in kavach's own keys; BullMQ keeps only failures (for `queue status`).
    removeOnComplete: true,
    removeOnFail: false,
  });
}

/** Write every chunk's output in input order; the caller commits (atomic rename) or aborts. */
export async function assemble(spec: QueueSpec, job: string, chunks: number, out: Output): Promise<void> {
  const redis = connect(spec.url);
  const keys = jobKeys(spec, job);
  try {
    for (let i = 0; i < chunks; i++) {
      const text = await redis.getBuffer(keys.output(i));
      if (text === null) throw Errors.invalidInput(`queue job ${job}: the output of chunk ${i} is missing from Redis`);
      await out.write(text.toString('utf8'));
    }
  } finally {
    redis.disconnect();
  }
}

/** Remove everything a job left in Redis: its chunk jobs in BullMQ and kavach's own keys. */
export async function cleanJob(spec: QueueSpec, job: string): Promise<{ removed: number; active: number }> {
  await probe(spec.url);
  const redis = connect(spec.url);
  // BullMQ never closes a connection it was given: this one is closed below.
  const queueConn = redis.duplicate();
  const queue = new Queue(spec.name, { connection: queueConn });
  queue.on('error', () => undefined);
  const keys = jobKeys(spec, job);
  let removed = 0;
  let active = 0;
  try {
    const meta = await redis.hgetall(keys.meta);
    const indexes = Object.keys(meta).filter((k) => k.startsWith('h:')).map((k) => Number(k.slice(2)));
    for (const i of indexes) {
      const j = await Job.fromId(queue, chunkJobId(job, i));
      if (!j) continue;
      if ((await j.getState()) === 'active') {
        active++;
        continue;
      }
      await j.remove();
      removed++;
    }
    const extra: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${jobPrefix(spec, job).replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 1000);
      cursor = next;
      extra.push(...found);
    } while (cursor !== '0');
    if (extra.length) await redis.del(...extra);
    return { removed, active };
  } finally {
    await queue.close().catch(() => undefined);
    queueConn.disconnect();
    redis.disconnect();
  }
}
