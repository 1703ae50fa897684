// createEngine: one configured pipeline that owns its vault, plan, key material, rule registry and
// audit sink, with anonymise/deanonymise, records and streaming restore on top.
import { anonymiseWith, type AnonymiseOptions, type AnonymiseResult, type Flow } from './anonymise.js';
import { auditVault } from './audit/vault.js';
import type { AuditOptions, AuditSink } from './audit/index.js';
import { deanonymiseDetailed, type DeanonymiseOptions, type DeanonymiseResult, type DeanonymiseStreamOptions } from './deanonymise.js';
import { planResolver, type PolicyOption } from './decide/input.js';
import { defaultRegistry, DetectorRegistry } from './detect/detect.js';
import { detectManyWith, detectWith } from './resolve/detect.js';
import { DetectMemo, MEMO_ENTRIES } from './resolve/memo.js';
import type { Detector, DetectorSpec } from './detect/define.js';
import { anonymiseRecordWith, deanonymiseRecord, type AnonymisedRecord, type DeanonymisedRecord, type DeanonymiseRecordOptions, type RecordOptions } from './records/records.js';
import { randomUUID } from 'node:crypto';
import { Errors, typeName } from './errors.js';
import { createDeanonymiseStream, deanonymiseNodeStream, StreamingRestorer } from './restore/stream.js';
import { bindPolicy } from './transform/compile.js';
import { hashKeyFromMaster, processHashKey } from './transform/operators/hash.js';
import { defaultRules, RuleRegistry, type RegisterRuleOptions, type UserRuleFunction, type UserRuleTable } from './transform/rules/registry.js';
import type { Entity, DetectOptions } from './types.js';
import type { TokenMode, Vault } from './vault/interface.js';
import { resolveKey, type KeyInput } from './vault/keys.js';
import { coalescingVault } from './vault/coalescing.js';
import { openVault, type VaultConfig } from './vault/open.js';
import type { Transform } from 'node:stream';

/** Per-call restore options: audit facts, link withholding, value encoding. */
export type RestoreOptions = AuditOptions & Pick<DeanonymiseOptions, 'links' | 'encode'>;

export type { VaultConfig } from './vault/open.js';

export interface EngineOptions {
  /** Default: a new in-memory vault owned by the engine. */
  vault?: VaultConfig;
  /** A policy, a preset name ('llm' default, 'dataset', 'strict') or a Decider; compiled and checked here. */
  policy?: PolicyOption;
  /** Audit sink for every anonymise, deanonymise and vault purge/forget/rotate (`callbackSink`, `jsonlFileSink`). */
  audit?: AuditSink;
  /** Default caller / purpose recorded in audit events (per-call options override them). */
  caller?: string;
  purpose?: string;
  mode?: TokenMode;
  /** Master key for a vault the engine creates (else KAVACH_KEY / KAVACH_KEY_FILE). */
  key?: KeyInput;
  previousKeys?: readonly KeyInput[];
  /** Session lifetime (ms or "90d"). */
  ttl?: number | string;
  /** Injectable clock for a vault the engine creates. */
  clock?: () => number;
  detect?: DetectOptions;
  detector?: (text: string) => readonly Entity[];
  /**
   * How many texts the engine keeps detection answers for (default 0: none; the gateway and the
   * openai wrapper make theirs with 4,096). A chat resends its earlier messages on every turn: with a
   * memo each is detected once, then answered from it (2.3-2.7x less CPU per turn of a 12-turn chat),
   * while texts that never come back cost 4-13 % more (measured at two stops; bench/README.md). It
   * keeps no text (HMAC digests under a key of its own, and span offsets, types and scores;
   * src/resolve/memo.ts) and answers exactly as detection would. A registered detector must be a pure function of the text.
   */
  detectMemo?: number;
}

