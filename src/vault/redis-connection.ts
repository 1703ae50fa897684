// The Redis vault's connection, options, record encoding and error wrapping (src/vault/redis.ts is the
// backend, src/vault/redis-scripts.ts its Lua).
import type { Redis } from 'ioredis';
import { nodeRequire } from '../node-require.js';
import { KavachError, Errors } from '../errors.js';
import type { RecordKind } from './interface.js';
import type { VaultOptions } from './vault.js';

export interface RedisVaultOptions extends VaultOptions {
  /** redis://host:port/db (default: REDIS_URL). Ignored when `client` is given. */
  url?: string;
  /** An existing ioredis client (not closed by the vault). */
  client?: Redis;
  /** Key prefix (default "kavach:"). */
  prefix?: string;
}

/** A record as stored in the session's token hash (JSON): kind, type, lookup, key id, created, blob (base64). */
export interface RecordJson {
  k: RecordKind;
  y: string;
  l: string;
  i: string;
  c: number;
  b?: string;
}

/** Most arguments one script call gets (tokens for GET, lookups for erasure and export). */
export const READ_CHUNK = 4096;

export async function wrap<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof KavachError) throw err;
    const msg = err instanceof Error ? err.message : '';
    if (msg.includes('KAVACH_NO_FREE_TOKEN')) throw Errors.vault('no free token in session (deterministic collision or surrogates exhausted)');
    throw Errors.vault(`redis vault: ${what} failed`, { cause: err });
  }
}

/**
 * The client a vault uses: the caller's (never closed by the vault) or one opened from `url` or
 * REDIS_URL. ioredis loads here, when a Redis vault is opened, not with the package.
 */
export function connect(options: RedisVaultOptions): { redis: Redis; own: boolean } {
  if (options.client) return { redis: options.client, own: false };
  const url = options.url ?? process.env.REDIS_URL;
  if (!url) throw Errors.invalidOption('redis vault needs { url }, { client } or REDIS_URL');
  const { Redis: RedisClient } = nodeRequire<typeof import('ioredis')>('ioredis');
  return { redis: new RedisClient(url, { lazyConnect: false, maxRetriesPerRequest: 3 }), own: true };
}
