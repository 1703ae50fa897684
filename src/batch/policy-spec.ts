// Which policies a pool's threads can apply themselves (issue 11, item 7: under a vault policy the
// caller's thread only allocates tokens). A thread rebuilds a policy from plain data and key
// material (src/batch/tasks.ts `boundPolicy`); it has the built-in rules and detector types, plus
// the pool's detector modules, and nothing registered in the caller's thread.
import { randomUUID } from 'node:crypto';
import { boundFrom } from '../anonymise.js';
import type { Plan } from '../decide/plan.js';
import { defaultRules } from '../transform/rules/registry.js';
import { ENTITY_TYPES } from '../types.js';
import type { PolicySpec } from './tasks.js';

const BUILT_IN_TYPES: ReadonlySet<string> = new Set(ENTITY_TYPES);

/**
 * The spec for a plan of plain calls (`defaultFlow.plan`), for the threads to rebuild that very
 * binding from what it was bound from (`boundFrom`: the policy as plain data at binding time, and its
 * key material); undefined when it cannot travel:
 * - a decider function, a plan or a compiled policy given as the policy (not plain data: a compiled
 *   policy keeps no secret; `boundFrom` has nothing for them);
 * - a user rule in the default registry (a generalising entry may name it; the threads lack it);
 * - an entity type outside the built-in ones (a custom detector's, which the caller's registry may
 *   know and the threads not).
 * Such a policy is applied in the caller's thread, as before.
 */
export function travellingPlan(plan: Plan): PolicySpec | undefined {
  const from = boundFrom(plan);
  if (from === undefined) return undefined;
  for (const name of defaultRules.list()) if (!defaultRules.get(name)!.builtIn) return undefined;
  if (from.input.entities !== undefined && Object.keys(from.input.entities).some((t) => !BUILT_IN_TYPES.has(t))) return undefined;
  return { id: randomUUID(), input: from.input, keyMaterial: from.keyMaterial };
}
