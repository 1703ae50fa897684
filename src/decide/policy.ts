import { typeName } from '../errors.js';
import { listDetectors } from '../detect/detect.js';
import { ENTITY_TYPES, type Entity } from '../types.js';
import { checkKeys, isPlainObject, oneOf, policyError, str } from './params.js';
import { ACTIONS, type Action, type Decision } from './plan.js';

/**
 * Policies: what `anonymise` does with each kind of found value. A policy is plain data (JSON or a
 * TS object); it is checked once, when it is compiled (src/transform/compile.ts: this file checks its
 * shape, each operator its own parameters), so a typo is a KavachError('INVALID_POLICY') naming the
 * field (`entities.AGE.params.width: ...`), never a surprise on some later call.
 *
 * ```ts
 * { name: 'support-bot', defaults: { action: 'pseudonymise' },
 *   entities: { AADHAAR: { action: 'mask' }, AGE: { action: 'generalise', rule: 'age-band', params: { width: 10, top: 90 } } },
 *   money: true }
 * ```
 */

/** What `generalise` does when its rule cannot read a value. */
export const FALLBACKS = ['redact', 'mask', 'pseudonymise', 'keep'] as const;
export type Fallback = (typeof FALLBACKS)[number];

/** What to do with one entity type. */
export interface EntityPolicy {
  action: Action;
  /** `generalise` only: the rule's name (default per type: AGE age-band, DATE_OF_BIRTH dob, CITY city, PIN_CODE pin). */
  rule?: string;
  /** The operator's (mask, redact, hash) or rule's (generalise) parameters. */
  params?: Readonly<Record<string, unknown>>;
  /** `generalise` only: what to do when the rule cannot read a value (default `redact`). */
  fallback?: Fallback;
}

/** The money pass (amounts in salary / income / balance context). */
export interface MoneyPolicy {
  /** `generalise` (default): lakh/crore band; `redact`: a label; `pseudonymise`: a vault token; `keep`. */
  action?: 'generalise' | 'redact' | 'pseudonymise' | 'keep';
  /** `redact` only: `{ label }` (default `[MONEY]`). */
  params?: Readonly<Record<string, unknown>>;
  /** Extra context words that make a number an amount (added to patterns/generalise/money.json). */
  context?: readonly string[];
}

export interface Policy {
  /** Shown in the audit trail. */
  name: string;
  description?: string;
  /** For every type the policy does not name (default `{ action: 'pseudonymise' }`). */
  defaults?: EntityPolicy;
  entities?: Readonly<Record<string, EntityPolicy>>;
  /** Turn on the money pass: `true` (bands) or options. Off by default. */
  money?: boolean | MoneyPolicy;
  /**
   * HMAC key for `hash` (at least 16 characters). Without it, `hash` uses key material the engine
   * derives from its master key; a policy that hashes with neither cannot be bound.
   */
  secret?: string;
}

/** The per-entity function a compiled policy gives once bound to key material. */
export type EntityDecider = (entity: Pick<Entity, 'type' | 'text'>) => Decision;

/** A checked policy with its operators prepared, ready to bind to key material. Immutable. */
export interface CompiledPolicy {
  readonly name: string;
  /** The policy as given (a frozen deep copy): plain data, safe to log (`secret` is removed). */
  readonly policy: Readonly<Policy>;
  /** True when some type is hashed and the policy has no secret (a key is needed to bind it). */
  readonly needsKey: boolean;
  /** True when some type is pseudonymised (the output can be restored). */
  readonly reversible: boolean;
  /** True when the policy runs the money pass. */
  readonly money: boolean;
  /** The action for a type (`MONEY` for the money pass). */
  actionFor(type: string): Action;
  /**
   * Bind key material and return the per-entity decision function. `keyMaterial` is the engine's
   * (at least 16 bytes; a purpose-specific key is derived from it); the policy's `secret` wins.
   * Throws KEY_MISSING when the policy hashes and has no key. `hashMemo`: `hash` keeps recent outputs
   * (src/transform/operators/hash.ts) for as long as this decider lives; batch jobs turn it on.
   */
  decider(options?: { keyMaterial?: Uint8Array | string; hashMemo?: boolean }): EntityDecider;
  /** Spans the policy adds to the detected ones (the money pass), sorted by start. */
  extraSpans(text: string): Entity[];
}

/** One checked entry: its action and the fields its operator checks when it is prepared. */
export interface CheckedEntry {
  readonly action: Action;
  readonly rule: unknown;
  readonly params: unknown;
  readonly fallback: Fallback;
  /** Where the entry is in the policy (`entities.AGE`, `defaults`), for the operator's messages. */
  readonly path: string;
}

