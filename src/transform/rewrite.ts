// The one-pass rewrite: a plan's steps become replacements, token-shaped input is escaped, the output
// is built once with `+=` (PERF-NOTES §3.5: 5.8 GB/s against 0.47 for parts.join) and checked so that
// every token-shaped span in it is one that was inserted. Tokens come from the vault through the
// `allocate` callback (this stage does not know the vault).
import { Errors } from '../errors.js';
import { checkStep, type AnonymiseAction, type DecideContext, type Plan, type TokenMode } from '../decide/plan.js';
import { isPlainToken, scanTokens, scanTokensExcept, type TokenMatch } from '../token.js';
import { ReportObject } from '../text/plain.js';
import { keepShape } from '../text/shapes.js';
import type { Entity } from '../types.js';

/**
 * @internal Steps taken by the overlap sweeps below (each pointer advance and each span visited).
 * Not timing: test/hardening/anonymise-linear.test.ts checks that 10× the spans cost ~10× the steps.
 */
export const overlapWork = { steps: 0 };

/** One span of the input and what takes its place. */
export interface Replacement {
  start: number;
  end: number;
  type: string;
  action: AnonymiseAction;
  /** The replacing text; pseudonymise/escape: filled by `allocate`. */
  text: string;
  mode?: TokenMode;
  /** The detected span's score and detector (for the report); not its text, so a plan travels light. */
  entity?: SpanFacts;
  /** For verification: token segments must scan back as exactly this token. */
  expectToken: boolean;
  /** Where `text` landed in the output (set by the rewrite). */
  outStart: number;
  outEnd: number;
}

/** What the report keeps of a detected span (a replacement's or a kept one's). */
export type SpanFacts = Pick<Entity, 'score' | 'detector'>;

/** A span the plan keeps as it is: what the report says about it. */
export type KeptSpan = Pick<Entity, 'type' | 'start' | 'end' | 'score' | 'detector'>;

/** Gives pseudonymise and escape replacements their token (in order: the vault allocates in order). */
export interface Allocator {
  allocate(pending: Replacement[]): Promise<void>;
}

/** Sorted, non-overlapping, in-bounds entities (custom detectors may return anything). */
export function cleanEntities(text: string, found: readonly Entity[]): readonly Entity[] {
  // Detection's own output already is (sorted, disjoint, in bounds): checked in one pass, used as is.
  let last = 0;
  let clean = true;
  for (let i = 0; i < found.length && clean; i++) {
    const e = found[i]!;
    clean = Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= last && e.start < e.end && e.end <= text.length;
    last = e.end;
  }
  if (clean) return found;
  return sortedDisjoint(text, found);
}

function sortedDisjoint(text: string, found: readonly Entity[]): Entity[] {
  const sorted = found
    .filter((e) => Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.end <= text.length && e.start < e.end)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Entity[] = [];
  let last = 0;
  for (const e of sorted) {
    if (e.start < last) continue;
    out.push(e);
    last = e.end;
  }
  return out;
}

/**
 * A replacement as a class instance, not a literal: every replacement of a call lives until its
 * vault answers, so a literal's allocation site would be pretenured (src/text/plain.ts).
 */
class Rep implements Replacement {
  outStart = 0;
  outEnd = 0;
  constructor(
    public start: number,
    public end: number,
    public type: string,
    public action: AnonymiseAction,
    public text: string,
    public mode: TokenMode | undefined,
    public entity: SpanFacts | undefined,
    public expectToken: boolean,
  ) {}
}
keepShape(new Rep(0, 0, '', 'escape', '', undefined, undefined, false));

/** A replacement of `start`..`end` (output offsets not yet known). */
export function replacement(start: number, end: number, type: string, action: AnonymiseAction, text: string, mode: TokenMode | undefined, expectToken: boolean, entity?: SpanFacts): Replacement {
  return new Rep(start, end, type, action, text, mode, entity, expectToken);
}

/**
 * Follow the plan for each entity (sorted, disjoint): the replacements, and the spans kept. Both refer
 * to the entities themselves; a plan that travels to another thread keeps only what the report needs (`packPlans`, src/batch/packed.ts).
 */
