// The seam between the pseudonymisation pipeline and policies (per-type actions: generalise, mask,
// redact, hash, keep). `anonymise` asks a Decider what to do with each detected entity; this file
// turns the `policy` option into that Decider. The policy engineer replaces `resolveDecider` (and may
// add files); nothing else in the pipeline needs to change.
import type { Entity } from './types.js';
import type { TokenMode } from './vault/interface.js';

/** What to do with one entity. */
export type PlanStep =
  /** Replace by a reversible token or surrogate from the vault (`mode` overrides the call's mode). */
  | { action: 'pseudonymise'; mode?: TokenMode }
  /** Replace by fixed text (mask, redact, generalise, hash...). Not reversible; not stored. */
  | { action: 'replace'; text: string }
  /** Leave the original text in place. */
  | { action: 'keep' };

export interface DecideContext {
  /** The whole input (for context-dependent decisions). */
  readonly text: string;
  readonly session: string;
  /** The call's default mode. */
  readonly mode: TokenMode;
}

/** Decides per entity. Must be synchronous and pure (it runs once per entity per call). */
export type Decider = (entity: Readonly<Entity>, context: DecideContext) => PlanStep;

/** The default: every entity becomes a token. */
export const pseudonymiseAll: Decider = () => ({ action: 'pseudonymise' });

/**
 * Build the Decider for a `policy` option. Today: no policy → pseudonymise everything; a function is
 * used as the Decider itself; anything else also gets the default until policies land.
 */
export function resolveDecider(policy: unknown): Decider {
  if (typeof policy === 'function') return policy as Decider;
  return pseudonymiseAll;
}