export interface Engine {
  readonly vault: Vault;
  anonymise(text: string, options?: AnonymiseOptions): Promise<AnonymiseResult>;
  anonymize(text: string, options?: AnonymiseOptions): Promise<AnonymiseResult>;
  /**
   * `anonymise` on each text of one request or batch, in one session (`options.session`, else one new
   * session for all of them), with one vault request for all (one SQLite transaction, one Redis round
   * trip) instead of one per text; a memory vault is asked text by text (it has no cost per request
   * to share). The results are in input order, with the tokens one call after
   * another would give, except where a text's output needs a second escape round (two replacements side
   * by side that read as a token): its LITERAL token may then be numbered after a later text's. If any
   * text fails, the call fails (with the first failure, once every text has settled).
   */
  anonymiseMany(texts: readonly string[], options?: AnonymiseOptions): Promise<AnonymiseResult[]>;
  deanonymise(reply: string, options: { session: string; detailed?: false } & RestoreOptions): Promise<string>;
  deanonymise(reply: string, options: { session: string; detailed: true } & RestoreOptions): Promise<DeanonymiseResult>;
  deanonymize(reply: string, options: { session: string; detailed?: boolean } & RestoreOptions): Promise<string | DeanonymiseResult>;
  /** anonymiseRecord with the engine's vault, policy and audit sink. */
  anonymiseRecord<T>(record: T, options?: Omit<RecordOptions, 'vault'>): Promise<AnonymisedRecord<T>>;
  deanonymiseRecord<T>(record: T, options: Omit<DeanonymiseRecordOptions, 'vault'>): Promise<DeanonymisedRecord<T>>;
  deanonymiseStream(options: Omit<DeanonymiseStreamOptions, 'vault'>): TransformStream<string, string>;
  deanonymiseNodeStream(options: Omit<DeanonymiseStreamOptions, 'vault'>): Transform;
  /** A chunk-by-chunk restorer on the engine's vault (one per reply or stream channel). */
  restorer(options: Omit<DeanonymiseStreamOptions, 'vault'>): StreamingRestorer;
  /**
   * Register a generalisation rule in this engine's registry (a copy of the default registry made
   * when the engine was built). Policies compiled afterwards (per-call policies) can name it.
   */
  registerRule(name: string, rule: UserRuleFunction | UserRuleTable, options?: RegisterRuleOptions): void;
  /** Find personal data with this engine's detectors (`detect` with the engine's registry). */
  detect(text: string, options?: DetectOptions): Entity[];
  /** `detect` on each text, with this engine's detectors: the same entities, faster for many short texts. */
  detectMany(texts: readonly string[], options?: DetectOptions): Entity[][];
  /**
   * Add a detector to this engine's registry (a copy of the default registry made when the engine was
   * built): its anonymise, records and per-call policies see it; other engines and plain calls do not.
   */
  registerDetector(spec: DetectorSpec): Detector;
  unregisterDetector(id: string): boolean;
  listDetectors(): readonly Detector[];
  unregisterRule(name: string): boolean;
  listRules(): string[];
  /** Close the vault if the engine created it. */
  close(): Promise<void>;
}

/**
 * Key material for `hash` when the policy has no `secret`: derived (HKDF, its own label) from the
 * master key (`key`, else KAVACH_KEY / KAVACH_KEY_FILE). With no master key and an ephemeral vault
 * (the in-memory default), a random per-process key: hashes are consistent within the process only,
 * exactly like that vault's tokens. With a persistent vault and no key: undefined (a hashing policy
 * then fails to bind with KEY_MISSING).
 */
export function hashKeyMaterial(options: { key?: KeyInput; vault?: Vault } = {}): Buffer | undefined {
  const master = resolveKey(options.key !== undefined ? { key: options.key } : {});
  if (master) return hashKeyFromMaster(master);
  if (options.vault === undefined || options.vault.ephemeralKey) return processHashKey();
  return undefined;
}

