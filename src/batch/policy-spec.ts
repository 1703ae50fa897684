// Which policies a pool's threads can apply themselves (issue 11, item 7: under a vault policy the
// caller's thread only allocates tokens). A thread rebuilds a policy from plain data and key
// material (src/batch/tasks.ts `boundPolicy`); it has the built-in rules and detector types, plus
// the pool's detector modules, and nothing registered in the caller's thread.
import { randomUUID } from 'node:crypto';
import { policyOf, type PolicyOption } from '../decide/input.js';
import { isPlan, type Plan } from '../decide/plan.js';
import { boundFrom } from '../anonymise.js';
import type { Policy } from '../decide/policy.js';
import { isCompiledPolicy } from '../transform/compile.js';
import { defaultRules } from '../transform/rules/registry.js';
import { ENTITY_TYPES } from '../types.js';
import type { PolicySpec } from './tasks.js';

const BUILT_IN_TYPES: ReadonlySet<string> = new Set(ENTITY_TYPES);

/**
 * The policy as the pool's threads rebuild it, or undefined when it cannot travel: a decider
 * function, a plan or a compiled policy (not plain data: a compiled policy keeps no secret), a user
 * rule in the default registry (a generalising entry may name it, and the threads do not have it),
 * or an entity type outside the built-in ones (a custom detector's, which the caller's registry
 * may know and the threads not). Such a policy is applied in the caller's thread, as before.
 * Call it after the caller's own binding of `policy` succeeded (an unknown preset or a bad policy
 * fails there, with its own error).
 */
export function travellingPolicy(policy: PolicyOption | undefined, keyMaterial: Uint8Array | undefined): PolicySpec | undefined {
  if (typeof policy === 'function' || isPlan(policy) || isCompiledPolicy(policy)) return undefined;
  if (policy !== undefined && typeof policy !== 'string' && (typeof policy !== 'object' || policy === null)) return undefined;
  for (const name of defaultRules.list()) if (!defaultRules.get(name)!.builtIn) return undefined;
  if (policy !== undefined) {
    const entities = (policyOf(policy) as Partial<Policy>).entities;
    if (entities !== undefined && Object.keys(entities).some((t) => !BUILT_IN_TYPES.has(t))) return undefined;
  }
  return { id: randomUUID(), input: policy, keyMaterial };
}

/**
 * The spec for a plan of plain calls (`defaultFlow.plan`): rebuilt in the threads from what that plan
 * was bound from (`boundFrom`: the policy as plain data at binding time, and its key material), so the
 * threads apply exactly the caller's binding; undefined when it cannot travel.
 */
export function travellingPlan(plan: Plan): PolicySpec | undefined {
  const from = boundFrom(plan);
  return from === undefined ? undefined : travellingPolicy(from.input, from.keyMaterial);
}
