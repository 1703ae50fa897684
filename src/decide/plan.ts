// The plan: what anonymise does with each found span. One vocabulary for every stage after detect:
// a policy names an Action per type; a plan turns each entity into a PlanStep (pseudonymise through
// the vault, replace by a text, keep); anonymise reports each span with a StepAction (or 'escape').
// `policy | preset | decider → plan`: a Decider becomes a plan here (`deciderPlan`); a policy or a
// preset is compiled with its operators and bound to key material in src/transform/compile.ts.
import { Errors } from '../errors.js';
import type { Entity } from '../types.js';

/**
 * How a reversible replacement is named (the vault's token modes): `token` `<PERSON_1>` (numbered per
 * session), `deterministic` `<PERSON_k3f9…>` (keyed HMAC), `surrogate` (a realistic fake value).
 */
export type TokenMode = 'token' | 'deterministic' | 'surrogate';

export const TOKEN_MODES: readonly TokenMode[] = ['token', 'deterministic', 'surrogate'];

/** What a policy does with one kind of found value (the operators of src/transform/operators/). */
export const ACTIONS = ['pseudonymise', 'generalise', 'mask', 'redact', 'hash', 'keep'] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * What happens to one span: a reversible token or surrogate from the vault in its place (`pseudonymise`;
 * `mode` overrides the call's), fixed `text` in its place (`replace`: generalise, mask, redact, hash;
 * not reversible, not stored), or nothing (`keep`). `via` is the policy action that chose it (the
 * audit trail counts by it); a Decider may leave it out.
 */
export type PlanStep =
  | { readonly action: 'pseudonymise'; readonly mode?: TokenMode; readonly via?: 'pseudonymise' }
  | { readonly action: 'replace'; readonly text: string; readonly via?: Exclude<Action, 'pseudonymise' | 'keep'> }
  | { readonly action: 'keep'; readonly via?: 'keep' };

/** A step a compiled policy made: it always says which policy action made it. */
export type Decision = PlanStep & { readonly via: Action };

/** The three things a step does. */
export type StepAction = PlanStep['action'];

/** What anonymise reports per span: a step's action, or `escape` (token-shaped input made literal). */
export type AnonymiseAction = StepAction | 'escape';

export const PSEUDONYMISE: Decision = Object.freeze({ action: 'pseudonymise', via: 'pseudonymise' });
export const KEEP: Decision = Object.freeze({ action: 'keep', via: 'keep' });

export interface DecideContext {
  /** The whole input (for context-dependent decisions). */
  readonly text: string;
  readonly session: string;
  /** The call's default mode. */
  readonly mode: TokenMode;
}

/** Decides per entity. Must be synchronous and pure (it runs once per entity per call). */
export type Decider = (entity: Readonly<Entity>, context: DecideContext) => PlanStep;

/** What anonymise follows: a policy bound to its key material, or a Decider. */
export interface Plan {
  /** The policy's name (kept in the audit trail); undefined for a bare Decider. */
  readonly name: string | undefined;
  readonly decide: Decider;
  /** The detected entities plus the spans the plan finds itself (the money pass), sorted by start. */
  spans(text: string, found: readonly Entity[]): readonly Entity[];
  /**
   * True when the plan hashes with the random per-process key (no secret, no master key): fine with
   * an ephemeral in-memory vault only; anonymise refuses it with a persistent one (KEY_MISSING).
   */
  readonly processKeyed: boolean;
}

/** Every entity becomes a token (what a bare function-free pipeline did before policies). */
export const pseudonymiseAll: Decider = () => PSEUDONYMISE;

/** The plan of a Decider: its steps, no spans of its own, no key. */
export function deciderPlan(decide: Decider): Plan {
  return { name: undefined, decide, spans: (_text, found) => found, processKeyed: false };
}

/** True for a plan (a bound policy): an object with `decide` and `spans` functions (plain policy data has neither). */
export function isPlan(p: unknown): p is Plan {
  return typeof p === 'object' && p !== null && typeof (p as Plan).decide === 'function' && typeof (p as Plan).spans === 'function';
}

/** Check what a Decider returned (INVALID_POLICY otherwise). */
export function checkStep(step: PlanStep): PlanStep {
  if (!step || typeof step !== 'object') throw Errors.invalidPolicy('a decider must return a plan step object');
  if (step.action === 'pseudonymise') {
    if (step.mode !== undefined && !TOKEN_MODES.includes(step.mode)) throw Errors.invalidPolicy('unknown pseudonymise mode');
    return step;
  }
  if (step.action === 'replace') {
    if (typeof step.text !== 'string') throw Errors.invalidPolicy('a replace step needs a text string');
    return step;
  }
  if (step.action === 'keep') return step;
  throw Errors.invalidPolicy('a plan step action must be pseudonymise, replace or keep');
}
