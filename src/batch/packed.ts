/**
 * Detect results cross the thread boundary packed. A worker's answer is one Entity object per span,
 * each with three strings (type, text, detector); structured clone copies them one by one. Measured on
 * the corpus twice over (0.93 MB, 21,422 spans): 12.1 ms to serialise in the worker and 38.3 ms to
 * deserialise in the caller, against 1.9 ms and 12.4 ms packed as typed arrays, where the caller
 * rebuilds each Entity (its text sliced from the caller's own copy of the input, type and detector
 * names from one table). The caller's thread is the one every worker waits on, so its share matters
 * most. The rebuilt objects equal the originals field for field, in the same key order.
 */
import type { PlannedText } from '../anonymise.js';
import { Errors } from '../errors.js';
import { EntityObject } from '../text/plain.js';
import { replacement, type KeptSpan, type Replacement } from '../transform/rewrite.js';
import type { TokenMode } from '../vault/interface.js';
import type { Entity } from '../types.js';

export interface PackedSpans {
  readonly packed: 'spans-v1';
  /** Spans per text, in task order. */
  readonly counts: Int32Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly scores: Float64Array;
  /** Index into `names` of each span's type and detector. */
  readonly types: Uint16Array;
  readonly detectors: Uint16Array;
  readonly names: string[];
}

/** Names a pack may hold: indices are 16-bit, and the last one stands for `undefined`. */
const MAX_NAMES = 0xffff;
const NONE = MAX_NAMES;

/** The names a pack refers to by index (types, detectors, actions, modes), each sent once. */
class NameTable {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  indexOf(s: string | undefined): number {
    if (s === undefined) return NONE;
    let k = this.index.get(s);
    if (k === undefined) {
      k = this.names.length;
      this.index.set(s, k);
      this.names.push(s);
    }
    return k;
  }
}

/**
 * Pack one task's results. Results with an explanation (`explain: true`, off the hot path) and the
 * (never seen) case of more than 65,535 distinct names go as they are.
 */
export function packSpans(results: readonly Entity[][]): PackedSpans | Entity[][] {
  let total = 0;
  for (const r of results) total += r.length;
  const counts = new Int32Array(results.length);
  const starts = new Int32Array(total);
  const ends = new Int32Array(total);
  const scores = new Float64Array(total);
  const types = new Uint16Array(total);
  const detectors = new Uint16Array(total);
  const table = new NameTable();
  const names = table.names;
  let j = 0;
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    counts[i] = r.length;
    for (const e of r) {
      if (e.explanation !== undefined) return results as Entity[][];
      starts[j] = e.start;
      ends[j] = e.end;
      scores[j] = e.score;
      types[j] = table.indexOf(e.type);
      detectors[j] = table.indexOf(e.detector);
      // Checked after indexing: no real name may get the index NONE stands for.
      if (names.length >= MAX_NAMES) return results as Entity[][];
      j++;
    }
  }
  return { packed: 'spans-v1', counts, starts, ends, scores, types, detectors, names };
}

/** The results of a detect task over `texts` (the task's own texts, in order), packed or not. */
export function unpackSpans(texts: readonly string[], r: PackedSpans | Entity[][]): Entity[][] {
  if (Array.isArray(r)) return r;
  if (r.counts.length !== texts.length) throw Errors.internal('packed spans are for another task');
  const reader = new SpanReader(r);
  const out: Entity[][] = new Array(texts.length);
  for (let i = 0; i < texts.length; i++) out[i] = reader.next(texts[i]!);
  reader.end();
  return out;
}

/**
 * Reads a task's spans text by text, in task order, each text given when its spans are read (the
 * records task's texts are made again by the caller's walk of its records, src/records/scan.ts).
 */
export class SpanReader {
  private i = 0;
  private j = 0;

  constructor(private readonly r: PackedSpans | Entity[][]) {}

