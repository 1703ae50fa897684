/** What `kavach queue status` reports: the queue as a whole, and one scrub job's chunks. */
import { Job, Queue } from 'bullmq';
import { chunkJobId, connect, jobKeys, probe, type ChunkDone, type QueueSpec } from './store.js';

export interface JobStatus {
  queue: { workers: number; counts: Record<string, number> };
  job?: {
    name: string;
    exists: boolean;
    /** Chunk count once splitting has finished. */
    chunks?: number;
    /** Chunks recorded so far (while splitting: a lower bound). */
    known: number;
    done: number;
    records: number;
    states: { waiting: number; active: number; delayed: number; failed: number };
    failed: Array<{ index: number; reason: string }>;
    bad: Array<{ line: number; reason: string }>;
  };
}

export async function jobStatus(spec: QueueSpec, job?: string): Promise<JobStatus> {
  await probe(spec.url);
  const redis = connect(spec.url);
  // BullMQ never closes a connection it was given: this one is closed below.
  const queueConn = redis.duplicate();
  const queue = new Queue(spec.name, { connection: queueConn });
  queue.on('error', () => undefined);
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    const status: JobStatus = { queue: { workers: await queue.getWorkersCount(), counts } };
    if (job === undefined) return status;
    const keys = jobKeys(spec, job);
    const meta = await redis.hgetall(keys.meta);
    const indexes = Object.keys(meta).filter((k) => k.startsWith('h:')).map((k) => Number(k.slice(2))).sort((a, b) => a - b);
    const done = new Map(Object.entries(await redis.hgetall(keys.done)).map(([k, v]) => [Number(k), JSON.parse(v) as ChunkDone]));
    const states = { waiting: 0, active: 0, delayed: 0, failed: 0 };
    const failed: Array<{ index: number; reason: string }> = [];
    for (const i of indexes) {
      if (done.has(i)) continue;
      const j = await Job.fromId(queue, chunkJobId(job, i));
      const state = j ? await j.getState() : 'unknown';
      if (state === 'waiting' || state === 'prioritized' || state === 'waiting-children') states.waiting++;
      else if (state === 'active') states.active++;
      else if (state === 'delayed') states.delayed++;
      else if (state === 'failed') {
        states.failed++;
        failed.push({ index: i, reason: j?.failedReason ?? '' });
      }
    }
    const chunks = meta.chunks !== undefined ? Number(meta.chunks) : undefined;
    status.job = {
      name: job,
      exists: Object.keys(meta).length > 0,
      ...(chunks !== undefined ? { chunks } : {}),
      known: indexes.length,
      done: done.size,
      records: [...done.values()].reduce((n, d) => n + d.records, 0),
      states,
      failed,
      bad: [...done.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, d]) => d.bad),
    };
    return status;
  } finally {
    await queue.close().catch(() => undefined);
    queueConn.disconnect();
    redis.disconnect();
  }
}
