// The seam between the pseudonymisation pipeline and policies (per-type actions: generalise, mask,
// redact, hash, keep). `anonymise` asks a Decider what to do with each detected entity; this file
// turns the `policy` option into that Decider (compiling and binding a policy from
// src/transform/policy.ts), adds the spans a policy finds itself (the money pass), and wraps
// anonymise / deanonymise with the audit trail (src/audit/).
import { randomBytes } from 'node:crypto';
import { emitAudit, ActionCounter, type AuditSink } from '../audit/index.js';
import { Errors } from '../errors.js';
import { foldText, originalSpan } from '../text/fold.js';
import { mergeMoney } from '../transform/money.js';
import { compilePolicy, isCompiledPolicy, type CompiledPolicy, type PolicyInput } from './policy.js';
import { DEFAULT_PRESET } from './presets.js';
import type { Entity } from '../types.js';
import type { AnonymiseOptions, AnonymiseResult } from '../anonymise.js';
import type { DeanonymiseOptions, DeanonymiseResult } from '../deanonymise.js';
import { hkdf } from '../vault/crypto.js';
import type { TokenMode, Vault } from '../vault/interface.js';
import { resolveKey, type KeyInput } from '../vault/keys.js';

/** What to do with one entity. */
export type PlanStep =
  /** Replace by a reversible token or surrogate from the vault (`mode` overrides the call's mode). */
  | { action: 'pseudonymise'; mode?: TokenMode }
  /** Replace by fixed text (mask, redact, generalise, hash...). Not reversible; not stored. */
  | { action: 'replace'; text: string }
  /** Leave the original text in place. */
  | { action: 'keep' };

export interface DecideContext {
  /** The whole input (for context-dependent decisions). */
  readonly text: string;
  readonly session: string;
  /** The call's default mode. */
  readonly mode: TokenMode;
}

/** Decides per entity. Must be synchronous and pure (it runs once per entity per call). */
export type Decider = (entity: Readonly<Entity>, context: DecideContext) => PlanStep;

/** Every entity becomes a token (what a bare function-free pipeline did before policies). */
export const pseudonymiseAll: Decider = () => ({ action: 'pseudonymise' });

const BOUND = Symbol('kavach.boundPolicy');

/** A compiled policy bound to key material: what an engine holds and passes as `policy`. */
export interface BoundPolicy {
  readonly [BOUND]: true;
  readonly compiled: CompiledPolicy;
  readonly name: string;
  readonly decide: Decider;
  /**
   * True when the policy hashes with the random per-process key (no secret, no master key): fine
   * with the ephemeral in-memory vault only; `checkPolicyKey` refuses it with a persistent one.
   */
  readonly processKeyed: boolean;
}

export function isBoundPolicy(p: unknown): p is BoundPolicy {
  return typeof p === 'object' && p !== null && (p as { [BOUND]?: boolean })[BOUND] === true;
}

const HASH_KEY_INFO = 'kavach policy hash v1';
let processKey: Buffer | undefined;

/**
 * Key material for `hash` when the policy has no `secret`: derived (HKDF, its own label) from the
 * master key (`key`, else KAVACH_KEY / KAVACH_KEY_FILE). With no master key and an ephemeral vault
 * (the in-memory default), a random per-process key: hashes are consistent within the process only,
 * exactly like that vault's tokens. With a persistent vault and no key: undefined (a hashing policy
 * then fails to bind with KEY_MISSING). Plain `anonymise` calls bind without knowing the vault; they
 * are refused later, by `checkPolicyKey`, when the vault turns out to be persistent.
 */
export function hashKeyMaterial(options: { key?: KeyInput; vault?: Vault } = {}): Buffer | undefined {
  const master = resolveKey(options.key !== undefined ? { key: options.key } : {});
  if (master) return hkdf(master, HASH_KEY_INFO);
  if (options.vault === undefined || options.vault.ephemeralKey) {
    processKey ??= randomBytes(32);
    return processKey;
  }
  return undefined;
}

