// policy | preset → compiled policy → plan. src/decide/ checks a policy's shape and says what a plan
// is; this file prepares each entry's operator (which checks its own parameters), and binds the
// result to key material as a Plan that anonymise follows.
import { Errors } from '../errors.js';
import { checkParams } from '../decide/params.js';
import { policyOf, type BoundPolicy, type PolicyInput } from '../decide/input.js';
import { KEEP, PSEUDONYMISE, type Action } from '../decide/plan.js';
import { checkPolicy, MONEY_TYPE, type CheckedEntry, type CheckedPolicy, type CompiledPolicy, type EntityDecider, type Policy, type TypeSource } from '../decide/policy.js';
import { DEFAULT_PRESET } from '../decide/presets.js';
import { scannedFoldable } from '../text/anchors.js';
import { foldText, originalSpan } from '../text/fold.js';
import type { Entity } from '../types.js';
import { generaliseMoney, mergeMoney, MoneyFinder } from './money.js';
import { prepareGeneralise } from './operators/generalise.js';
import { deriveHashKey, isProcessHashKey, prepareHash } from './operators/hash.js';
import { prepareKeep } from './operators/keep.js';
import { prepareMask } from './operators/mask.js';
import type { Apply, OperatorEnv } from './operators/operator.js';
import { preparePseudonymise } from './operators/pseudonymise.js';
import { prepareRedact } from './operators/redact.js';
import { defaultRules, type RuleRegistry } from './rules/registry.js';

/** Where a compile looks up rules and entity types (an engine's registries; default: the default ones). */
export interface CompileOptions {
  rules?: RuleRegistry;
  detectors?: TypeSource;
}

interface Prepared {
  action: Action;
  apply: Apply;
}

const DEFAULT_ENTRY: Prepared = { action: 'pseudonymise', apply: () => PSEUDONYMISE };

function prepareEntry(entry: CheckedEntry, type: string, rules: RuleRegistry): Prepared {
  const params = `${entry.path}.params`;
  switch (entry.action) {
    case 'pseudonymise':
      return { action: entry.action, apply: preparePseudonymise(entry.params, params) };
    case 'keep':
      return { action: entry.action, apply: prepareKeep(entry.params, params) };
    case 'redact':
      return { action: entry.action, apply: prepareRedact(entry.params, params) };
    case 'mask':
      return { action: entry.action, apply: prepareMask(entry.params, params) };
    case 'hash':
      return { action: entry.action, apply: prepareHash(entry.params, params) };
    case 'generalise':
      return { action: entry.action, apply: prepareGeneralise(entry, type, rules) };
  }
}

interface MoneyPass {
  finder: MoneyFinder;
  apply: Apply;
  action: Action;
}

