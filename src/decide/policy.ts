import { KavachError, typeName, Errors } from '../errors.js';
import { listDetectors } from '../detect/detect.js';
import { ENTITY_TYPES, type Entity } from '../types.js';
import { prepareGeneralise, type Fallback } from '../transform/operators/generalise.js';
import { deriveHashKey, prepareHash } from '../transform/operators/hash.js';
import { prepareKeep } from '../transform/operators/keep.js';
import { prepareMask } from '../transform/operators/mask.js';
import { generaliseMoney, MoneyFinder, MONEY_TYPE } from '../transform/money.js';
import { ACTIONS, KEEP, PSEUDONYMISE, type Action, type Apply, type Decision, type OperatorEnv } from '../transform/operators/operator.js';
import { checkKeys, checkParams, isPlainObject, oneOf, policyError, str } from '../transform/operators/params.js';
import { PRESETS, type PresetName } from './presets.js';
import { preparePseudonymise } from '../transform/operators/pseudonymise.js';
import { prepareRedact } from '../transform/operators/redact.js';

/**
 * Policies: what `anonymise` does with each kind of found value. A policy is plain data (JSON or a
 * TS object); `compilePolicy` checks all of it once, when an engine is built, so a typo is a
 * KavachError('INVALID_POLICY') naming the field (`entities.AGE.params.width: ...`), never a surprise
 * on some later call.
 *
 * ```ts
 * { name: 'support-bot', defaults: { action: 'pseudonymise' },
 *   entities: { AADHAAR: { action: 'mask' }, AGE: { action: 'generalise', rule: 'age-band', params: { width: 10, top: 90 } } },
 *   money: true }
 * ```
 */

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

/** The per-entity function the anonymiser calls. */
export type EntityDecider = (entity: Pick<Entity, 'type' | 'text'>) => Decision;

const POLICY_KEYS = ['name', 'description', 'defaults', 'entities', 'money', 'secret'] as const;
const ENTRY_KEYS = ['action', 'rule', 'params', 'fallback'] as const;
const MONEY_KEYS = ['action', 'params', 'context'] as const;
const MONEY_ACTIONS = ['generalise', 'redact', 'pseudonymise', 'keep'] as const;

/** Types a policy may name: the built-in ENTITY_TYPES and every type a registered detector reports. */
export function knownEntityTypes(): Set<string> {
  const types = new Set<string>(ENTITY_TYPES);
  for (const d of listDetectors()) {
    types.add(d.type);
    for (const t of d.reportsAlso ?? []) types.add(t);
  }
  return types;
}

interface Prepared {
  action: Action;
  apply: Apply;
}

interface MoneyPass {
  finder: MoneyFinder;
  apply: Apply;
  action: Action;
}

function prepareEntry(entry: unknown, path: string, type: string): Prepared {
  if (!isPlainObject(entry)) throw policyError(path, `must be an object like { action: 'mask' }, got ${typeName(entry)}`);
  checkKeys(entry, path, ENTRY_KEYS);
  const action = oneOf(ACTIONS)(entry.action, `${path}.action`);
  if (action !== 'generalise') {
    if (entry.rule !== undefined) throw policyError(`${path}.rule`, 'applies only to action generalise');
    if (entry.fallback !== undefined) throw policyError(`${path}.fallback`, 'applies only to action generalise');
  }
  const params = `${path}.params`;
  switch (action) {
    case 'pseudonymise':
      return { action, apply: preparePseudonymise(entry.params, params) };
    case 'keep':
      return { action, apply: prepareKeep(entry.params, params) };
    case 'redact':
      return { action, apply: prepareRedact(entry.params, params) };
    case 'mask':
      return { action, apply: prepareMask(entry.params, params) };
    case 'hash':
      return { action, apply: prepareHash(entry.params, params) };
    case 'generalise':
      return { action, apply: prepareGeneralise(entry, path, type) };
  }
}

