// src/vault/open.ts: one way to open a vault from a config (an existing Vault, "memory", a spec string,
// or an options object), loading better-sqlite3 and ioredis only when such a store is opened.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { Vault } from '../../src/vault/interface.js';
import { generateKey } from '../../src/vault/keys.js';
import { createMemoryVault } from '../../src/vault/memory.js';
import { openVault, parseRedisSpec } from '../../src/vault/open.js';
import type { PseudonymVault } from '../../src/vault/vault.js';
import { HAS_REDIS, NO_REDIS, redisUrl } from '../support/stores.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const key = generateKey();
const req = (value: string) => ({ session: 's', type: 'PERSON', value });

describe('openVault', () => {
  const dirs: string[] = [];
  const vaults: Vault[] = [];
  const tmp = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'kavach-open-'));
    dirs.push(d);
    return d;
  };
  const keep = <T extends { vault: Vault }>(o: T): T => (vaults.push(o.vault), o);
  afterEach(async () => {
    for (const v of vaults.splice(0)) await v.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it.each([[undefined], ['memory' as const], [{ store: 'memory' as const }]])('%j opens a new in-memory vault it owns', async (config) => {
    const { vault, owned } = keep(openVault(config));
    expect(owned).toBe(true);
    expect(vault.store).toBe('memory');
    expect(vault.ephemeralKey).toBe(true);
    expect(await vault.tokenize([req('Ravi Kumar')])).toEqual(['<PERSON_1>']);
  });

  it('uses a Vault as it is and does not own it', () => {
    const mine = createMemoryVault();
    vaults.push(mine);
    const o = openVault(mine, { key });
    expect(o.vault).toBe(mine);
    expect(o.owned).toBe(false);
  });

  it('passes the options to the store, over the same fields of an options object; undefined options do not erase them', async () => {
    const a = keep(openVault({ store: 'memory', memo: 0 }, { key })).vault as PseudonymVault;
    await a.tokenize([req('Ravi Kumar')]);
    expect(a.memoEntries).toBe(0);
    expect(a.ephemeralKey).toBe(false);
    const b = keep(openVault({ store: 'memory', memo: 0 }, { memo: 5, ttl: undefined })).vault as PseudonymVault;
    await b.tokenize([req('Ravi Kumar')]);
    expect(b.memoEntries).toBe(1);
    const c = keep(openVault({ store: 'memory', memo: 0 }, { ttl: undefined })).vault as PseudonymVault;
    await c.tokenize([req('Ravi Kumar')]);
    expect(c.memoEntries).toBe(0);
  });

  it('"sqlite:<path>" creates the directory and opens a SQLite vault that outlives its process', async () => {
    const path = join(tmp(), 'a', 'b', 'vault.db');
    const first = keep(openVault(`sqlite:${path}`, { key }));
    expect(first.vault.store).toBe('sqlite');
    expect(existsSync(path)).toBe(true);
    const [t] = await first.vault.tokenize([req('Ravi Kumar')]);
    await first.vault.close();
    const again = keep(openVault({ store: 'sqlite', path }, { key }));
    expect((await again.vault.reveal('s', [t!])).get(t!)).toBe('Ravi Kumar');
  });

  it('a persistent store without a key is KEY_MISSING', () => {
    expect(() => openVault(`sqlite:${join(tmp(), 'v.db')}`, { env: {} })).toThrow(expect.objectContaining({ code: 'KEY_MISSING' }));
  });

  it.each([
    ['postgres://h/db'], ['sqlite:'], ['Memory'], [{ store: 'mongo' }], [42], [null], [{ tokenize: () => [] }],
  ])('refuses %j with INVALID_OPTION', (config) => {
    expect(() => openVault(config as never, { key })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });

  it.each([
    ['redis://127.0.0.1:6379', { url: 'redis://127.0.0.1:6379' }],
    ['redis://127.0.0.1:6379/2?prefix=team-a:', { url: 'redis://127.0.0.1:6379/2', prefix: 'team-a:' }],
    ['rediss://u:p@h:1/0?prefix=prod:&family=6', { url: 'rediss://u:p@h:1/0?family=6', prefix: 'prod:' }],
  ])('parses the Redis spec %s', (spec, want) => {
    expect(parseRedisSpec(spec)).toEqual(want);
  });

  it.each(['redis://h:1?prefix=', 'redis://h:1?prefix=a%20b', 'redis://h:1?prefix=' + 'x'.repeat(65), 'redis://[bad'])('refuses the Redis spec %s', (spec) => {
    expect(() => parseRedisSpec(spec)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });

  it('"redis://…?prefix=" and { store: "redis" } open one Redis vault under the prefix', async (ctx) => {
    if (!HAS_REDIS) return ctx.skip(NO_REDIS);
    const prefix = `kvopen-${process.pid}-${Date.now()}:`;
    const url = new URL(redisUrl());
    url.searchParams.set('prefix', prefix);
    const a = keep(openVault(url.toString() as `redis://${string}`, { key }));
    expect(a.vault.store).toBe('redis');
    const [t] = await a.vault.tokenize([req('Ravi Kumar')]);
    const b = keep(openVault({ store: 'redis', url: redisUrl(), prefix }, { key }));
    expect((await b.vault.reveal('s', [t!])).get(t!)).toBe('Ravi Kumar');
    const r = new Redis(redisUrl());
    try {
      const keys = await r.keys(`${prefix}*`);
      expect(keys.length).toBeGreaterThan(0);
      await r.del(...keys);
    } finally {
      await r.quit();
    }
  });

  it('loads better-sqlite3 and ioredis only when such a store is opened', () => {
    const dir = tmp();
    const src = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const loaded = () => ['better-sqlite3', 'ioredis'].filter((p) => Object.keys(require.cache).some((k) => k.includes('/node_modules/' + p + '/')));
const { openVault } = await import(${JSON.stringify(join(ROOT, 'src/vault/open.ts'))});
const out = { afterImport: loaded() };
await openVault('memory').vault.close();
out.afterMemory = loaded();
const v = openVault(${JSON.stringify(`sqlite:${join(dir, 'v.db')}`)}, { key: ${JSON.stringify(key)} }).vault;
out.afterSqlite = loaded();
await v.close();
console.log(JSON.stringify(out));
`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', src], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ afterImport: [], afterMemory: [], afterSqlite: ['better-sqlite3'] });
  });
});