function prepareMoney(money: CheckedPolicy['money']): MoneyPass | undefined {
  if (!money) return undefined;
  const { action } = money;
  let apply: Apply;
  if (action === 'redact') apply = prepareRedact(money.params, 'money.params');
  else {
    checkParams(money.params, 'money.params', {});
    if (action === 'generalise') {
      apply = (v, t) => {
        const band = generaliseMoney(v);
        return band === undefined ? { action: 'replace', text: `[${t}]`, via: 'redact' } : { action: 'replace', text: band, via: 'generalise' };
      };
    } else apply = action === 'keep' ? () => KEEP : () => PSEUDONYMISE;
  }
  return { finder: new MoneyFinder(money.context), apply, action };
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

class Compiled implements CompiledPolicy {
  readonly name: string;
  readonly policy: Readonly<Policy>;
  readonly needsKey: boolean;
  readonly reversible: boolean;
  readonly #entries: ReadonlyMap<string, Prepared>;
  readonly #defaults: Prepared;
  readonly #money: MoneyPass | undefined;
  readonly #secret: string | undefined;

  constructor(checked: CheckedPolicy, rules: RuleRegistry) {
    const entries = new Map<string, Prepared>();
    const defaults = checked.defaults ? prepareEntry(checked.defaults, '*', rules) : DEFAULT_ENTRY;
    for (const [type, entry] of checked.entries) entries.set(type, prepareEntry(entry, type, rules));
    const money = prepareMoney(checked.money);
    this.name = checked.name;
    this.#secret = checked.secret;
    let copy: Policy;
    try {
      copy = structuredClone({ ...checked.policy, secret: undefined }) as Policy;
    } catch (err) {
      throw Errors.invalidPolicy('policy: must be plain data (JSON-like values only)', { cause: err });
    }
    delete copy.secret;
    this.policy = deepFreeze(copy);
    this.#entries = entries;
    this.#defaults = defaults;
    this.#money = money;
    const actions = [...entries.values(), defaults].map((e) => e.action);
    this.needsKey = actions.includes('hash') && checked.secret === undefined;
    this.reversible = actions.includes('pseudonymise') || money?.action === 'pseudonymise';
  }

  actionFor(type: string): Action {
    if (type === MONEY_TYPE && this.#money) return this.#money.action;
    return (this.#entries.get(type) ?? this.#defaults).action;
  }

  get money(): boolean {
    return this.#money !== undefined;
  }

  decider(options: { keyMaterial?: Uint8Array | string; hashMemo?: boolean } = {}): EntityDecider {
    let env: OperatorEnv = {};
    const material = this.#secret ?? options.keyMaterial;
    if (material !== undefined) env = { hashKey: deriveHashKey(material), ...(options.hashMemo ? { hashMemo: true } : {}) };
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

  extraSpans(text: string): Entity[] {
    return this.#money ? this.#money.finder.find(text) : [];
  }
}

export function isCompiledPolicy(p: unknown): p is CompiledPolicy {
  return p instanceof Compiled;
}

/**
 * Check a policy and compile it. Every mistake (unknown field, type, action, rule, or bad
 * parameter) throws KavachError('INVALID_POLICY') whose message starts with the field path.
 * Entity types are checked against ENTITY_TYPES and the registered detectors, so register custom
 * detectors and rules first.
 */
export function compilePolicy(input: PolicyInput, options: CompileOptions = {}): CompiledPolicy {
  if (isCompiledPolicy(input)) return input;
  return new Compiled(checkPolicy(policyOf(input), options.detectors), options.rules ?? defaultRules);
}

/** Money spans found in the folded view of `text` (like detect), mapped back to `text`, merged with `found`. */
function withMoney(compiled: CompiledPolicy, text: string, found: readonly Entity[]): readonly Entity[] {
  // Detection usually scanned this very text last: its anchors say whether it needs folding.
  const fold = scannedFoldable(text) === false ? undefined : foldText(text);
  if (!fold) return mergeMoney(found, compiled.extraSpans(text));
  const extra = compiled.extraSpans(fold.text).map((e) => {
    const { start, end } = originalSpan(fold, e.start, e.end);
    return { ...e, start, end, text: text.slice(start, end) };
  });
  return mergeMoney(found, extra);
}

/**
 * Compile `policy` (a Policy, a preset name, a compiled policy; default the `llm` preset) and bind it
 * to key material: the Plan anonymise follows. Every policy mistake throws INVALID_POLICY here; a
 * hashing policy without a key throws KEY_MISSING here. `hashMemo`: see `CompiledPolicy.decider`.
 */
export function bindPolicy(
  policy: PolicyInput | undefined,
  options: CompileOptions & { keyMaterial?: Uint8Array | undefined; hashMemo?: boolean } = {},
): BoundPolicy {
  const compiled = compilePolicy(policy ?? DEFAULT_PRESET, options);
  const decide = compiled.decider({ ...(options.keyMaterial !== undefined ? { keyMaterial: options.keyMaterial } : {}), hashMemo: options.hashMemo === true });
  const spans = compiled.money ? (text: string, found: readonly Entity[]) => withMoney(compiled, text, found) : (_text: string, found: readonly Entity[]) => found;
  return Object.freeze({
    name: compiled.name,
    compiled,
    decide: (e: Readonly<Entity>) => decide(e),
    spans,
    processKeyed: compiled.needsKey && isProcessHashKey(options.keyMaterial),
  });
}