function prepareMoney(money: unknown): MoneyPass | undefined {
  if (money === undefined || money === false) return undefined;
  const m: Record<string, unknown> = money === true ? {} : isPlainObject(money) ? money : (() => {
    throw policyError('money', 'must be true, false or an object like { action: \'generalise\' }');
  })();
  checkKeys(m, 'money', MONEY_KEYS);
  const action = m.action === undefined ? 'generalise' : oneOf(MONEY_ACTIONS)(m.action, 'money.action');
  let context: string[] = [];
  if (m.context !== undefined) {
    if (!Array.isArray(m.context)) throw policyError('money.context', 'must be an array of words');
    context = m.context.map((w, i) => str(1, 64)(w, `money.context[${i}]`));
  }
  let apply: Apply;
  if (action === 'redact') {
    const r = prepareRedact(m.params, 'money.params');
    apply = (v, t, env) => r(v, t, env);
  } else {
    checkParams(m.params, 'money.params', {});
    if (action === 'generalise') {
      apply = (v, t) => {
        const band = generaliseMoney(v);
        return band === undefined ? { action: 'replace', text: `[${t}]`, via: 'redact' } : { action: 'replace', text: band, via: 'generalise' };
      };
    } else apply = action === 'keep' ? () => KEEP : () => PSEUDONYMISE;
  }
  return { finder: new MoneyFinder(context), apply, action };
}

const COMPILED = Symbol('kavach.compiledPolicy');

/** A checked policy, ready to bind to an engine's keys. Immutable. */
export class CompiledPolicy {
  readonly [COMPILED] = true;
  readonly name: string;
  /** The policy as given (a frozen deep copy): plain data, safe to log (`secret` is removed). */
  readonly policy: Readonly<Policy>;
  /** True when some type is hashed (a key is needed to bind the policy). */
  readonly needsKey: boolean;
  /** True when some type is pseudonymised (the output can be restored). */
  readonly reversible: boolean;
  readonly #entries: ReadonlyMap<string, Prepared>;
  readonly #defaults: Prepared;
  readonly #money: MoneyPass | undefined;
  readonly #secret: string | undefined;

  /** @internal use compilePolicy */
  constructor(policy: Policy, entries: Map<string, Prepared>, defaults: Prepared, money: MoneyPass | undefined) {
    this.name = policy.name;
    this.#secret = policy.secret;
    let copy: Policy;
    try {
      copy = structuredClone({ ...policy, secret: undefined }) as Policy;
    } catch (err) {
      throw Errors.invalidPolicy('policy: must be plain data (JSON-like values only)', { cause: err });
    }
    delete copy.secret;
    this.policy = deepFreeze(copy);
    this.#entries = entries;
    this.#defaults = defaults;
    this.#money = money;
    const actions = [...entries.values(), defaults].map((e) => e.action);
    this.needsKey = actions.includes('hash') && policy.secret === undefined;
    this.reversible = actions.includes('pseudonymise') || money?.action === 'pseudonymise';
  }

