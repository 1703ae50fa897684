/** The loop shared by the file commands: units → pool chunks → per-unit results, in input order. */
import { availableParallelism } from 'node:os';
import type { Pool } from '../batch/pool.js';
import type { DetectTask } from '../batch/tasks.js';
import type { BadRecordError } from '../batch/formats/jsonl.js';
import type { DetectOptions, Entity } from '../types.js';
import type { Unit } from './units.js';

/** Default worker threads for the CLI: cores − 1, at least 1, at most 8. */
export function defaultThreads(): number {
  return Math.min(8, Math.max(1, availableParallelism() - 1));
}

/** Keep data records i with i % n === k; pass-through rows (CSV header, blank lines) always stay. */
export async function* sharded(units: AsyncIterable<Unit>, shard: { k: number; n: number } | undefined): AsyncGenerator<Unit> {
  for await (const u of units) {
    if (!shard || u.passThrough || u.index % shard.n === shard.k) yield u;
  }
}

export function detectTask(units: Unit[], options: DetectOptions): DetectTask {
  const texts: string[] = [];
  const prefixes: Array<string | undefined> = [];
  for (const u of units) {
    u.texts.forEach((t, i) => {
      texts.push(t);
      prefixes.push(u.prefixes?.[i]);
    });
  }
  return { op: 'detect', texts, prefixes: prefixes.some(Boolean) ? prefixes : undefined, options };
}

/** Split a chunk's flat results back into one array per unit (one entry per text). */
export function perUnit<T>(units: Unit[], flat: T[]): T[][] {
  const out: T[][] = [];
  let at = 0;
  for (const u of units) {
    out.push(flat.slice(at, at + u.texts.length));
    at += u.texts.length;
  }
  return out;
}

/** Detect through the pool; yields each chunk's units with entities per text. */
export async function* detectChunks(
  pool: Pool,
  units: AsyncIterable<Unit>,
  options: DetectOptions,
  signal?: AbortSignal,
): AsyncGenerator<Array<{ unit: Unit; entities: Entity[][] }>> {
  for await (const c of pool.chunks<Unit, Entity[][]>(units, (us) => detectTask(us, options), {
    signal,
    sizeOf: (u) => u.texts.reduce((n, t) => n + t.length, 0) + 16,
  })) {
    const split = perUnit(c.items, c.results);
    yield c.items.map((unit, i) => ({ unit, entities: split[i]! }));
  }
}

/** Report a bad record on stderr by line number only (used with --skip-bad). */
export function reportBad(progress: { skipped: number }, quiet: boolean) {
  return (err: BadRecordError): void => {
    progress.skipped++;
    if (!quiet) process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[2K' : ''}kavach: skipped ${err.message}\n`);
  };
}