  /** The spans of the next text, which is `text`. */
  next(text: string): Entity[] {
    const r = this.r;
    if (Array.isArray(r)) {
      if (this.i >= r.length) throw Errors.internal('packed spans are shorter than their task');
      return r[this.i++]!;
    }
    const { counts, starts, ends, scores, types, detectors, names } = r;
    if (this.i >= counts.length) throw Errors.internal('packed spans are shorter than their task');
    const n = counts[this.i++]!;
    let j = this.j;
    if (j + n > starts.length) throw Errors.internal('packed spans are shorter than their counts');
    const spans: Entity[] = new Array(n);
    for (let k = 0; k < n; k++, j++) {
      const start = starts[j]!;
      const end = ends[j]!;
      // An Entity as detect() builds it (src/resolve/detect.ts, src/text/plain.ts).
      spans[k] = new EntityObject(names[types[j]!]!, start, end, text.slice(start, end), scores[j]!, names[detectors[j]!]!);
    }
    this.j = j;
    return spans;
  }

  /** Check that every text's spans were read. */
  end(): void {
    const r = this.r;
    if (Array.isArray(r) ? this.i !== r.length : this.i !== r.counts.length || this.j !== r.starts.length) throw Errors.internal('packed spans are longer than their counts');
  }
}

/**
 * Plans (the `plan` task of a pseudonymising policy) cross the same boundary packed: structured clone
 * of the corpus twice over (15,286 replacements, 6,136 kept spans) cost 22.5 ms to serialise in the
 * worker and 66.9 ms to deserialise in the caller, whose thread also allocates every token. Packed, a
 * replacement's numbers go in typed arrays, its type, action, mode and detector as indices into one
 * name table, and only its non-empty text as a string. Only what the report needs travels (no
 * detected text); the caller gets objects of the same fields, in the same order.
 */
export interface PackedPlans {
  readonly packed: 'plans-v1';
  readonly repCounts: Int32Array;
  readonly keptCounts: Int32Array;
  /** Per replacement: start, end, outStart, outEnd. */
  readonly repInts: Int32Array;
  readonly repScores: Float64Array;
  /** Per replacement: type, action, mode, detector (NONE: undefined). */
  readonly repNames: Uint16Array;
  /** Per replacement: EXPECT_TOKEN | ENTITY. */
  readonly repFlags: Uint8Array;
  /** Index into `texts` of a replacement's text, -1 for ''. */
  readonly repTexts: Int32Array;
  readonly texts: string[];
  /** Per kept span: start, end. */
  readonly keptInts: Int32Array;
  readonly keptScores: Float64Array;
  /** Per kept span: type, detector. */
  readonly keptNames: Uint16Array;
  readonly names: string[];
}

const EXPECT_TOKEN = 1;
const ENTITY = 2;

/** Pack one plan task's plans (falls back to the plans as they are past 65,535 distinct names). */
export function packPlans(plans: ReadonlyArray<{ reps: readonly Replacement[]; kept: readonly KeptSpan[] }>): PackedPlans | PlannedText[] {
  let nr = 0;
  let nk = 0;
  for (const p of plans) {
    nr += p.reps.length;
    nk += p.kept.length;
  }
  const repCounts = new Int32Array(plans.length);
  const keptCounts = new Int32Array(plans.length);
  const repInts = new Int32Array(nr * 4);
  const repScores = new Float64Array(nr);
  const repNames = new Uint16Array(nr * 4);
  const repFlags = new Uint8Array(nr);
  const repTexts = new Int32Array(nr);
  const texts: string[] = [];
  const keptInts = new Int32Array(nk * 2);
  const keptScores = new Float64Array(nk);
  const keptNames = new Uint16Array(nk * 2);
  const table = new NameTable();
  const names = table.names;
  let r = 0;
  let k = 0;
  for (let i = 0; i < plans.length; i++) {
    const p = plans[i]!;
    repCounts[i] = p.reps.length;
    keptCounts[i] = p.kept.length;
    for (const x of p.reps) {
      repInts[r * 4] = x.start;
      repInts[r * 4 + 1] = x.end;
      repInts[r * 4 + 2] = x.outStart;
      repInts[r * 4 + 3] = x.outEnd;
      repNames[r * 4] = table.indexOf(x.type);
      repNames[r * 4 + 1] = table.indexOf(x.action);
      repNames[r * 4 + 2] = table.indexOf(x.mode);
      repNames[r * 4 + 3] = table.indexOf(x.entity?.detector);
      repScores[r] = x.entity ? x.entity.score : 0;
      repFlags[r] = (x.expectToken ? EXPECT_TOKEN : 0) | (x.entity ? ENTITY : 0);
      repTexts[r] = x.text === '' ? -1 : texts.push(x.text) - 1;
      r++;
    }
    for (const x of p.kept) {
      keptInts[k * 2] = x.start;
      keptInts[k * 2 + 1] = x.end;
      keptNames[k * 2] = table.indexOf(x.type);
      keptNames[k * 2 + 1] = table.indexOf(x.detector);
      keptScores[k] = x.score;
      k++;
    }
    if (names.length >= MAX_NAMES) return plans.map(slimPlan);
  }
  return { packed: 'plans-v1', repCounts, keptCounts, repInts, repScores, repNames, repFlags, repTexts, texts, keptInts, keptScores, keptNames, names };
}

