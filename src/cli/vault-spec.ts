/** `--vault memory | sqlite:<path> | redis://…` and the key options, turned into a vault. */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Errors } from '../errors.js';
import type { TokenMode, Vault } from '../vault/interface.js';
import { createMemoryVault } from '../vault/memory.js';
import { createRedisVault } from '../vault/redis.js';
import { createSqliteVault } from '../vault/sqlite.js';

export interface VaultSpecOptions {
  /** --key-file (else KAVACH_KEY / KAVACH_KEY_FILE from the environment). */
  keyFile?: string;
}

/** Open the vault a spec names. The default (no --vault) is KAVACH_VAULT, else memory. */
export function openVault(spec: string | undefined, options: VaultSpecOptions = {}): Vault {
  const s = spec ?? process.env.KAVACH_VAULT ?? 'memory';
  const keys = options.keyFile !== undefined ? { keyFile: options.keyFile } : {};
  if (s === 'memory') return createMemoryVault(keys);
  if (s.startsWith('sqlite:')) {
    const path = resolve(s.slice('sqlite:'.length));
    if (path.length === 0) throw Errors.invalidOption('--vault sqlite:<path> needs a path');
    mkdirSync(dirname(path), { recursive: true });
    return createSqliteVault({ path, ...keys });
  }
  if (s.startsWith('redis://') || s.startsWith('rediss://')) return createRedisVault({ ...redisSpec(s), ...keys });
  throw Errors.invalidOption('--vault must be memory, sqlite:<path> or redis://host:port');
}

/**
 * `redis://host:port/db?prefix=team-a:` → the connection URL and the key prefix. One Redis can hold
 * several vaults (teams, environments, each with its own key) under different prefixes; a vault
 * refuses records under keys it does not hold, so two environments must not share one prefix.
 */
export function redisSpec(spec: string): { url: string; prefix?: string } {
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    throw Errors.invalidOption('--vault redis://… is not a valid URL');
  }
  const prefix = url.searchParams.get('prefix');
  if (prefix === null) return { url: spec };
  if (!/^[A-Za-z0-9_.:{}-]{1,64}$/.test(prefix)) {
    throw Errors.invalidOption('--vault redis://…?prefix= takes 1-64 letters, digits or _ . : { } -');
  }
  url.searchParams.delete('prefix');
  return { url: url.toString(), prefix };
}

/** --mode session|deterministic|surrogate → the vault's token mode. */
export function tokenMode(mode: string | undefined): TokenMode {
  switch (mode ?? 'session') {
    case 'session':
      return 'token';
    case 'deterministic':
      return 'deterministic';
    case 'surrogate':
      return 'surrogate';
    default:
      throw Errors.invalidOption('--mode must be session, deterministic or surrogate');
  }
}
