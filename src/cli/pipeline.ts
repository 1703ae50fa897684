/** The loop shared by the file commands: units → pool chunks → per-unit results, in input order. */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { defaultFlow, getDefaultVault, type AnonymiseOptions, type AnonymiseResult, type PlannedText } from '../anonymise.js';
import type { Pool } from '../batch/pool.js';
import { anonymiseDetected, anonymisePlannedChunk, anonymiseRecordsAnswer, coalescingVault } from '../batch/scrub.js';
import type { DetectTask, PlanTask, PolicySpec, RecordsTask, RecordsTaskResult, ScrubTask, ScrubTaskResult } from '../batch/tasks.js';
import type { BoundPolicy, PolicyInput } from '../decide/input.js';
import { bindPolicy, isCompiledPolicy } from '../transform/compile.js';
import { BadRecordError } from '../batch/formats/jsonl.js';
import { BadJsonError } from '../records/records.js';
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
  return { op: 'detect', ...flatTexts(units), options };
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
  for await (const c of pool.chunks<Unit, Entity[][]>(units, (us) => detectTask(us, options), { signal, sizeOf: unitSize })) {
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
  /** Told replaced or kept spans by type (`n` of them, default 1); escapes are told as such and not counted. */
  count: (type: string, action: string, n?: number) => void;
  /** Set when the pool's threads may do the whole job (see `scrubPolicy`). */
  whole?: PolicySpec | undefined;
  /**
   * Set when the pool's threads may detect and plan (see `scrubPolicy`): this thread then only asks
   * the vault for tokens and writes. Unset: the threads detect, and this thread plans too.
   */
  planned?: PolicySpec | undefined;
  /** A record the walker refuses; without it the run stops on the first one. */
  onBad?: ((bad: BadRecordError) => void) | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Whole JSONL records through the record walker (field names as context). The pool's threads detect
 * (`records` tasks: each record's strings behind their field labels, as anonymiseRecord would) and
 * plan under a policy that travels; this thread walks each record again and finishes it with those
 * spans or plans, a chunk's records started in groups so that a group's strings ask the vault in
 * one request, in input order (`anonymiseRecordsFound`): the tokens anonymiseRecord gives record by
 * record. Shared by `kavach scrub` and the queue's chunks.
 */
export async function* scrubRecords(pool: Pool, units: AsyncIterable<Unit>, o: ScrubSteps): AsyncGenerator<ScrubStep> {
  const { detect, session, mode, audit } = o.anonymise;
  // A policy that travels is applied in the threads too (its plans, before any vault request); an
  // audited run counts decisions as they are made, so it plans here.
  const spec = audit ? undefined : o.whole ?? o.planned;
  const plan = spec ? { policy: spec, session, mode: mode ?? 'token' } : undefined;
  const toTask = (us: Unit[]): RecordsTask => ({ op: 'records', records: us.map((u) => u.record), ...(detect ? { detect } : {}), ...(plan ? { plan } : {}) });
  for await (const c of pool.chunks<Unit, RecordsTaskResult>(units, toTask, { signal: o.signal, sizeOf: recordSize })) {
    // The chunk's records are started in groups: one vault request for a group's strings, in order.
    const results = await anonymiseRecordsAnswer(c.items.map((u) => u.record), c.results, o.anonymise);
    let text = '';
    let records = 0;
    for (let i = 0; i < c.items.length; i++) {
      const r = results[i]!;
      if (r instanceof BadJsonError) {
        // A record the walker refuses (nested too deep) is a bad record of this line, located by
        // position inside it, never by its keys.
        const bad = new BadRecordError(c.items[i]!.no, r.located);
        if (!o.onBad) throw bad;
        o.onBad(bad);
        continue;
      }
      for (const e of r.entities) o.count(e.type, e.action);
      text += `${JSON.stringify(r.record)}\n`;
      records++;
    }
    yield { text, records };
  }
}

/** A whole record's size for closing tasks: its input line's length (its texts are not listed). */
const recordSize = (u: Unit): number => (u.size ?? 0) + 16;

/** The size of a unit's texts, for closing tasks by size (UTF-16 units, plus a little per record). */
const unitSize = (u: Unit): number => u.texts.reduce((n, t) => n + t.length, 0) + 16;

/** The texts of a chunk's units, flat, with their detection prefixes (undefined when none has one). */
function flatTexts(units: Unit[]): { texts: string[]; prefixes: Array<string | undefined> | undefined } {
  const texts: string[] = [];
  const prefixes: Array<string | undefined> = [];
  for (const u of units) {
    u.texts.forEach((t, i) => {
      texts.push(t);
      prefixes.push(u.prefixes?.[i]);
    });
  }
  return { texts, prefixes: prefixes.some(Boolean) ? prefixes : undefined };
}

/** Render a chunk's units from their replaced texts (flat, in order). */
function render(units: Unit[], replaced: readonly string[]): ScrubStep {
  let text = '';
  let records = 0;
  let at = 0;
  for (const u of units) {
    text += u.render(replaced.slice(at, at + u.texts.length));
    at += u.texts.length;
    if (!u.passThrough) records++;
  }
  return { text, records };
}

/**
 * Texts of each unit (lines, fields, cells), shared by `kavach scrub` and the queue. Two ways, the
 * same bytes out:
 * - `o.whole` set (a policy that pseudonymises nothing, e.g. `dataset`): the pool's threads detect,
 *   decide and rewrite; this thread only orders and renders, and anonymises here, in input order,
 *   just the few texts that need the vault (token-shaped input is escaped with a vault token).
 * - `o.planned` set (a policy that pseudonymises, given as a preset name or plain data): the threads
 *   detect and plan (`plan` tasks); this thread asks the vault for the chunk's tokens in one call, in
 *   input order, builds and verifies the outputs and renders (`anonymisePlannedChunk`).
 * - otherwise (a compiled policy, which cannot travel): the threads detect; policy, escaping and the
 *   vault run here in input order (`anonymiseDetected`), one vault call per chunk.
 */
export async function* scrubDetected(pool: Pool, units: AsyncIterable<Unit>, detect: DetectOptions, o: ScrubSteps): AsyncGenerator<ScrubStep> {
  if (o.whole) {
    const { session, mode } = o.anonymise;
    const spec = o.whole;
    for await (const c of pool.chunks<Unit, ScrubTaskResult>(
      units,
      (us): ScrubTask => ({ op: 'scrub', ...flatTexts(us), detect, policy: spec, session, mode: mode ?? 'token' }),
      { signal: o.signal, sizeOf: unitSize },
    )) {
      const r = c.results;
      for (const [type, n] of r.counts) o.count(type, 'replace', n);
      const replaced = r.texts as string[];
      if (r.redo.length) {
        const { texts } = flatTexts(c.items);
        const again = await anonymiseDetected(r.redo.map((i) => texts[i]!), r.found, o.anonymise);
        again.forEach((a, j) => {
          replaced[r.redo[j]!] = a.text;
          for (const e of a.entities) o.count(e.type, e.action);
        });
      }
      yield render(c.items, replaced);
    }
    return;
  }
  if (o.planned) {
    const { session, mode } = o.anonymise;
    const spec = o.planned;
    // One view for the run: it coalesces each chunk's vault requests and keeps canonical spellings.
    const options = { ...o.anonymise, vault: coalescingVault(o.anonymise.vault ?? getDefaultVault()) };
    const plan = defaultFlow.plan(o.anonymise.policy);
    for await (const c of pool.chunks<Unit, PlannedText[]>(
      units,
      (us): PlanTask => ({ op: 'plan', ...flatTexts(us), detect, policy: spec, session, mode: mode ?? 'token' }),
      { signal: o.signal, sizeOf: unitSize },
    )) {
      const results = await anonymisePlannedChunk(flatTexts(c.items).texts, c.results, options, plan);
      yield counted(c.items, results, o);
    }
    return;
  }
  // One view for the run here too: a view per chunk read every chunk's canonical spellings again.
  const options = { ...o.anonymise, vault: coalescingVault(o.anonymise.vault ?? getDefaultVault()) };
  for await (const c of pool.chunks<Unit, Entity[][]>(units, (us) => detectTask(us, detect), { signal: o.signal, sizeOf: unitSize })) {
    const results = await anonymiseDetected(flatTexts(c.items).texts, c.results, options);
    yield counted(c.items, results, o);
  }
}

/** Count a chunk's entities (one call per type and action) and render its units. */
function counted(units: Unit[], results: readonly AnonymiseResult[], o: ScrubSteps): ScrubStep {
  const byAction = new Map<string, Map<string, number>>();
  const texts: string[] = new Array(results.length);
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    texts[i] = r.text;
    for (const e of r.entities) {
      let counts = byAction.get(e.action);
      if (!counts) byAction.set(e.action, (counts = new Map()));
      counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
    }
  }
  for (const [action, counts] of byAction) for (const [type, n] of counts) o.count(type, action, n);
  return render(units, texts);
}

/**
 * Bind a policy for a scrub, and say whether the pool's threads can do the whole job: a policy
 * that pseudonymises nothing needs no vault (but for escapes, handled per text). The threads rebuild
 * it from its input and the same key material, so their hashes are this thread's.
 */
export function scrubPolicy(
  input: PolicyInput | undefined,
  keyMaterial: Uint8Array | undefined,
): { policy: BoundPolicy; whole: PolicySpec | undefined; planned: PolicySpec | undefined } {
  const policy = bindPolicy(input, keyMaterial !== undefined ? { keyMaterial } : {});
  // The worker rebinds from plain data: a compiled policy's input is its frozen copy (no secret), so
  // only a preset name or plain policy data can travel.
  if (input !== undefined && typeof input !== 'string' && isCompiledPolicy(input)) return { policy, whole: undefined, planned: undefined };
  const spec: PolicySpec = { id: randomUUID(), input, keyMaterial };
  return policy.compiled.reversible ? { policy, whole: undefined, planned: spec } : { policy, whole: spec, planned: undefined };
}

/** Report a bad record on stderr by line number only (used with --skip-bad). */
export function reportBad(progress: { skipped: number }, quiet: boolean) {
  return (err: BadRecordError): void => {
    progress.skipped++;
    if (!quiet) process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[2K' : ''}kavach: skipped ${err.message}\n`);
  };
}
