/** `--vault memory | sqlite:<path> | redis://…` and the key options, turned into a vault. */
import { Errors } from '../errors.js';
import type { TokenMode, Vault } from '../vault/interface.js';
import { openVault as openFromConfig, parseRedisSpec, type VaultSpec } from '../vault/open.js';

export interface VaultSpecOptions {
  /** --key-file (else KAVACH_KEY / KAVACH_KEY_FILE from the environment). */
  keyFile?: string;
}

/** Open the vault a spec names (through vault/open.ts, the one way to open a vault). The default (no --vault) is KAVACH_VAULT, else memory. */
export function openVault(spec: string | undefined, options: VaultSpecOptions = {}): Vault {
  const s = spec ?? process.env.KAVACH_VAULT ?? 'memory';
  if (s !== 'memory' && !/^(sqlite:|rediss?:\/\/)/.test(s)) throw Errors.invalidOption('--vault must be memory, sqlite:<path> or redis://host:port');
  return openFromConfig(s as VaultSpec, options.keyFile !== undefined ? { keyFile: options.keyFile } : {}).vault;
}

/**
 * `redis://host:port/db?prefix=team-a:` → the connection URL and the key prefix. One Redis can hold
 * several vaults (teams, environments, each with its own key) under different prefixes.
 */
export const redisSpec = parseRedisSpec;

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
