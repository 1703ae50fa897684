// anonymise = detect → decide (policy seam) → vault → rewrite in one pass.
import { randomUUID } from 'node:crypto';
import { detect } from './detect/detect.js';
import { assertText, Errors } from './errors.js';
import { auditedAnonymise, checkPolicyKey, policySpans, resolveDecider, type AuditOptions, type Decider, type PlanStep } from './decide/plan.js';
import type { DetectOptions, Entity } from './types.js';
import type { TokenMode, TokenRequest, Vault } from './vault/interface.js';
import { createMemoryVault } from './vault/memory.js';
import { recordSpellings } from './vault/spellings.js';
import { scanTokens } from './token.js';
import { assertSession, LITERAL_TYPE } from './vault/vault.js';

export interface AnonymiseOptions extends AuditOptions {
  /** Session id: the same value gets the same token across calls of one session. Default: a new UUID. */
  session?: string;
  /** A policy (object, preset name 'llm' | 'dataset' | 'strict', or a Decider function); resolved by `resolveDecider` (src/policy-seam.ts). Default: the `llm` preset. */
  policy?: unknown;
  /** Where mappings live. Default: the process-wide in-memory vault. */
  vault?: Vault;
  /** 'token' (default, `<PERSON_1>`), 'deterministic' (`<PERSON_k3f9…>`) or 'surrogate' (fake values). */
  mode?: TokenMode;
  /** Session lifetime when this call creates the session (ms or "30d"); default the vault's (90 days). */
  ttl?: number | string;
  /** Options for `detect` (entity types, minScore). */
  detect?: DetectOptions;
  /** Replace detection entirely (a custom pipeline); must return spans with UTF-16 offsets. */
  detector?: (text: string) => readonly Entity[];
  /**
   * Store a spelling sheet when a value is written in a spelling other than the session's first, so
   * `deanonymise` of exactly this output gives the input back byte for byte (default true;
   * src/vault/spellings.ts). A caller that returns only part of the output (records strip a field
   * label) turns it off and records the sheet for the part it returns.
   */
  spellings?: boolean;
}

export type AnonymiseAction = 'pseudonymise' | 'replace' | 'keep' | 'escape';

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

export interface AnonymiseResult {
  text: string;
  entities: AnonymisedEntity[];
  session: string;
}

let defaultVault: Vault | undefined;

/** The process-wide vault used when no `vault` option is given (in-memory, created on first use). */
export function getDefaultVault(): Vault {
  defaultVault ??= createMemoryVault();
  return defaultVault;
}

/** Replace the process-wide default vault (e.g. with a SQLite one at start-up). */
export function setDefaultVault(vault: Vault | undefined): void {
  defaultVault = vault;
}

const MODES: readonly TokenMode[] = ['token', 'deterministic', 'surrogate'];

/**
 * @internal Steps taken by the overlap sweeps below (each pointer advance and each span visited).
 * Not timing: test/hardening/anonymise-linear.test.ts checks that 10× the spans cost ~10× the steps.
 */
export const overlapWork = { steps: 0 };

interface Replacement {
  start: number;
  end: number;
  type: string;
  action: AnonymiseAction;
  /** pseudonymise/escape: filled after allocation. */
  text: string;
  mode?: TokenMode;
  entity?: Entity;
  /** For verification: token segments must scan back as exactly this token. */
  expectToken: boolean;
}

function checkOptions(options: unknown): asserts options is AnonymiseOptions {
  if (options === null || typeof options !== 'object') throw Errors.invalidOption('anonymise options must be an object');
  const o = options as AnonymiseOptions;
  if (o.mode !== undefined && !MODES.includes(o.mode)) {
    throw Errors.invalidOption('mode must be "token", "deterministic" or "surrogate"');
  }
  if (o.detector !== undefined && typeof o.detector !== 'function') throw Errors.invalidOption('detector must be a function');
}