/** Build an engine. Bad options fail here, not on the first call. */
export function createEngine(options: EngineOptions = {}): Engine {
  if (!options || typeof options !== 'object') throw Errors.invalidOption('createEngine options must be an object');
  const { vault, owned } = openVault(options.vault, {
    ...(options.key !== undefined ? { key: options.key } : {}),
    ...(options.previousKeys ? { previousKeys: options.previousKeys } : {}),
    ...(options.ttl !== undefined ? { ttl: options.ttl } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  // The engine's rule and detector registries start as copies of the default ones. Policies are
  // compiled and bound to the engine's key material once each: the engine's own here, so a bad policy
  // fails construction.
  const rules = new RuleRegistry(defaultRules);
  const detectors = new DetectorRegistry(defaultRegistry.list());
  let keyMaterial: { value: Buffer | undefined } | undefined;
  const material = (): Buffer | undefined => (keyMaterial ??= { value: hashKeyMaterial({ ...(options.key !== undefined ? { key: options.key } : {}), vault }) }).value;
  const memoEntries = options.detectMemo ?? MEMO_ENTRIES;
  if (!Number.isInteger(memoEntries) || memoEntries < 0 || memoEntries === 1) throw Errors.invalidOption('detectMemo must be 0 (no memo) or a whole number of texts from 2');
  const direct = (text: string, o?: DetectOptions): Entity[] => detectWith(detectors, text, o);
  const memo = memoEntries > 0 ? new DetectMemo(memoEntries, () => detectors.version) : undefined;
  const detect = memo ? (text: string, o?: DetectOptions): Entity[] => memo.detect(text, o, direct) : direct;
  const flow: Flow = {
    plan: planResolver((policy) => bindPolicy(policy, { rules, detectors, keyMaterial: material() })),
    detect,
  };
  const policy = flow.plan(options.policy);
  const audit: AuditOptions = {
    ...(options.audit ? { audit: options.audit } : {}),
    ...(options.caller !== undefined ? { caller: options.caller } : {}),
    ...(options.purpose !== undefined ? { purpose: options.purpose } : {}),
  };
  const publicVault = options.audit ? auditVault(vault, options.audit, audit) : vault;
  const defaults: AnonymiseOptions = {
    vault,
    ...audit,
    policy,
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.ttl !== undefined ? { ttl: options.ttl } : {}),
    ...(options.detect ? { detect: options.detect } : {}),
    ...(options.detector ? { detector: options.detector } : {}),
  };
  const deanon = async (reply: string, o: { session: string; detailed?: boolean } & RestoreOptions): Promise<any> => {
    const r = await deanonymiseDetailed(reply, {
      ...audit,
      ...(o?.caller !== undefined ? { caller: o.caller } : {}),
      ...(o?.purpose !== undefined ? { purpose: o.purpose } : {}),
      ...(o?.links !== undefined ? { links: o.links } : {}),
      ...(o?.encode !== undefined ? { encode: o.encode } : {}),
      session: o?.session,
      vault,
    });
    return o?.detailed ? r : r.text;
  };
  const engine: Engine = {
    vault: publicVault,
    anonymise: (text, o) => anonymiseWith(text, { ...defaults, ...o, vault }, flow),
    anonymize: (text, o) => anonymiseWith(text, { ...defaults, ...o, vault }, flow),
    anonymiseMany: async (texts, o) => {
      if (!Array.isArray(texts)) throw new TypeError(`kavach: texts must be an array of strings, got ${typeName(texts)}`);
      const session = o?.session ?? randomUUID();
      // The memory store has no cost per request to share: text by text is cheaper there (a batch's
      // event-loop turns and bookkeeping cost a 12-message request ~0.3 ms; bench/gateway-turns.ts).
      if (texts.length <= 1 || vault.store === 'memory') {
        const out: AnonymiseResult[] = [];
        for (const t of texts) out.push(await anonymiseWith(t, { ...defaults, ...o, session, vault }, flow));
        return out;
      }
      // Every call is started before any is awaited, through a view that sends their vault requests as
      // one (src/vault/coalescing.ts); each asks the vault before it yields, so in input order.
      const view = coalescingVault(vault);
      const settled = await Promise.allSettled(texts.map((t) => anonymiseWith(t, { ...defaults, ...o, session, vault: view }, flow)));
      const out: AnonymiseResult[] = [];
      for (const r of settled) {
        if (r.status === 'rejected') throw r.reason;
        out.push(r.value);
      }
      return out;
    },
    deanonymise: deanon,
    deanonymize: deanon,
    anonymiseRecord: (record, o) => anonymiseRecordWith(record, { ...defaults, ...o, vault } as RecordOptions, flow),
    deanonymiseRecord: (record, o) => deanonymiseRecord(record, { ...audit, ...o, vault }),
    deanonymiseStream: (o) => createDeanonymiseStream({ ...o, vault }),
    deanonymiseNodeStream: (o) => deanonymiseNodeStream({ ...o, vault }),
    restorer: (o) => new StreamingRestorer({ ...o, vault }),
    registerRule: (name, rule, o) => rules.register(name, rule, o),
    unregisterRule: (name) => rules.unregister(name),
    listRules: () => rules.list(),
    detect,
    detectMany: (texts, o) => detectManyWith(detectors, texts, o),
    registerDetector: (spec) => detectors.register(spec),
    unregisterDetector: (id) => detectors.unregister(id),
    listDetectors: () => detectors.list(),
    close: async () => {
      if (owned) await vault.close();
    },
  };
  return engine;
}
