/**
 * The shape every operator shares. An operator is chosen per entity type by a policy; its
 * parameters are checked once when the policy is compiled (`prepare`), and the prepared function
 * runs per found value and returns a Decision for the anonymiser.
 */

/** What a policy does with one kind of found value. */
export const ACTIONS = ['pseudonymise', 'generalise', 'mask', 'redact', 'hash', 'keep'] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * What the anonymiser does with one span: put a vault token in its place (`pseudonymise`), put
 * `text` in its place (`replace`: generalise, mask, redact, hash), or leave it (`keep`).
 * `via` is the policy action that produced it (for the audit trail's counts).
 */
export type Decision =
  | { readonly action: 'pseudonymise'; readonly via: 'pseudonymise' }
  | { readonly action: 'replace'; readonly text: string; readonly via: Exclude<Action, 'pseudonymise' | 'keep'> }
  | { readonly action: 'keep'; readonly via: 'keep' };

/** Key material bound when an engine is built. */
export interface OperatorEnv {
  /** HMAC key for `hash` (already derived for this purpose; at least 16 bytes). */
  readonly hashKey?: Uint8Array;
}

/** A prepared operator: one call per found value. */
export type Apply = (value: string, type: string, env: OperatorEnv) => Decision;

export const PSEUDONYMISE: Decision = Object.freeze({ action: 'pseudonymise', via: 'pseudonymise' });
export const KEEP: Decision = Object.freeze({ action: 'keep', via: 'keep' });
