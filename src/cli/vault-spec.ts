/** `--vault memory | sqlite:<path> | redis://…` and the key options, turned into a vault. */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { KavachError } from '../errors.js';
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
    if (path.length === 0) throw new KavachError('INVALID_OPTION', '--vault sqlite:<path> needs a path');
    mkdirSync(dirname(path), { recursive: true });
    return createSqliteVault({ path, ...keys });
  }
  if (s.startsWith('redis://') || s.startsWith('rediss://')) return createRedisVault({ url: s, ...keys });
  throw new KavachError('INVALID_OPTION', '--vault must be memory, sqlite:<path> or redis://host:port');
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
      throw new KavachError('INVALID_OPTION', '--mode must be session, deterministic or surrogate');
  }
}