/**
 * Compile `policy` (a Policy, a preset name, a compiled policy; default the `llm` preset) and bind it
 * to key material. Every policy mistake throws INVALID_POLICY here; a hashing policy without a key
 * throws KEY_MISSING here.
 */
export function bindPolicy(policy: PolicyInput | undefined, options: { keyMaterial?: Uint8Array | undefined } = {}): BoundPolicy {
  const compiled = compilePolicy(policy ?? DEFAULT_PRESET);
  const decide = compiled.decider(options.keyMaterial !== undefined ? { keyMaterial: options.keyMaterial } : {});
  const processKeyed = compiled.needsKey && processKey !== undefined && options.keyMaterial === processKey;
  return Object.freeze({ [BOUND]: true as const, compiled, name: compiled.name, decide: (e: Readonly<Entity>) => decide(e), processKeyed });
}

/**
 * The binding a plain `anonymise` call uses: cached per preset name / policy object, bound to the
 * master key when there is one, else to the per-process key. A binding made with the per-process key
 * is redone once a master key appears (KAVACH_KEY set later in the process), so the hashes then
 * follow the key.
 */
function cachedBinding<K>(cache: { get(k: K): BoundPolicy | undefined; set(k: K, b: BoundPolicy): unknown }, key: K, input: () => PolicyInput): BoundPolicy {
  let b = cache.get(key);
  if (!b || (b.processKeyed && resolveKey({}) !== undefined)) {
    b = bindPolicy(input(), { keyMaterial: hashKeyMaterial() });
    cache.set(key, b);
  }
  return b;
}

/**
 * Refuse a policy bound to the per-process key when the vault is persistent (KEY_MISSING): its
 * hashes would differ in every process that opens the same vault, silently. `policy` is the call's
 * option (a bound policy, a preset name, a policy object, or a decider carrying its bound policy).
 */
export function checkPolicyKey(policy: unknown, vault: Vault): void {
  const b = typeof policy === 'function' ? (policy as { [BOUND]?: BoundPolicy })[BOUND] : bound(policy);
  if (b?.processKeyed && !vault.ephemeralKey) {
    throw Errors.keyMissing(
      `policy ${b.name}: hashing with a persistent (${vault.store}) vault needs a key: set KAVACH_KEY or KAVACH_KEY_FILE, give the policy a secret, or use createEngine({ key, vault })`,
    );
  }
}

const cacheByObject = new WeakMap<object, BoundPolicy>();
const cacheByName = new Map<string, BoundPolicy>();

/** The bound form of a `policy` option (cached per object / preset name for plain `anonymise` calls). */
function bound(policy: unknown): BoundPolicy | undefined {
  if (typeof policy === 'function') return undefined;
  if (isBoundPolicy(policy)) return policy;
  if (policy === undefined || typeof policy === 'string') {
    const key = policy ?? DEFAULT_PRESET;
    return cachedBinding(cacheByName, key, () => key as PolicyInput);
  }
  if (typeof policy === 'object' && policy !== null) {
    return cachedBinding(cacheByObject, policy, () => (isCompiledPolicy(policy) ? policy : (policy as PolicyInput)));
  }
  throw Errors.invalidPolicy('policy: must be a policy object, a preset name or a decider function');
}

/**
 * Build the Decider for a `policy` option: a function is used as the Decider itself; a bound policy
 * (from an engine), a policy object, a compiled policy or a preset name is compiled (once) and bound;
 * no policy → the `llm` preset.
 */
export function resolveDecider(policy: unknown): Decider {
  if (typeof policy === 'function') return policy as Decider;
  return bound(policy)!.decide;
}

/**
 * Detected entities plus the spans the policy finds itself (the money pass). Like `detect`, the pass
 * reads the folded view (`Rs.<NBSP>4.5<NBSP>lakh` is an amount) and its spans are mapped back to
 * `text`, with their text taken from the original.
 */
