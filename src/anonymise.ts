// anonymise = detect → decide (policy seam) → vault → rewrite in one pass.
import { randomUUID } from 'node:crypto';
import { detect } from './engine.js';
import { assertText, KavachError } from './errors.js';
import { auditedAnonymise, policySpans, resolveDecider, type AuditOptions, type Decider, type PlanStep } from './policy-seam.js';
import type { DetectOptions, Entity } from './types.js';
import type { TokenMode, TokenRequest, Vault } from './vault/interface.js';
import { createMemoryVault } from './vault/memory.js';
import { scanTokens } from './vault/tokens.js';
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
  if (options === null || typeof options !== 'object') throw new KavachError('INVALID_OPTION', 'anonymise options must be an object');
  const o = options as AnonymiseOptions;
  if (o.mode !== undefined && !MODES.includes(o.mode)) {
    throw new KavachError('INVALID_OPTION', 'mode must be "token", "deterministic" or "surrogate"');
  }
  if (o.detector !== undefined && typeof o.detector !== 'function') throw new KavachError('INVALID_OPTION', 'detector must be a function');
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
  if (!step || typeof step !== 'object') throw new KavachError('INVALID_POLICY', 'a decider must return a plan step object');
  if (step.action === 'pseudonymise') {
    if (step.mode !== undefined && !MODES.includes(step.mode)) throw new KavachError('INVALID_POLICY', 'unknown pseudonymise mode');
    return step;
  }
  if (step.action === 'replace') {
    if (typeof step.text !== 'string') throw new KavachError('INVALID_POLICY', 'a replace step needs a text string');
    return step;
  }
  if (step.action === 'keep') return step;
  throw new KavachError('INVALID_POLICY', 'a plan step action must be pseudonymise, replace or keep');
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

  const found = policySpans(options.policy, input, options.detector ? options.detector(input) : detect(input, options.detect));
  const entities = cleanEntities(input, found);
  const reps: Replacement[] = [];
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
  for (const m of scanTokens(input)) {
    if (!reps.some((r) => r.start < m.end && m.start < r.end)) reps.push(escape(m.start, m.end));
  }
  reps.sort((a, b) => a.start - b.start);

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
    for (const m of scanTokens(built.text)) {
      const i = built.out.findIndex(([s, e]) => s < m.end && m.start < e);
      if (i >= 0) {
        const [s, e] = built.out[i]!;
        const r = reps[i]!;
        if (r.expectToken && s === m.start && e === m.end && m.token === r.text) continue;
        if (r.action === 'pseudonymise' && !r.expectToken && m.start >= s && m.end <= e) continue; // inside a surrogate
        if (r.action === 'replace') throw new KavachError('INVALID_POLICY', `a replacement for ${r.type} looks like a token; choose another text`);
      }
      // Map the original characters the match covers back to input offsets.
      let lo = Infinity;
      let hi = -Infinity;
      let inPos = 0;
      let outPos = 0;
      for (let k = 0; k <= reps.length; k++) {
        const segEnd = k < reps.length ? reps[k]!.start : input.length;
        const len = segEnd - inPos;
        const a = Math.max(m.start, outPos);
        const b = Math.min(m.end, outPos + len);
        if (a < b) {
          lo = Math.min(lo, inPos + (a - outPos));
          hi = Math.max(hi, inPos + (b - outPos));
        }
        if (k < reps.length) {
          outPos = built.out[k]![1];
          inPos = reps[k]!.end;
        }
      }
      if (lo >= hi) throw new KavachError('VAULT_ERROR', 'internal: inserted tokens are ambiguous');
      // Shrink to the part between replacements that contains it (it never spans one).
      extra.push(escape(lo, hi));
    }
    if (extra.length === 0) break;
    // One escape per original stretch is enough; merge overlapping proposals.
    extra.sort((a, b) => a.start - b.start);
    const merged: Replacement[] = [];
    for (const x of extra) {
      const last = merged[merged.length - 1];
      if (last && x.start < last.end) last.end = Math.max(last.end, x.end);
      else merged.push(x);
    }
    const fresh = merged.filter((x) => !reps.some((r) => r.start < x.end && x.start < r.end));
    if (fresh.length === 0) throw new KavachError('VAULT_ERROR', 'internal: could not escape token-shaped text');
    await allocate(fresh);
    reps.push(...fresh);
    reps.sort((a, b) => a.start - b.start);
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
  for (const k of kept) {
    if (reps.some((r) => r.start < k.end && k.start < r.end)) continue;
    const shift = reps.reduce((acc, r, i) => (r.end <= k.start ? acc + (built.out[i]![1] - built.out[i]![0]) - (r.end - r.start) : acc), 0);
    report.push({ type: String(k.type), start: k.start, end: k.end, action: 'keep', outStart: k.start + shift, outEnd: k.end + shift, score: k.score, detector: k.detector });
  }
  report.sort((a, b) => a.start - b.start);
  return { text: built.text, entities: report, session };
}

/** US spelling. */
export const anonymize = anonymise;
