/** The loop shared by the file commands: units → pool chunks → per-unit results, in input order. */
import { availableParallelism } from 'node:os';
import type { AnonymiseOptions, AnonymiseResult } from '../anonymise.js';
import { orderedChunks } from '../batch/ordered.js';
import type { Pool } from '../batch/pool.js';
import { anonymiseDetected } from '../batch/scrub.js';
import type { DetectTask } from '../batch/tasks.js';
import { BadRecordError } from '../batch/formats/jsonl.js';
import { anonymiseRecord, BadJsonError } from '../records/records.js';
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

/** One step of a scrub: the rendered output of a chunk of records, in input order. */
export interface ScrubStep {
  text: string;
  records: number;
}

export interface ScrubSteps {
  anonymise: AnonymiseOptions & { session: string };
  /** Called once per replaced or kept span (escapes are not counted). */
  count: (type: string, action: string) => void;
  /** A record the walker refuses; without it the run stops on the first one. */
  onBad?: ((bad: BadRecordError) => void) | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Whole JSONL records through the record walker (field names as context). anonymiseRecord runs its
 * own detection per field, so this runs in this thread, one record after another (numbering exactly
 * as calling anonymiseRecord record by record). Shared by `kavach scrub` and the queue's chunks.
 */
export async function* scrubRecords(units: AsyncIterable<Unit>, o: ScrubSteps): AsyncGenerator<ScrubStep> {
  for await (const c of orderedChunks(units, async (us: Unit[]) => {
    let text = '';
    let records = 0;
    for (const u of us) {
      let r;
      try {
        r = await anonymiseRecord(u.record, o.anonymise);
      } catch (err) {
        // A record the walker refuses (nested too deep) is a bad record of this line, located by
        // position inside it, never by its keys.
        if (!(err instanceof BadJsonError)) throw err;
        const bad = new BadRecordError(u.no, err.located);
        if (!o.onBad) throw bad;
        o.onBad(bad);
        continue;
      }
      for (const e of r.entities) o.count(e.type, e.action);
      text += `${JSON.stringify(r.record)}\n`;
      records++;
    }
    return { text, records };
  }, { chunkItems: 64, maxInFlight: 1, signal: o.signal })) {
    yield c.results;
  }
}

/**
 * Texts of each unit (lines, fields, cells): detection in the pool's threads, then policy, escaping
 * and the vault here in input order (`anonymiseDetected`). Shared by `kavach scrub` and the queue.
 */
export async function* scrubDetected(pool: Pool, units: AsyncIterable<Unit>, detect: DetectOptions, o: ScrubSteps): AsyncGenerator<ScrubStep> {
  for await (const c of pool.chunks<Unit, Entity[][]>(units, (us) => detectTask(us, detect), {
    signal: o.signal,
    sizeOf: (u) => u.texts.reduce((n, t) => n + t.length, 0) + 16,
  })) {
    const results = await anonymiseDetected(c.items.flatMap((u) => u.texts), c.results, o.anonymise);
    const split = perUnit<AnonymiseResult>(c.items, results);
    let text = '';
    let records = 0;
    c.items.forEach((u, i) => {
      const rs = split[i]!;
      for (const r of rs) for (const e of r.entities) o.count(e.type, e.action);
      text += u.render(rs.map((r) => r.text));
      if (!u.passThrough) records++;
    });
    yield { text, records };
  }
}

/** Report a bad record on stderr by line number only (used with --skip-bad). */
export function reportBad(progress: { skipped: number }, quiet: boolean) {
  return (err: BadRecordError): void => {
    progress.skipped++;
    if (!quiet) process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[2K' : ''}kavach: skipped ${err.message}\n`);
  };
}