/** Sorted, non-overlapping, in-bounds entities (custom detectors may return anything). */
function cleanEntities(text: string, found: readonly Entity[]): Entity[] {
  const sorted = found
    .filter((e) => Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.end <= text.length && e.start < e.end)
    .slice()
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

function checkStep(step: PlanStep): PlanStep {
  if (!step || typeof step !== 'object') throw Errors.invalidPolicy('a decider must return a plan step object');
  if (step.action === 'pseudonymise') {
    if (step.mode !== undefined && !MODES.includes(step.mode)) throw Errors.invalidPolicy('unknown pseudonymise mode');
    return step;
  }
  if (step.action === 'replace') {
    if (typeof step.text !== 'string') throw Errors.invalidPolicy('a replace step needs a text string');
    return step;
  }
  if (step.action === 'keep') return step;
  throw Errors.invalidPolicy('a plan step action must be pseudonymise, replace or keep');
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

/**
 * The spans of `spans` (sorted by start, disjoint) that overlap none of `reps` (sorted by start,
 * disjoint): one sweep with a pointer into `reps`.
 */
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

function build(input: string, reps: readonly Replacement[]): { text: string; out: Array<[number, number]> } {
  let text = '';
  let pos = 0;
  const out: Array<[number, number]> = [];
  for (const r of reps) {
    text += input.slice(pos, r.start);
    const s = text.length;
    text += r.text;
    out.push([s, text.length]);
    pos = r.end;
  }
  text += input.slice(pos);
  return { text, out };
}

/**
 * Replace personal data in `input` by tokens (or surrogates / policy replacements), storing the
 * originals encrypted in the vault before returning. Text that already looks like a token is escaped
 * the same way (type LITERAL), so `deanonymise(result.text)` gives back exactly `input`.
 */
export async function anonymise(input: string, options: AnonymiseOptions = {}): Promise<AnonymiseResult> {
  return auditedAnonymise(input, options, anonymiseCore);
}

async function anonymiseCore(input: string, options: AnonymiseOptions = {}): Promise<AnonymiseResult> {
  assertText(input);
  checkOptions(options);
  const vault = options.vault ?? getDefaultVault();
  const session = options.session ?? randomUUID();
  assertSession(session);
  const mode = options.mode ?? 'token';
  const decide: Decider = resolveDecider(options.policy);
  // A hashing policy without a key may not use a persistent vault (KEY_MISSING), on every path that
  // reaches here (plain calls, records, batches).
  checkPolicyKey(options.policy, vault);

  const found = policySpans(options.policy, input, options.detector ? options.detector(input) : detect(input, options.detect));
  const entities = cleanEntities(input, found);
  let reps: Replacement[] = [];
  const kept: Entity[] = [];
  const ctx = { text: input, session, mode };
  for (const e of entities) {
    const step = checkStep(decide(e, ctx));
    if (step.action === 'keep') kept.push(e);
    else if (step.action === 'replace') reps.push({ start: e.start, end: e.end, type: String(e.type), action: 'replace', text: step.text, entity: e, expectToken: false });
    else {
      const m = step.mode ?? mode;
      reps.push({ start: e.start, end: e.end, type: String(e.type), action: 'pseudonymise', text: '', mode: m, entity: e, expectToken: m !== 'surrogate' });
    }
  }
  // Token-shaped text already in the input is escaped, unless a replacement covers it.
  const literalMode: TokenMode = mode === 'deterministic' ? 'deterministic' : 'token';
  const escape = (start: number, end: number): Replacement => ({ start, end, type: LITERAL_TYPE, action: 'escape', text: '', mode: literalMode, expectToken: true });
  // Entities are sorted and disjoint, so `reps` is too, and the scanner's matches come in order.
  reps = mergeByStart(reps, notOverlapping(scanTokens(input), reps).map((m) => escape(m.start, m.end)));

  const allocate = async (pending: Replacement[]): Promise<void> => {
    if (pending.length === 0) return;
    const reqs: TokenRequest[] = pending.map((r) => ({
      session, type: r.type, value: input.slice(r.start, r.end), mode: r.mode,
      ...(options.ttl !== undefined ? { ttl: options.ttl } : {}),
    }));
    const tokens = await vault.tokenize(reqs);
    pending.forEach((r, i) => (r.text = tokens[i]!));
  };
  await allocate(reps.filter((r) => r.action === 'pseudonymise' || r.action === 'escape'));

  // Verify: every token-shaped span of the output must be one we inserted. Concatenation can create
  // new ones ("PERSON_1" + "<PERSON_2>" changes the look-ahead); escape those and rebuild. Each round
  // escapes at least one more input character, so this ends.
  let built = build(input, reps);
  for (let round = 0; round <= input.length; round++) {
    const extra: Replacement[] = [];
    const out = built.out;
    // Gap g is the original text between replacement g-1 and g: output [gapOut(g), gapEnd(g)) comes
    // from input [gapIn(g), …). Matches, replacements and gaps are all in order: one sweep each.
    const gapOut = (g: number): number => (g === 0 ? 0 : out[g - 1]![1]);
    const gapEnd = (g: number): number => (g < out.length ? out[g]![0] : built.text.length);
    const gapIn = (g: number): number => (g === 0 ? 0 : reps[g - 1]!.end);
    let k = 0;
    let g = 0;
    for (const m of scanTokens(built.text)) {
      overlapWork.steps++;
      while (k < out.length && out[k]![1] <= m.start) {
        overlapWork.steps++;
        k++;
      }
      if (k < out.length && out[k]![0] < m.end) {
        const [s, e] = out[k]!;
        const r = reps[k]!;
        if (r.expectToken && s === m.start && e === m.end && m.token === r.text) continue;
        if (r.action === 'pseudonymise' && !r.expectToken && m.start >= s && m.end <= e) continue; // inside a surrogate
        if (r.action === 'replace') throw Errors.invalidPolicy(`a replacement for ${r.type} looks like a token; choose another text`);
      }
      // Map the original characters the match covers back to input offsets: the gaps it meets.
      while (g < out.length && gapEnd(g) <= m.start) {
        overlapWork.steps++;
        g++;
      }
      let lo = Infinity;
      let hi = -Infinity;
      for (let h = g; h <= out.length && gapOut(h) < m.end; h++) {
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
    await allocate(fresh);
    reps = mergeByStart(reps, fresh);
    built = build(input, reps);
  }

  const report: AnonymisedEntity[] = reps.map((r, i) => {
    const [outStart, outEnd] = built.out[i]!;
    const e: AnonymisedEntity = { type: r.type, start: r.start, end: r.end, action: r.action, outStart, outEnd };
    if (r.action === 'pseudonymise' || r.action === 'escape') e.token = r.text;
    if (r.entity) {
      e.score = r.entity.score;
      e.detector = r.entity.detector;
    }
    return e;
  });
  // Kept entities are in order: one sweep carries the output shift of the replacements before each.
  let p = 0;
  let shift = 0;
  for (const k of kept) {
    overlapWork.steps++;
    while (p < reps.length && reps[p]!.end <= k.start) {
      overlapWork.steps++;
      shift += built.out[p]![1] - built.out[p]![0] - (reps[p]!.end - reps[p]!.start);
      p++;
    }
    if (p < reps.length && reps[p]!.start < k.end) continue;
    report.push({ type: String(k.type), start: k.start, end: k.end, action: 'keep', outStart: k.start + shift, outEnd: k.end + shift, score: k.score, detector: k.detector });
  }
  report.sort((a, b) => a.start - b.start);
  // Exact restore (issue 14, item 9; src/vault/spellings.ts): spellings that differ from the canonical one.
  if (options.spellings !== false) await recordSpellings(vault, session, input, built.text, report);
  return { text: built.text, entities: report, session };
}

/** US spelling. */
export const anonymize = anonymise;
