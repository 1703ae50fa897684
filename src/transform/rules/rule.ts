/**
 * A generalisation rule turns a found value into a coarser one (`42` → `40-49`). Its parameters are
 * checked once when a policy is compiled; the prepared function runs per value and returns
 * `undefined` when it cannot read the value (the policy's `fallback` then applies).
 */
export type RuleFn = (value: string, type: string) => string | undefined;

export interface RuleDef {
  readonly name: string;
  /** Entity types the rule understands; `undefined`: any type. */
  readonly types?: readonly string[];
  readonly builtIn: boolean;
  /** Check `params` (throwing INVALID_POLICY naming `path`) and return the per-value function. */
  prepare(params: unknown, path: string): RuleFn;
}

const DEV_ZERO = 0x0966;

/** Devanagari digits → ASCII, everything else unchanged. */
export function asciiDigits(s: string): string {
  return s.replace(/[\u0966-\u096F]/g, (c) => String.fromCharCode(c.charCodeAt(0) - DEV_ZERO + 48));
}
