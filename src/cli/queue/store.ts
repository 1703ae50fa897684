/**
 * Where a distributed scrub keeps things in Redis. BullMQ (queue `kavach-scrub`, or the name in
 * `?queue=NAME` on the URL; its own `bull:` keys) holds one small job per chunk: its index, first
 * input line and the scrub options. The chunk bytes and results live beside it under
 * `kavach:<queue>:{<job>}:`, so every worker on every machine needs only the Redis URL (and the
 * key, which never goes through Redis):
 *
 *   meta        hash: options (JSON), chunk count, per-chunk input digests `h:<i>`
 *   header      CSV: the header record, carried to every chunk
 *   in:<i>      the chunk's input bytes (deleted when the chunk is done)
 *   out:<i>     the chunk's scrubbed output
 *   done        hash: <i> → { records, bytes, bad: [{ line, reason }], entities }
 *
 * A chunk's result is written in one MULTI with its `done` entry, keyed by its index: a chunk run
 * twice (a worker killed after writing, a stalled job retried) writes the same bytes to the same
 * place, so the assembled output holds every record exactly once.
 */
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { Errors } from '../../errors.js';
import { hkdf } from '../../vault/crypto.js';
import type { ChunkScrubOptions } from './chunk.js';

export const DEFAULT_QUEUE = 'kavach-scrub';

/** A queue: the Redis URL (as ioredis takes it) and the BullMQ queue name. */
export interface QueueSpec {
  url: string;
  name: string;
}

/** What a BullMQ job carries: which chunk, and how to scrub it. */
export interface ChunkJobData {
  job: string;
  index: number;
  firstLine: number;
  /** Input bytes of the chunk (for progress). */
  bytes: number;
  /** CSV chunk after the first: prepend the carried header. */
  header: boolean;
  options: ChunkScrubOptions;
  /** A fingerprint of the coordinator's key: a worker under another key refuses the chunk. */
  keyCheck: string;
}

export interface ChunkDone {
  records: number;
  bytes: number;
  bad: Array<{ line: number; reason: string }>;
  entities: Record<string, number>;
  /** Lines that were not UTF-8 (kept, read with U+FFFD). */
  invalidUtf8?: number[];
}

export interface JobKeys {
  meta: string;
  header: string;
  done: string;
  input(i: number): string;
  output(i: number): string;
}

export function jobKeys(queue: QueueSpec, job: string): JobKeys {
  const p = jobPrefix(queue, job);
  return {
    meta: `${p}meta`,
    header: `${p}header`,
    done: `${p}done`,
    input: (i) => `${p}in:${i}`,
    output: (i) => `${p}out:${i}`,
  };
}

/** Every key of one job starts with this (the braces keep a job's keys in one Redis Cluster slot). */
export function jobPrefix(queue: QueueSpec, job: string): string {
  return `kavach:${queue.name}:{${job}}:`;
}

/** BullMQ job id of a chunk (BullMQ ids cannot hold ':'; the index after the last '.' is unambiguous). */
export function chunkJobId(job: string, index: number): string {
  return `${job}.${index}`;
}

const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function checkJobName(name: string): string {
  if (!JOB_NAME.test(name)) {
    throw Errors.invalidOption('--job must be 1-100 letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  return name;
}

/**
 * `--queue redis://host:port/db[?queue=NAME]`: checked here so a typo fails before anything is
 * read. NAME (default kavach-scrub) lets several teams or environments share one Redis.
 */
export function parseQueueUrl(value: string | undefined): QueueSpec {
  let u: URL | undefined;
  try {
    u = value === undefined ? undefined : new URL(value);
  } catch {
    u = undefined;
  }
  if (!u || (u.protocol !== 'redis:' && u.protocol !== 'rediss:') || !u.hostname) {
    throw Errors.invalidOption('--queue must be a Redis URL: redis://host:port/db (optionally ?queue=NAME)');
  }
  const name = u.searchParams.get('queue') ?? DEFAULT_QUEUE;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw Errors.invalidOption('--queue ?queue=NAME: 1-64 letters, digits, ".", "_" or "-"');
  }
  u.searchParams.delete('queue');
  return { url: u.toString(), name };
}

/**
 * A connection as BullMQ wants it (no per-command retry limit: a worker waits out a Redis restart).
 * Connection errors are reported once each by the caller's `onError`, never thrown at random.
 */
export function connect(url: string, onError?: (err: Error) => void): Redis {
  const r = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
  r.on('error', (err: Error) => onError?.(err));
  return r;
}

/**
 * Fail fast when the Redis does not answer: the working connections retry forever (a worker waits
 * out a Redis restart), so without this check a wrong --queue would hang a command silently.
 */
export async function probe(url: string, timeoutMs = 5_000): Promise<void> {
  const r = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    await r.ping();
  } catch (err) {
    const where = new URL(url);
    throw Errors.invalidOption(`the queue's Redis at ${where.hostname}:${where.port || 6379} does not answer (${(err as Error).message})`);
  } finally {
    r.disconnect();
  }
}

/** A short fingerprint of the master key (HKDF under its own label): equal keys, equal checks. */
export function keyCheck(master: Buffer): string {
  return hkdf(master, 'kavach/v1 queue key check', 8).toString('hex');
}

export function digest(bytes: Uint8Array, firstLine: number): string {
  return createHash('sha256').update(String(firstLine)).update(':').update(bytes).digest('hex').slice(0, 32);
}
