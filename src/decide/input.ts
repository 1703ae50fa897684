// What a `policy` option may be, and how a preset name or `extendPolicy` becomes a policy.
import { Errors } from '../errors.js';
import { isPlainObject, policyError } from './params.js';
import { deciderPlan, isPlan, type Decider, type Plan } from './plan.js';
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

/**
 * `policy | preset | decider → plan`, cached: a Decider becomes its plan and a plan is used as it is; a
 * policy or preset is bound once per name or object by `bind` (src/transform/compile.ts bindPolicy with
 * the caller's key material and registries). `stale` says when a cached binding must be made again.
 */
export function planResolver(bind: (policy: PolicyInput | undefined) => BoundPolicy, stale: (b: BoundPolicy) => boolean = () => false): (policy: PolicyOption | undefined) => Plan {
  const byName = new Map<string | undefined, BoundPolicy>();
  const byObject = new WeakMap<object, Plan>();
  return (policy) => {
    if (typeof policy === 'function') {
      let p = byObject.get(policy);
      if (!p) byObject.set(policy, (p = deciderPlan(policy)));
      return p;
    }
    if (isPlan(policy)) return policy;
    if (policy !== undefined && typeof policy !== 'string' && (typeof policy !== 'object' || policy === null)) {
      throw Errors.invalidPolicy('policy: must be a policy object, a preset name or a decider function');
    }
    const cached = typeof policy === 'object' ? (byObject.get(policy) as BoundPolicy | undefined) : byName.get(policy);
    if (cached && !stale(cached)) return cached;
    const b = bind(policy);
    if (typeof policy === 'object') byObject.set(policy, b);
    else byName.set(policy, b);
    return b;
  };
}
