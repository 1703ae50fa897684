// createEngine: one configured pipeline (vault, policy, mode, key, ttl) with anonymise/deanonymise.
import { anonymise, type AnonymiseOptions, type AnonymiseResult } from './anonymise.js';
import { auditVault } from './audit/vault.js';
import type { AuditSink } from './audit/event.js';
import { deanonymiseDetailed, type DeanonymiseOptions, type DeanonymiseResult } from './deanonymise.js';
import { bindPolicy, hashKeyMaterial, type AuditOptions } from './decide/plan.js';
import { anonymiseRecord, deanonymiseRecord, type AnonymisedRecord, type DeanonymisedRecord, type DeanonymiseRecordOptions, type RecordOptions } from './records/records.js';
import type { PolicyInput } from './decide/policy.js';
import { Errors } from './errors.js';
import { createDeanonymiseStream, deanonymiseNodeStream, StreamingRestorer, type StreamOptions } from './restore/stream.js';
import type { Entity, DetectOptions } from './types.js';
import type { TokenMode, Vault } from './vault/interface.js';
import type { KeyInput } from './vault/keys.js';
import { createMemoryVault } from './vault/memory.js';
import { createRedisVault, type RedisVaultOptions } from './vault/redis.js';
import { createSqliteVault, type SqliteVaultOptions } from './vault/sqlite.js';
import type { Transform } from 'node:stream';

/** Per-call restore options: audit facts, link withholding, value encoding. */
export type RestoreOptions = AuditOptions & Pick<DeanonymiseOptions, 'links' | 'encode'>;

/** A vault, or how to make one. */
export type VaultConfig =
  | Vault
  | 'memory'
  | { store: 'memory' }
  | ({ store: 'sqlite' } & Omit<SqliteVaultOptions, 'key' | 'ttl' | 'clock'>)
  | ({ store: 'redis' } & Omit<RedisVaultOptions, 'key' | 'ttl' | 'clock'>);

export interface EngineOptions {
  /** Default: a new in-memory vault owned by the engine. */
  vault?: VaultConfig;
  /** A policy, a preset name ('llm' default, 'dataset', 'strict') or a Decider; compiled and checked here. */
  policy?: unknown;
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
}

export interface Engine {
  readonly vault: Vault;
  anonymise(text: string, options?: AnonymiseOptions): Promise<AnonymiseResult>;
  anonymize(text: string, options?: AnonymiseOptions): Promise<AnonymiseResult>;
  deanonymise(reply: string, options: { session: string; detailed?: false } & RestoreOptions): Promise<string>;
  deanonymise(reply: string, options: { session: string; detailed: true } & RestoreOptions): Promise<DeanonymiseResult>;
  deanonymize(reply: string, options: { session: string; detailed?: boolean } & RestoreOptions): Promise<string | DeanonymiseResult>;
  /** anonymiseRecord with the engine's vault, policy and audit sink. */
  anonymiseRecord<T>(record: T, options?: Omit<RecordOptions, 'vault'>): Promise<AnonymisedRecord<T>>;
  deanonymiseRecord<T>(record: T, options: Omit<DeanonymiseRecordOptions, 'vault'>): Promise<DeanonymisedRecord<T>>;
  deanonymiseStream(options: Omit<StreamOptions, 'vault'>): TransformStream<string, string>;
  deanonymiseNodeStream(options: Omit<StreamOptions, 'vault'>): Transform;
  /** A chunk-by-chunk restorer on the engine's vault (one per reply or stream channel). */
  restorer(options: Omit<StreamOptions, 'vault'>): StreamingRestorer;
  /** Close the vault if the engine created it. */
  close(): Promise<void>;
}

function isVault(v: unknown): v is Vault {
  return !!v && typeof v === 'object' && typeof (v as Vault).tokenize === 'function' && typeof (v as Vault).reveal === 'function';
}

function makeVault(o: EngineOptions): { vault: Vault; owned: boolean } {
  const common = {
    ...(o.key !== undefined ? { key: o.key } : {}),
    ...(o.previousKeys ? { previousKeys: o.previousKeys } : {}),
    ...(o.ttl !== undefined ? { ttl: o.ttl } : {}),
    ...(o.clock ? { clock: o.clock } : {}),
  };
  const v = o.vault;
  if (v === undefined || v === 'memory') return { vault: createMemoryVault(common), owned: true };
  if (isVault(v)) return { vault: v, owned: false };
  if (typeof v === 'object' && v.store === 'memory') return { vault: createMemoryVault(common), owned: true };
  if (typeof v === 'object' && v.store === 'sqlite') return { vault: createSqliteVault({ ...v, ...common }), owned: true };
  if (typeof v === 'object' && v.store === 'redis') return { vault: createRedisVault({ ...v, ...common }), owned: true };
  throw Errors.invalidOption('vault must be a Vault, "memory", or { store: "memory" | "sqlite" | "redis", ... }');
}

/** Build an engine. Bad options fail here, not on the first call. */
export function createEngine(options: EngineOptions = {}): Engine {
  if (!options || typeof options !== 'object') throw Errors.invalidOption('createEngine options must be an object');
  const { vault, owned } = makeVault(options);
  // Policies are compiled and bound to key material once, here: a bad policy fails construction.
  const policy = typeof options.policy === 'function'
    ? options.policy
    : bindPolicy(options.policy as PolicyInput | undefined, { keyMaterial: hashKeyMaterial({ ...(options.key !== undefined ? { key: options.key } : {}), vault }) });
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
    anonymise: (text, o) => anonymise(text, { ...defaults, ...o, vault }),
    anonymize: (text, o) => anonymise(text, { ...defaults, ...o, vault }),
    deanonymise: deanon,
    deanonymize: deanon,
    anonymiseRecord: (record, o) => anonymiseRecord(record, { ...defaults, ...o, vault } as RecordOptions),
    deanonymiseRecord: (record, o) => deanonymiseRecord(record, { ...audit, ...o, vault }),
    deanonymiseStream: (o) => createDeanonymiseStream({ ...o, vault }),
    deanonymiseNodeStream: (o) => deanonymiseNodeStream({ ...o, vault }),
    restorer: (o) => new StreamingRestorer({ ...o, vault }),
    close: async () => {
      if (owned) await vault.close();
    },
  };
  return engine;
}