  /** The action for a type (`MONEY` for the money pass). */
  actionFor(type: string): Action {
    if (type === MONEY_TYPE && this.#money) return this.#money.action;
    return (this.#entries.get(type) ?? this.#defaults).action;
  }

  /** True when the policy runs the money pass. */
  get money(): boolean {
    return this.#money !== undefined;
  }

  /**
   * Bind key material and return the per-entity decision function. `keyMaterial` is the engine's
   * (at least 16 bytes; a purpose-specific key is derived from it); the policy's `secret` wins.
   * Throws KEY_MISSING here, at engine construction, when the policy hashes and has no key.
   */
  decider(options: { keyMaterial?: Uint8Array | string } = {}): EntityDecider {
    let env: OperatorEnv = {};
    const material = this.#secret ?? options.keyMaterial;
    if (material !== undefined) env = { hashKey: deriveHashKey(material) };
    else if (this.needsKey) {
      throw Errors.keyMissing(`policy ${this.name}: hash needs a key: set the policy's secret or build the engine with a key`);
    }
    const entries = this.#entries;
    const defaults = this.#defaults;
    const money = this.#money;
    return (entity) => {
      const type = String(entity.type);
      if (type === MONEY_TYPE && money) return money.apply(entity.text, type, env);
      return (entries.get(type) ?? defaults).apply(entity.text, type, env);
    };
  }

  /** Spans the policy adds to the detected ones (the money pass), sorted by start. */
  extraSpans(text: string): Entity[] {
    return this.#money ? this.#money.finder.find(text) : [];
  }
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

export function isCompiledPolicy(p: unknown): p is CompiledPolicy {
  return typeof p === 'object' && p !== null && (p as { [COMPILED]?: boolean })[COMPILED] === true;
}

/** Anything `compilePolicy` accepts: a policy object, a preset's name, or an already compiled policy. */
export type PolicyInput = Policy | PresetName | CompiledPolicy;

/**
 * Check a policy and compile it. Every mistake (unknown field, type, action, rule, or bad
 * parameter) throws KavachError('INVALID_POLICY') whose message starts with the field path.
 * Entity types are checked against ENTITY_TYPES and the registered detectors, so register custom
 * detectors and rules first.
 */
export function compilePolicy(input: PolicyInput): CompiledPolicy {
  if (isCompiledPolicy(input)) return input;
  if (typeof input === 'string') {
    const preset = Object.hasOwn(PRESETS, input) ? PRESETS[input as PresetName] : undefined;
    if (!preset) throw policyError('policy', `unknown preset (presets: ${Object.keys(PRESETS).join(', ')})`);
    return compilePolicy(preset);
  }
  if (!isPlainObject(input)) throw policyError('policy', `must be an object or a preset name, got ${typeName(input)}`);
  const policy = input as unknown as Record<string, unknown>;
  checkKeys(policy, '', POLICY_KEYS);
  const name = str(1, 64)(policy.name, 'name');
  if (policy.description !== undefined) str(0, 1000)(policy.description, 'description');
  if (policy.secret !== undefined && (typeof policy.secret !== 'string' || policy.secret.length < 16)) {
    throw policyError('secret', 'must be a string of at least 16 characters');
  }
  const defaults: Prepared = policy.defaults === undefined ? { action: 'pseudonymise', apply: () => PSEUDONYMISE } : prepareEntry(policy.defaults, 'defaults', '*');
  const entries = new Map<string, Prepared>();
  if (policy.entities !== undefined) {
    if (!isPlainObject(policy.entities)) throw policyError('entities', 'must be an object keyed by entity type');
    const known = knownEntityTypes();
    for (const [type, entry] of Object.entries(policy.entities)) {
      const path = `entities.${type}`;
      if (!known.has(type)) {
        const hint = type === MONEY_TYPE ? ' (money is configured with the top-level money field)' : ' (not in ENTITY_TYPES and no registered detector reports it)';
        throw policyError(path, `unknown entity type${hint}`);
      }
      entries.set(type, prepareEntry(entry, path, type));
    }
  }
  const money = prepareMoney(policy.money);
  return new CompiledPolicy(input as Policy, entries, defaults, money);
}

/**
 * A new policy from `base` (a policy or a preset's name) with `overrides` on top: `entities` are
 * merged per type (an override replaces that type's whole entry), other fields replace the base's.
 * The result is plain data; compile it (or pass it to an engine) to check it.
 */
export function extendPolicy(base: Policy | PresetName, overrides: Partial<Policy>): Policy {
  const b: Policy | undefined = typeof base === 'string' ? (Object.hasOwn(PRESETS, base) ? PRESETS[base] : undefined) : base;
  if (!b || typeof b !== 'object') throw policyError('policy', `unknown preset (presets: ${Object.keys(PRESETS).join(', ')})`);
  if (!isPlainObject(overrides)) throw policyError('overrides', 'must be an object');
  const out: Policy = structuredClone({ ...b, ...overrides, entities: { ...(b.entities ?? {}), ...(overrides.entities ?? {}) } });
  if (overrides.name === undefined) out.name = `${b.name}+custom`;
  return out;
}
