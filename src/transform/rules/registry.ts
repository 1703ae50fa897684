import { Errors } from '../../errors.js';
import { isPlainObject } from '../../decide/params.js';
import { ageBandRule } from './age.js';
import { createCityRule } from './city.js';
import { CITY_TABLE } from './city-table.js';
import { dobRule } from './dob.js';
import { pinRule } from './pin.js';
import type { RuleDef, RuleFn } from './rule.js';

/**
 * Rule registries: built-in rules plus users' rules registered by name. A policy names a rule and is
 * checked against a registry when it is compiled, so register rules before building engines. Each
 * engine owns one (`engine.registerRule`); the module-level functions work on the default registry,
 * which plain `anonymise` calls and engines built without their own rules use.
 */

/** A user's rule as a function: return the generalised text, or undefined/null when the value is not understood. */
export type UserRuleFunction = (value: string, context: { type: string; params: Readonly<Record<string, unknown>> }) => string | undefined | null;

/** A user's rule as a table: value → bucket. Keys match case- and space-insensitively; `'*'` is the default bucket. */
export type UserRuleTable = Readonly<Record<string, string>>;

export interface RegisterRuleOptions {
  /** Entity types the rule may be used for (default: any). */
  types?: readonly string[];
  /** Parameter names a function rule accepts (default: none). */
  params?: readonly string[];
}

const NAME_RE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const BUILT_IN: readonly RuleDef[] = [ageBandRule, dobRule, createCityRule(() => CITY_TABLE), pinRule];

/** The default rule of `generalise` for a type when the policy names none. */
export const DEFAULT_RULES: Readonly<Record<string, string>> = {
  AGE: 'age-band',
  DATE_OF_BIRTH: 'dob',
  CITY: 'city',
  PIN_CODE: 'pin',
};

function tableKey(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function tableRule(name: string, table: UserRuleTable, types: readonly string[] | undefined): RuleDef {
  const map = new Map<string, string>();
  for (const [k, v] of Object.entries(table)) {
    if (typeof v !== 'string') throw Errors.invalidOption(`rule ${name}: every bucket must be a string`);
    map.set(k === '*' ? '*' : tableKey(k), v);
  }
  const fallback = map.get('*');
  const def: RuleDef = {
    name,
    builtIn: false,
    prepare(params, path) {
      if (params !== undefined && !(isPlainObject(params) && Object.keys(params).length === 0)) {
        throw Errors.invalidPolicy(`${path}: table rule ${name} takes no parameters`);
      }
      return (value) => map.get(tableKey(value)) ?? fallback;
    },
  };
  return types ? { ...def, types } : def;
}

function functionRule(name: string, fn: UserRuleFunction, options: RegisterRuleOptions): RuleDef {
  const allowed = options.params ?? [];
  const def: RuleDef = {
    name,
    builtIn: false,
    prepare(params, path) {
      if (params !== undefined && !isPlainObject(params)) throw Errors.invalidPolicy(`${path}: must be an object`);
      const p = Object.freeze({ ...(params ?? {}) });
      for (const k of Object.keys(p)) {
        if (!allowed.includes(k)) {
          throw Errors.invalidPolicy(`${path}.${k}: unknown parameter of rule ${name}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`);
        }
      }
      return (value, type) => {
        const out = fn(value, { type, params: p });
        return typeof out === 'string' ? out : undefined;
      };
    },
  };
  return options.types ? { ...def, types: options.types } : def;
}

export class RuleRegistry {
  readonly #rules: Map<string, RuleDef>;

  /** A registry holding the built-in rules and, when given, a copy of `from`'s user rules. */
  constructor(from?: RuleRegistry) {
    this.#rules = new Map(from ? from.#rules : BUILT_IN.map((r) => [r.name, r]));
  }

  /**
   * Register a generalisation rule under a kebab-case name: a function
   * `(value, { type, params }) => bucket | undefined`, or a table `{ value: bucket, '*': default }`.
   * Built-in rule names cannot be replaced; a user rule with the same name is replaced.
   */
  register(name: string, rule: UserRuleFunction | UserRuleTable, options: RegisterRuleOptions = {}): void {
    if (typeof name !== 'string' || !NAME_RE.test(name)) throw Errors.invalidOption('rule name must be kebab-case (a-z, 0-9, hyphens)');
    if (this.#rules.get(name)?.builtIn) throw Errors.invalidOption(`rule ${name} is built in and cannot be replaced`);
    if (options.types !== undefined && (!Array.isArray(options.types) || options.types.some((t) => typeof t !== 'string'))) {
      throw Errors.invalidOption(`rule ${name}: types must be an array of entity type names`);
    }
    let def: RuleDef;
    if (typeof rule === 'function') def = functionRule(name, rule, options);
    else if (isPlainObject(rule)) def = tableRule(name, rule as UserRuleTable, options.types);
    else throw Errors.invalidOption(`rule ${name} must be a function or a table object`);
    this.#rules.set(name, def);
  }

  /** Remove a user rule. Returns whether one was removed (built-in rules stay). */
  unregister(name: string): boolean {
    const r = this.#rules.get(name);
    if (!r || r.builtIn) return false;
    return this.#rules.delete(name);
  }

  get(name: string): RuleDef | undefined {
    return this.#rules.get(name);
  }

  /** Names of every registered rule (built-in first). */
  list(): string[] {
    return [...this.#rules.keys()];
  }
}

/** The registry plain `anonymise` calls use. */
export const defaultRules = new RuleRegistry();

/** Register a rule in the default registry (see RuleRegistry.register). */
export function registerRule(name: string, rule: UserRuleFunction | UserRuleTable, options: RegisterRuleOptions = {}): void {
  defaultRules.register(name, rule, options);
}

/** Remove a user rule from the default registry. Returns whether one was removed (built-in rules stay). */
export function unregisterRule(name: string): boolean {
  return defaultRules.unregister(name);
}

/** Names of every rule in the default registry (built-in first). */
export function listRules(): string[] {
  return defaultRules.list();
}