export function policySpans(policy: unknown, text: string, found: readonly Entity[]): readonly Entity[] {
  const b = typeof policy === 'function' ? (policy as { [BOUND]?: BoundPolicy })[BOUND] : bound(policy);
  if (!b || !b.compiled.money) return found;
  const fold = foldText(text);
  if (!fold) return mergeMoney(found, b.compiled.extraSpans(text));
  const extra = b.compiled.extraSpans(fold.text).map((e) => {
    const { start, end } = originalSpan(fold, e.start, e.end);
    return { ...e, start, end, text: text.slice(start, end) };
  });
  return mergeMoney(found, extra);
}

/** Options every audited call accepts. */
export interface AuditOptions {
  /** Where the event goes (`callbackSink`, `jsonlFileSink`). None: no event. */
  audit?: AuditSink;
  /** Who asked, as the service names it (kept in the event, at most 200 characters). */
  caller?: string;
  /** Why (kept in the event, at most 200 characters). */
  purpose?: string;
}

/**
 * A Decider that counts decisions per type and policy action, carrying its bound policy for
 * policySpans (used per anonymise call, and once per record by src/records.ts).
 */
export function countingDecider(policy: unknown): { decide: Decider; counter: ActionCounter; name: string | undefined } {
  const counter = new ActionCounter();
  if (typeof policy === 'function') {
    const user = policy as Decider & { [BOUND]?: BoundPolicy };
    const decide = ((e: Readonly<Entity>, ctx: DecideContext) => {
      const step = user(e, ctx) as PlanStep & { via?: string };
      counter.add(String(e.type), step && typeof step === 'object' ? String(step.via ?? step.action) : 'invalid');
      return step;
    }) as Decider & { [BOUND]?: BoundPolicy };
    // A counting decider wrapping another (records → anonymise) keeps the policy for policySpans.
    if (user[BOUND]) decide[BOUND] = user[BOUND];
    return { decide, counter, name: user[BOUND]?.name };
  }
  const b = bound(policy)!;
  const decide = ((e: Readonly<Entity>, _ctx: DecideContext) => {
    const step = b.decide(e, _ctx) as PlanStep & { via?: string };
    counter.add(String(e.type), step.via ?? step.action);
    return step;
  }) as Decider & { [BOUND]?: BoundPolicy };
  decide[BOUND] = b;
  return { decide, counter, name: b.name };
}

/** Run the anonymise pipeline with the policy resolved once, decisions counted, and one audit event. */
export async function auditedAnonymise(
  input: string,
  options: AnonymiseOptions & AuditOptions,
  core: (input: string, options: AnonymiseOptions) => Promise<AnonymiseResult>,
): Promise<AnonymiseResult> {
  const start = performance.now();
  const startTime = new Date();
  const sink = options?.audit;
  const facts = { op: 'anonymise' as const, start, startTime, caller: options?.caller, purpose: options?.purpose };
  let result: AnonymiseResult;
  let counting: ReturnType<typeof countingDecider> | undefined;
  try {
    counting = countingDecider(options?.policy);
    result = await core(input, { ...options, policy: counting.decide });
  } catch (error) {
    if (sink) await emitAudit(sink, { ...facts, session: options?.session, policy: counting?.name, error });
    throw error;
  }
  if (sink) await emitAudit(sink, { ...facts, session: result.session, policy: counting.name, entities: counting.counter.counts });
  return result;
}

/** Run deanonymise and emit one audit event (tokens restored / unknown). */
export async function auditedDeanonymise(
  reply: string,
  options: DeanonymiseOptions & AuditOptions,
  core: (reply: string, options: DeanonymiseOptions) => Promise<DeanonymiseResult>,
): Promise<DeanonymiseResult> {
  const sink = options?.audit;
  if (!sink) return core(reply, options);
  const start = performance.now();
  const startTime = new Date();
  const facts = { op: 'deanonymise' as const, start, startTime, session: options?.session, caller: options.caller, purpose: options.purpose };
  let result: DeanonymiseResult;
  try {
    result = await core(reply, options);
  } catch (error) {
    await emitAudit(sink, { ...facts, error });
    throw error;
  }
  await emitAudit(sink, {
    ...facts,
    restored: result.restored.length,
    unknown: result.unknown.length,
    withheld: result.withheld.length,
    failed: result.failed.length,
  });
  return result;
}