export function planReplacements(entities: readonly Entity[], plan: Plan, ctx: DecideContext): { reps: Replacement[]; kept: KeptSpan[] } {
  const reps: Replacement[] = [];
  const kept: KeptSpan[] = [];
  for (const e of entities) {
    const step = checkStep(plan.decide(e, ctx));
    const type = String(e.type);
    if (step.action === 'keep') kept.push(e);
    else if (step.action === 'replace') reps.push(replacement(e.start, e.end, type, 'replace', step.text, undefined, false, e));
    else {
      const m = step.mode ?? ctx.mode;
      reps.push(replacement(e.start, e.end, type, 'pseudonymise', '', m, m !== 'surrogate', e));
    }
  }
  return { reps, kept };
}

/** Merge two lists sorted by start into one (linear; both hold disjoint spans of the input). */
function mergeByStart(a: readonly Replacement[], b: readonly Replacement[]): Replacement[] {
  const out: Replacement[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    overlapWork.steps++;
    if (j >= b.length || (i < a.length && a[i]!.start <= b[j]!.start)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

/** The spans of `spans` (sorted, disjoint) that overlap none of `reps` (sorted, disjoint): one sweep. */
function notOverlapping<T extends { start: number; end: number }>(spans: readonly T[], reps: readonly Replacement[]): T[] {
  const out: T[] = [];
  let j = 0;
  for (const x of spans) {
    overlapWork.steps++;
    while (j < reps.length && reps[j]!.end <= x.start) {
      overlapWork.steps++;
      j++;
    }
    if (!(j < reps.length && reps[j]!.start < x.end)) out.push(x);
  }
  return out;
}

/** The output text, recording where each replacement landed. */
function build(input: string, reps: readonly Replacement[]): string {
  let text = '';
  let pos = 0;
  for (const r of reps) {
    text += input.slice(pos, r.start);
    r.outStart = text.length;
    text += r.text;
    r.outEnd = text.length;
    pos = r.end;
  }
  return text + input.slice(pos);
}

/** Whether the replacements are pseudonymise/escape (they need a token). */
const needsToken = (r: Replacement): boolean => r.action === 'pseudonymise' || r.action === 'escape';

/**
 * Escapes for the token-shaped spans of `text` (the output) that are not what was inserted: each mapped
 * back to the input characters it covers. Matches, replacements and gaps are all in order: one sweep.
 */
function strayTokens(text: string, reps: readonly Replacement[], escape: (start: number, end: number) => Replacement): Replacement[] {
  const extra: Replacement[] = [];
  // Gap g is the original text between replacement g-1 and g: output [gapOut(g), gapEnd(g)) comes
  // from input [gapIn(g), …).
  const gapOut = (g: number): number => (g === 0 ? 0 : reps[g - 1]!.outEnd);
  const gapEnd = (g: number): number => (g < reps.length ? reps[g]!.outStart : text.length);
  const gapIn = (g: number): number => (g === 0 ? 0 : reps[g - 1]!.end);
  let k = 0;
  let g = 0;
  // A run of token characters that is exactly a token this call inserted scans to that token alone,
  // which the loop below passes over: such runs are not scanned (most of the output's underscores).
  let p = 0;
  const inserted = (s: number, e: number): boolean => {
    while (p < reps.length && reps[p]!.outEnd <= s) p++;
    const r = reps[p];
    return r !== undefined && r.expectToken && r.outStart === s && r.outEnd === e && isPlainToken(r.text);
  };
  for (const m of scanTokensExcept(text, inserted)) {
    overlapWork.steps++;
    while (k < reps.length && reps[k]!.outEnd <= m.start) {
      overlapWork.steps++;
      k++;
    }
    if (k < reps.length && reps[k]!.outStart < m.end) {
      const r = reps[k]!;
      if (r.expectToken && r.outStart === m.start && r.outEnd === m.end && m.token === r.text) continue;
      if (r.action === 'pseudonymise' && !r.expectToken && m.start >= r.outStart && m.end <= r.outEnd) continue; // inside a surrogate
      if (r.action === 'replace') throw Errors.invalidPolicy(`a replacement for ${r.type} looks like a token; choose another text`);
    }
    while (g < reps.length && gapEnd(g) <= m.start) {
      overlapWork.steps++;
      g++;
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (let h = g; h <= reps.length && gapOut(h) < m.end; h++) {
      overlapWork.steps++;
      const a = Math.max(m.start, gapOut(h));
      const b = Math.min(m.end, gapEnd(h));
      if (a < b) {
        lo = Math.min(lo, gapIn(h) + (a - gapOut(h)));
        hi = Math.max(hi, gapIn(h) + (b - gapOut(h)));
      }
    }
    if (lo >= hi) throw Errors.internal('inserted tokens are ambiguous');
    extra.push(escape(lo, hi));
  }
  return extra;
}

/**
 * The token-shaped spans of `text`. Every token body has an underscore between its TYPE and SUFFIX
 * (src/token.ts `canonicalToken`), so text without one holds none and is not scanned: the scanner
 * tries a match at every word (≈ 50 µs per KB), `indexOf` looks at 1 KB in well under 1 µs.
 */
export function tokensIn(text: string): TokenMatch[] {
  return text.indexOf('_') < 0 ? [] : scanTokens(text);
}


/**
 * Whether the output must be scanned for token-shaped text that was not inserted (`strayTokens`).
 * Every token body holds an underscore (`canonicalToken`), so a stray match needs one. When the input
 * has none and no replacement text but a plain token has one, every underscore of the output lies in
 * a plain token's body, and the scanner's match there is that token itself: its '<' cannot end or
 * continue an earlier match, an input '\\' before it only makes an escaped bracket that the scanner
 * drops again, and its '>' closes it. So the scan (≈ 15% of anonymise after detect on 1 KB texts)
 * would find exactly the inserted tokens, and is skipped. test/transform/output-scan.test.ts checks
 * this against the scan on adversarial neighbours.
 */
export function outputNeedsScan(input: string, reps: readonly Replacement[]): boolean {
  if (input.indexOf('_') >= 0) return true;
  for (let i = 0; i < reps.length; i++) {
    const r = reps[i]!;
    if (r.expectToken && needsToken(r) ? !isPlainToken(r.text) : r.text.indexOf('_') >= 0) return true;
  }
  return false;
}

/** The input's token-shaped text becomes `literal` replacements (escaped): which type and mode. */
export interface LiteralEscape {
  type: string;
  mode: TokenMode;
}

/**
 * Rewrite `input` with `reps` (sorted, disjoint): token-shaped text already in the input is escaped
 * unless a replacement covers it; tokens are allocated; the output is built and verified. Concatenation
 * can create new token-shaped text ("PERSON_1" + "<PERSON_2>" changes the look-ahead): those stretches
 * are escaped too and the output rebuilt. Each round escapes at least one more input character, so
 * this ends. Returns the output and every replacement, sorted, with its output offsets.
 */
export async function rewrite(input: string, planned: readonly Replacement[], literal: LiteralEscape, tokens: Allocator): Promise<{ text: string; reps: Replacement[] }> {
  return finishRewrite(input, withInputEscapes(input, planned, literal), literal, tokens);
}

/**
 * The first, synchronous half of `rewrite` (it needs no vault): the planned replacements plus an escape
 * for every token-shaped stretch of the input that none of them covers, sorted.
 */
export function withInputEscapes(input: string, planned: readonly Replacement[], literal: LiteralEscape): Replacement[] {
  const found = tokensIn(input);
  if (found.length === 0) return planned.slice();
  return mergeByStart(planned, notOverlapping(found, planned).map((m) => replacement(m.start, m.end, literal.type, 'escape', '', literal.mode, true)));
}

/**
 * The second half of `rewrite`: allocate the tokens of `prepared` (from `withInputEscapes`; its first
 * vault request is issued before this returns its promise), build the output and verify it.
 */
export async function finishRewrite(input: string, prepared: Replacement[], literal: LiteralEscape, tokens: Allocator): Promise<{ text: string; reps: Replacement[] }> {
  const escape = (start: number, end: number): Replacement => replacement(start, end, literal.type, 'escape', '', literal.mode, true);
  let reps = prepared;
  await tokens.allocate(reps.filter(needsToken));
  let text = build(input, reps);
  if (!outputNeedsScan(input, reps)) return { text, reps };
  for (let round = 0; round <= input.length; round++) {
    const extra = strayTokens(text, reps, escape);
    if (extra.length === 0) break;
    // One escape per original stretch is enough; merge overlapping proposals. They come in order (the
    // gap map is monotonic); the sort is a linear pass over sorted input (TimSort) kept as a guard.
    extra.sort((a, b) => a.start - b.start);
    const merged: Replacement[] = [];
    for (const x of extra) {
      overlapWork.steps++;
      const last = merged[merged.length - 1];
      if (last && x.start < last.end) last.end = Math.max(last.end, x.end);
      else merged.push(x);
    }
    const fresh = notOverlapping(merged, reps);
    if (fresh.length === 0) throw Errors.internal('could not escape token-shaped text');
    await tokens.allocate(fresh);
    reps = mergeByStart(reps, fresh);
    text = build(input, reps);
  }
  return { text, reps };
}

/** One decision, without the original value. Offsets: `start`/`end` in the input, `outStart`/`outEnd` in `text`. */
export interface AnonymisedEntity {
  type: string;
  start: number;
  end: number;
  action: AnonymiseAction;
  /** Token or surrogate that replaced the value (pseudonymise and escape). */
  token?: string;
  outStart: number;
  outEnd: number;
  score?: number;
  detector?: string;
}

/**
 * One replacement's report entry, in the key order the report has always had: a plain object from a
 * constructor (src/text/plain.ts), whose optional fields V8's slack tracking keeps inside the object.
 */
function reported(r: Replacement): AnonymisedEntity {
  return new ReportObject(r.type, r.start, r.end, r.action, r.outStart, r.outEnd, needsToken(r) ? r.text : undefined, r.entity) as AnonymisedEntity;
}

/** What was replaced and what was kept, sorted by input offset, each with its place in the output. */
export function reportEntities(reps: readonly Replacement[], kept: readonly KeptSpan[]): AnonymisedEntity[] {
  if (kept.length === 0) {
    const report: AnonymisedEntity[] = new Array(reps.length);
    for (let i = 0; i < reps.length; i++) report[i] = reported(reps[i]!);
    return report;
  }
  // Both lists are in order and a kept span overlapping a replacement is dropped: one merging sweep,
  // which also carries the output shift of the replacements before each kept span (no sort after).
  const report: AnonymisedEntity[] = [];
  let p = 0;
  let shift = 0;
  for (const k of kept) {
    overlapWork.steps++;
    while (p < reps.length && reps[p]!.end <= k.start) {
      overlapWork.steps++;
      const r = reps[p++]!;
      shift += r.outEnd - r.outStart - (r.end - r.start);
      report.push(reported(r));
    }
    if (p < reps.length && reps[p]!.start < k.end) continue;
    report.push(new ReportObject(String(k.type), k.start, k.end, 'keep', k.start + shift, k.end + shift, undefined, k) as AnonymisedEntity);
  }
  while (p < reps.length) report.push(reported(reps[p++]!));
  return report;
}

/** A replaced occurrence written differently from its token's canonical spelling (output offsets). */
export interface SpellingDifference {
  start: number;
  end: number;
  token: string;
  surface: string;
}

/**
 * The spelling sheet of a call whose session is new (src/vault/spellings.ts): every token was created
 * by this call's allocations, in order, so its canonical spelling is the first value allocated for it
 * and no vault read is needed. `allocated` lists the replacements in allocation order.
 */
export function freshSessionSpellings(input: string, allocated: readonly Replacement[]): SpellingDifference[] {
  // Each token's first replacement; spellings are compared in the input, sliced only when they differ.
  const first = new Map<string, Replacement>();
  const out: SpellingDifference[] = [];
  for (const r of allocated) {
    const canonical = first.get(r.text);
    if (canonical === undefined) first.set(r.text, r);
    else if (!sameSpan(input, canonical, r)) out.push({ start: r.outStart, end: r.outEnd, token: r.text, surface: input.slice(r.start, r.end) });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Whether two spans of `input` hold the same characters. */
function sameSpan(input: string, a: Replacement, b: Replacement): boolean {
  const n = a.end - a.start;
  if (b.end - b.start !== n) return false;
  for (let i = 0; i < n; i++) if (input.charCodeAt(a.start + i) !== input.charCodeAt(b.start + i)) return false;
  return true;
}
