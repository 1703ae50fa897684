// One way to open a vault (issue 10): from a config that is an existing Vault, "memory", a spec string
// ("sqlite:<path>", "redis://host:port/db?prefix=team-a:", "rediss://…") or an options object
// ({ store: 'memory' | 'sqlite' | 'redis', … }). createEngine, the CLI (--vault) and the batch queue
// all open vaults here. Nothing heavy loads with this module: better-sqlite3 and ioredis are required
// (src/node-require.ts) only when a SQLite or Redis vault is actually opened.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Errors } from '../errors.js';
import type { Vault } from './interface.js';
import { createMemoryVault } from './memory.js';
import { createRedisVault, type RedisVaultOptions } from './redis.js';
import { createSqliteVault, type SqliteVaultOptions } from './sqlite.js';
import type { VaultOptions } from './vault.js';

/** Options every opened store takes; given here they win over the same fields of an options object. */
export type OpenVaultOptions = VaultOptions;

/** A spec string: "memory", "sqlite:<path>", "redis://…" or "rediss://…". */
export type VaultSpec = 'memory' | `sqlite:${string}` | `redis://${string}` | `rediss://${string}`;

/** A vault, or how to make one. */
export type VaultConfig =
  | Vault
  | VaultSpec
  | ({ store: 'memory' } & Omit<VaultOptions, 'key' | 'ttl' | 'clock'>)
  | ({ store: 'sqlite' } & Omit<SqliteVaultOptions, 'key' | 'ttl' | 'clock'>)
  | ({ store: 'redis' } & Omit<RedisVaultOptions, 'key' | 'ttl' | 'clock'>);

export interface OpenedVault {
  vault: Vault;
  /** True when the vault was made here (the opener closes it); false for a Vault passed in. */
  owned: boolean;
}

const SHAPE = 'vault must be a Vault, "memory", "sqlite:<path>", "redis://…", or { store: "memory" | "sqlite" | "redis", ... }';

/** Duck type: anything with tokenize and reveal is used as a vault as it is. */
export function isVault(v: unknown): v is Vault {
  return !!v && typeof v === 'object' && typeof (v as Vault).tokenize === 'function' && typeof (v as Vault).reveal === 'function';
}

/** `options` without undefined fields, so they never overwrite a config's own. */
function defined(options: OpenVaultOptions): OpenVaultOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as OpenVaultOptions;
}

/**
 * Open the vault a config names. `undefined` is a new in-memory vault. A spec's SQLite path is resolved
 * against the working directory and its directory created (what `--vault sqlite:<path>` always did);
 * an options object's path is used as given.
 */
export function openVault(config: VaultConfig | undefined, options: OpenVaultOptions = {}): OpenedVault {
  if (options === null || typeof options !== 'object') throw Errors.invalidOption('vault options must be an object');
  const common = defined(options);
  if (config === undefined || config === 'memory') return { vault: createMemoryVault(common), owned: true };
  if (typeof config === 'string') return { vault: openSpec(config, common), owned: true };
  if (isVault(config)) return { vault: config, owned: false };
  if (config && typeof config === 'object') {
    const { store, ...rest } = config as { store?: unknown };
    if (store === 'memory') return { vault: createMemoryVault({ ...rest, ...common }), owned: true };
    if (store === 'sqlite') return { vault: createSqliteVault({ ...(rest as SqliteVaultOptions), ...common }), owned: true };
    if (store === 'redis') return { vault: createRedisVault({ ...(rest as RedisVaultOptions), ...common }), owned: true };
  }
  throw Errors.invalidOption(SHAPE);
}

function openSpec(spec: string, common: OpenVaultOptions): Vault {
  if (spec.startsWith('sqlite:')) {
    const raw = spec.slice('sqlite:'.length);
    if (raw.length === 0) throw Errors.invalidOption('vault sqlite:<path> needs a path');
    const path = resolve(raw);
    mkdirSync(dirname(path), { recursive: true });
    return createSqliteVault({ path, ...common });
  }
  if (spec.startsWith('redis://') || spec.startsWith('rediss://')) return createRedisVault({ ...parseRedisSpec(spec), ...common });
  throw Errors.invalidOption(SHAPE);
}

/**
 * `redis://host:port/db?prefix=team-a:` → the connection URL and the key prefix. One Redis can hold
 * several vaults (teams, environments, each with its own key) under different prefixes; a vault
 * refuses records under keys it does not hold, so two environments must not share one prefix.
 */
export function parseRedisSpec(spec: string): { url: string; prefix?: string } {
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    throw Errors.invalidOption('vault redis://… is not a valid URL');
  }
  const prefix = url.searchParams.get('prefix');
  if (prefix === null) return { url: spec };
  if (!/^[A-Za-z0-9_.:{}-]{1,64}$/.test(prefix)) {
    throw Errors.invalidOption('vault redis://…?prefix= takes 1-64 letters, digits or _ . : { } -');
  }
  url.searchParams.delete('prefix');
  return { url: url.toString(), prefix };
}
