// What a `policy` option may be, and how a preset name or `extendPolicy` becomes a policy.
import { isPlainObject, policyError } from './params.js';
import type { Decider, Plan } from './plan.js';
import type { CompiledPolicy, Policy } from './policy.js';
import { PRESETS, type PresetName } from './presets.js';

/** Anything `compilePolicy` accepts: a policy object, a preset's name, or an already compiled policy. */
export type PolicyInput = Policy | PresetName | CompiledPolicy;

/** A compiled policy bound to key material (src/transform/compile.ts `bindPolicy`): what an engine holds. */
export interface BoundPolicy extends Plan {
  readonly name: string;
  readonly compiled: CompiledPolicy;
}

/** What a `policy` option may be: a policy, a preset's name, a compiled policy, a plan (a bound policy), or a Decider. */
export type PolicyOption = PolicyInput | Plan | Decider;


function unknownPreset(): never {
  throw policyError('policy', `unknown preset (presets: ${Object.keys(PRESETS).join(', ')})`);
}

/** The policy a preset name stands for; anything else is returned as given (checkPolicy checks it). */
export function policyOf(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  return Object.hasOwn(PRESETS, input) ? PRESETS[input as PresetName] : unknownPreset();
}

/**
 * A new policy from `base` (a policy or a preset's name) with `overrides` on top: `entities` are
 * merged per type (an override replaces that type's whole entry), other fields replace the base's.
 * The result is plain data; compile it (or pass it to an engine) to check it.
 */
export function extendPolicy(base: Policy | PresetName, overrides: Partial<Policy>): Policy {
  const b = policyOf(base) as Policy | undefined;
  if (!b || typeof b !== 'object') unknownPreset();
  if (!isPlainObject(overrides)) throw policyError('overrides', 'must be an object');
  const out: Policy = structuredClone({ ...b, ...overrides, entities: { ...(b.entities ?? {}), ...(overrides.entities ?? {}) } });
  if (overrides.name === undefined) out.name = `${b.name}+custom`;
  return out;
}
