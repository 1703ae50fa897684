import type { Decision } from '../../decide/plan.js';

/**
 * The shape every operator shares. An operator is chosen per entity type by a policy (its Action,
 * src/decide/plan.ts); its parameters are checked once when the policy is compiled (`prepare`), and
 * the prepared function runs per found value and returns the Decision for that value.
 */

/** Key material bound when an engine is built. */
export interface OperatorEnv {
  /** HMAC key for `hash` (already derived for this purpose; at least 16 bytes). */
  readonly hashKey?: Uint8Array;
  /** `hash` keeps its recent outputs for this env (a batch job's; see HashMemo in hash.ts). */
  readonly hashMemo?: boolean;
}

/** A prepared operator: one call per found value. */
export type Apply = (value: string, type: string, env: OperatorEnv) => Decision;