/** A plan as it travels unpacked: the same fields as `unpackPlans` gives, no detected text. */
function slimPlan(p: { reps: readonly Replacement[]; kept: readonly KeptSpan[] }): PlannedText {
  return {
    reps: p.reps.map((x) => ({ ...x, entity: x.entity ? { score: x.entity.score, detector: x.entity.detector } : undefined })),
    kept: p.kept.map((e) => ({ type: e.type, start: e.start, end: e.end, score: e.score, detector: e.detector })),
  };
}

/** The plans of a plan task of `count` texts, packed or not. */
export function unpackPlans(count: number, packed: PackedPlans | PlannedText[]): PlannedText[] {
  if (Array.isArray(packed)) return packed;
  const { repCounts, keptCounts, repInts, repScores, repNames, repFlags, repTexts, texts, keptInts, keptScores, keptNames, names } = packed;
  if (repCounts.length !== count || keptCounts.length !== count) throw Errors.internal('packed plans are for another task');
  const name = (i: number): string | undefined => (i === NONE ? undefined : names[i]);
  const out: PlannedText[] = new Array(count);
  let r = 0;
  let k = 0;
  for (let i = 0; i < count; i++) {
    const nr = repCounts[i]!;
    const nk = keptCounts[i]!;
    if (r + nr > repScores.length || k + nk > keptScores.length) throw Errors.internal('packed plans are shorter than their counts');
    const reps: Replacement[] = new Array(nr);
    for (let j = 0; j < nr; j++, r++) {
      const flags = repFlags[r]!;
      const t = repTexts[r]!;
      const rep = replacement(
        repInts[r * 4]!,
        repInts[r * 4 + 1]!,
        names[repNames[r * 4]!]!,
        names[repNames[r * 4 + 1]!] as Replacement['action'],
        t < 0 ? '' : texts[t]!,
        name(repNames[r * 4 + 2]!) as TokenMode | undefined,
        (flags & EXPECT_TOKEN) !== 0,
        flags & ENTITY ? { score: repScores[r]!, detector: names[repNames[r * 4 + 3]!]! } : undefined,
      );
      rep.outStart = repInts[r * 4 + 2]!;
      rep.outEnd = repInts[r * 4 + 3]!;
      reps[j] = rep;
    }
    const kept: KeptSpan[] = new Array(nk);
    for (let j = 0; j < nk; j++, k++) {
      kept[j] = { type: names[keptNames[k * 2]!]!, start: keptInts[k * 2]!, end: keptInts[k * 2 + 1]!, score: keptScores[k]!, detector: names[keptNames[k * 2 + 1]!]! };
    }
    out[i] = { reps, kept };
  }
  if (r !== repScores.length || k !== keptScores.length) throw Errors.internal('packed plans are longer than their counts');
  return out;
}

/** A task's answer as `runTask` gave it, with detect spans and plans unpacked for the task's texts. */
export function unpackAnswer(task: { readonly op: string; readonly texts?: readonly string[] }, answer: unknown): unknown {
  // A records task's spans are read record by record, by the caller's walk (`SpanReader`).
  if (task.texts === undefined) return answer;
  if (task.op === 'detect') return unpackSpans(task.texts, answer as PackedSpans | Entity[][]);
  if (task.op === 'plan') return unpackPlans(task.texts.length, answer as PackedPlans | PlannedText[]);
  return answer;
}