/** A policy whose shape is checked: what src/transform/compile.ts prepares operators for. */
export interface CheckedPolicy {
  readonly policy: Policy;
  readonly name: string;
  readonly secret: string | undefined;
  /** undefined: the default `{ action: 'pseudonymise' }`. */
  readonly defaults: CheckedEntry | undefined;
  readonly entries: ReadonlyMap<string, CheckedEntry>;
  readonly money: { readonly action: NonNullable<MoneyPolicy['action']>; readonly params: unknown; readonly context: readonly string[] } | undefined;
}

const POLICY_KEYS = ['name', 'description', 'defaults', 'entities', 'money', 'secret'] as const;
const ENTRY_KEYS = ['action', 'rule', 'params', 'fallback'] as const;
const MONEY_KEYS = ['action', 'params', 'context'] as const;
const MONEY_ACTIONS = ['generalise', 'redact', 'pseudonymise', 'keep'] as const;
/** The type of the money pass's spans (src/transform/money.ts finds them). */
export const MONEY_TYPE = 'MONEY';

/** What a detector registry tells a policy: the types its detectors report. */
export interface TypeSource {
  list(): ReadonlyArray<{ type: string; reportsAlso?: readonly string[] }>;
}

const DEFAULT_TYPES: TypeSource = { list: listDetectors };

/** Types a policy may name: the built-in ENTITY_TYPES and every type a registered detector reports. */
export function knownEntityTypes(detectors: TypeSource = DEFAULT_TYPES): Set<string> {
  const types = new Set<string>(ENTITY_TYPES);
  for (const d of detectors.list()) {
    types.add(d.type);
    for (const t of d.reportsAlso ?? []) types.add(t);
  }
  return types;
}

function checkEntry(entry: unknown, path: string): CheckedEntry {
  if (!isPlainObject(entry)) throw policyError(path, `must be an object like { action: 'mask' }, got ${typeName(entry)}`);
  checkKeys(entry, path, ENTRY_KEYS);
  const action = oneOf(ACTIONS)(entry.action, `${path}.action`);
  if (action !== 'generalise') {
    if (entry.rule !== undefined) throw policyError(`${path}.rule`, 'applies only to action generalise');
    if (entry.fallback !== undefined) throw policyError(`${path}.fallback`, 'applies only to action generalise');
  }
  if (entry.rule !== undefined && typeof entry.rule !== 'string') throw policyError(`${path}.rule`, 'must be a rule name');
  const fallback = entry.fallback === undefined ? 'redact' : oneOf(FALLBACKS)(entry.fallback, `${path}.fallback`);
  return { action, rule: entry.rule, params: entry.params, fallback, path };
}

function checkMoney(money: unknown): CheckedPolicy['money'] {
  if (money === undefined || money === false) return undefined;
  if (money !== true && !isPlainObject(money)) throw policyError('money', "must be true, false or an object like { action: 'generalise' }");
  const m: Record<string, unknown> = money === true ? {} : money;
  checkKeys(m, 'money', MONEY_KEYS);
  const action = m.action === undefined ? 'generalise' : oneOf(MONEY_ACTIONS)(m.action, 'money.action');
  let context: string[] = [];
  if (m.context !== undefined) {
    if (!Array.isArray(m.context)) throw policyError('money.context', 'must be an array of words');
    context = m.context.map((w, i) => str(1, 64)(w, `money.context[${i}]`));
  }
  return { action, params: m.params, context };
}

/**
 * Check a policy's shape: fields, names, actions, entity types (against ENTITY_TYPES and the
 * detectors' types, so register custom detectors first), the money pass and the secret. Operator
 * and rule parameters are checked when src/transform/compile.ts prepares the operators.
 */
export function checkPolicy(input: unknown, detectors?: TypeSource): CheckedPolicy {
  if (!isPlainObject(input)) throw policyError('policy', `must be an object or a preset name, got ${typeName(input)}`);
  checkKeys(input, '', POLICY_KEYS);
  const name = str(1, 64)(input.name, 'name');
  if (input.description !== undefined) str(0, 1000)(input.description, 'description');
  if (input.secret !== undefined && (typeof input.secret !== 'string' || input.secret.length < 16)) {
    throw policyError('secret', 'must be a string of at least 16 characters');
  }
  const defaults = input.defaults === undefined ? undefined : checkEntry(input.defaults, 'defaults');
  const entries = new Map<string, CheckedEntry>();
  if (input.entities !== undefined) {
    if (!isPlainObject(input.entities)) throw policyError('entities', 'must be an object keyed by entity type');
    const known = knownEntityTypes(detectors);
    for (const [type, entry] of Object.entries(input.entities)) {
      const path = `entities.${type}`;
      if (!known.has(type)) {
        const hint = type === MONEY_TYPE ? ' (money is configured with the top-level money field)' : ' (not in ENTITY_TYPES and no registered detector reports it)';
        throw policyError(path, `unknown entity type${hint}`);
      }
      entries.set(type, checkEntry(entry, path));
    }
  }
  return { policy: input as unknown as Policy, name, secret: input.secret as string | undefined, defaults, entries, money: checkMoney(input.money) };
}
