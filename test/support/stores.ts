// One harness per store so the same vault suite runs against memory, SQLite and Redis.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { beforeEach, inject } from 'vitest';
import { createMemoryVault } from '../../src/vault/memory.js';
import { createRedisVault } from '../../src/vault/redis.js';
import { createSqliteVault } from '../../src/vault/sqlite.js';
import type { PseudonymVault, VaultOptions } from '../../src/vault/vault.js';
import { generateKey } from '../../src/vault/keys.js';

export type StoreName = 'memory' | 'sqlite' | 'redis';
export const STORES: StoreName[] = ['memory', 'sqlite', 'redis'];

/**
 * Whether the global setup (test/setup/redis.ts) found a Redis. Without one, Redis-backed tests are
 * skipped, never faked; the setup printed one line saying why and how to run them, and under
 * KAVACH_REQUIRE_REDIS=1 (CI) it fails the run instead, so CI never skips them.
 */
export const HAS_REDIS = Boolean(inject('redisUrl'));
export const NO_REDIS = 'no Redis: see the line printed at the start of the run';

/** In a suite run once per store: skip every test of the 'redis' store when there is no Redis. */
export function skipRedisStoreWithoutRedis(store: StoreName): void {
  beforeEach((ctx) => {
    if (store === 'redis' && !HAS_REDIS) ctx.skip(NO_REDIS);
  });
}

export function redisUrl(): string {
  const url = inject('redisUrl') || process.env.REDIS_URL;
  if (!url) throw new Error('no Redis: test/setup/redis.ts should have provided one (guard Redis tests with HAS_REDIS)');
  return url;
}

/** A fake clock tests move by hand. Starts near real time so native Redis expiry stays meaningful. */
export class FakeClock {
  t = Date.now();
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface Harness {
  readonly name: StoreName;
  /** Open a vault on this harness's storage (same location every time; memory: same backend object). */
  open(options?: VaultOptions): PseudonymVault;
  /** Every raw byte the store holds: SQLite db + WAL + SHM files; Redis key names and DUMPs. */
  rawBytes(): Promise<Buffer>;
  /** Connection details for child processes. */
  location: { path?: string; url?: string; prefix?: string };
  cleanup(): Promise<void>;
}

export function makeHarness(name: StoreName, key = generateKey()): Harness {
  const opened: PseudonymVault[] = [];
  const withKey = (o: VaultOptions = {}): VaultOptions => ({ key, ...o });
  if (name === 'memory') {
    let vault: PseudonymVault | undefined;
    return {
      name,
      location: {},
      open(o) {
        // A memory vault cannot be reopened: hand back the one instance (first options win).
        vault ??= createMemoryVault(withKey(o));
        return vault;
      },
      async rawBytes() {
        return Buffer.alloc(0);
      },
      async cleanup() {
        await vault?.close();
      },
    };
  }
  if (name === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'kavach-sqlite-'));
    const path = join(dir, 'vault.db');
    return {
      name,
      location: { path },
      open(o) {
        const v = createSqliteVault({ path, ...withKey(o) });
        opened.push(v);
        return v;
      },
      async rawBytes() {
        return Buffer.concat(['', '-wal', '-shm', '-journal'].map((s) => path + s).filter((p) => existsSync(p)).map((p) => readFileSync(p)));
      },
      async cleanup() {
        for (const v of opened) await v.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = redisUrl();
  const prefix = `kvtest-${randomBytes(6).toString('hex')}:`;
  return {
    name,
    location: { url, prefix },
    open(o) {
      const v = createRedisVault({ url, prefix, ...withKey(o) });
      opened.push(v);
      return v;
    },
    async rawBytes() {
      const r = new Redis(url);
      try {
        const parts: Buffer[] = [];
        let cursor = '0';
        do {
          const [next, keys] = await r.scanBuffer(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
          cursor = String(next);
          for (const k of keys) {
            parts.push(k);
            const d = await r.dumpBuffer(k);
            if (d) parts.push(d);
            // DUMP may compress (LZF); the logical contents are checked too.
            const type = await r.type(k);
            if (type === 'hash') parts.push(...(await r.hgetallBuffer(k) ? Object.entries(await r.hgetallBuffer(k)).flatMap(([f, v]) => [Buffer.from(f), v]) : []));
            if (type === 'zset') parts.push(...(await r.zrangeBuffer(k, '0', '-1')));
          }
        } while (cursor !== '0');
        return Buffer.concat(parts);
      } finally {
        await r.quit();
      }
    },
    async cleanup() {
      for (const v of opened) await v.close();
      const r = new Redis(url);
      let cursor = '0';
      do {
        const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await r.del(...keys);
      } while (cursor !== '0');
      await r.quit();
    },
  };
}
