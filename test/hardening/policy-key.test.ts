// Issue 14, item 16 (last clause): `anonymise(…, { policy: 'dataset', vault: sqlite })` with no key
// hashed with a random per-process key, so the "same in every process" hashes silently differed
// between runs on the same persistent vault. A hashing policy with a persistent vault and no key
// (no `secret`, no KAVACH_KEY / KAVACH_KEY_FILE) now fails with KEY_MISSING, on every path.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anonymise } from '../../src/anonymise.js';
import type { PolicyOption } from '../../src/decide/input.js';
import { createEngine } from '../../src/engine.js';
import { anonymiseRecord } from '../../src/records/records.js';
import { createPool } from '../../src/batch/pool.js';
import { createMemoryVault } from '../../src/vault/memory.js';
import { createSqliteVault } from '../../src/vault/sqlite.js';
import type { Vault } from '../../src/vault/interface.js';

const dir = mkdtempSync(join(tmpdir(), 'kavach-policy-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const VAULT_KEY = Buffer.alloc(32, 7).toString('base64');
const MASTER = Buffer.alloc(32, 9).toString('base64');
const TEXT = 'Ravi Kumar, PAN ABCPK1234F, mobile 9876543210';
const HASHING = { name: 'hash-all', defaults: { action: 'hash' as const } };

let saved: Record<string, string | undefined> = {};
const vaults: Vault[] = [];
let n = 0;
function sqlite(): Vault {
  const v = createSqliteVault({ path: join(dir, `v${n++}.db`), key: VAULT_KEY });
  vaults.push(v);
  return v;
}

beforeEach(() => {
  saved = { KAVACH_KEY: process.env.KAVACH_KEY, KAVACH_KEY_FILE: process.env.KAVACH_KEY_FILE };
  delete process.env.KAVACH_KEY;
  delete process.env.KAVACH_KEY_FILE;
});
afterEach(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  for (const v of vaults.splice(0)) await v.close();
});

describe('hashing policy + persistent vault + no key', () => {
  it.each([
    ['the dataset preset', 'dataset'],
    ['a policy object that hashes', HASHING],
  ])('anonymise with %s fails with KEY_MISSING', async (_what, policy) => {
    await expect(anonymise(TEXT, { policy: policy as PolicyOption, vault: sqlite() })).rejects.toMatchObject({ code: 'KEY_MISSING' });
  });

  it('a pool batch fails the same way, before any task: also an empty one, also of records', async () => {
    const pool = createPool({ threads: 0 });
    try {
      for (const items of [[], [TEXT, TEXT], [{ pan: 'ABCPK1234F' }]] as const) {
        await expect(pool.anonymiseBatch(items as never, { policy: 'dataset', vault: sqlite() })).rejects.toMatchObject({ code: 'KEY_MISSING' });
      }
      await expect(pool.anonymiseBatch([], { mode: 'nope' as never, vault: createMemoryVault() })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
      const stream = pool.anonymiseStream([TEXT], { policy: HASHING, vault: sqlite() });
      await expect(stream.next()).rejects.toMatchObject({ code: 'KEY_MISSING' });
    } finally {
      await pool.close();
    }
  });

  it('anonymiseRecord fails the same way', async () => {
    await expect(anonymiseRecord({ pan: 'ABCPK1234F', note: TEXT }, { policy: 'dataset', vault: sqlite() })).rejects.toMatchObject({ code: 'KEY_MISSING' });
  });

  it('…also after the same policy was used with the ephemeral in-memory vault in this process', async () => {
    await anonymise(TEXT, { policy: HASHING, vault: createMemoryVault() });
    await expect(anonymise(TEXT, { policy: HASHING, vault: sqlite() })).rejects.toMatchObject({ code: 'KEY_MISSING' });
  });

  it('the message names the fix and no value', async () => {
    const err = (await anonymise(TEXT, { policy: 'dataset', vault: sqlite() }).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/KAVACH_KEY/);
    expect(err.message).not.toContain('ABCPK');
  });
});

describe('what still works', () => {
  it('a policy that does not hash needs no key with a persistent vault', async () => {
    const r = await anonymise(TEXT, { policy: 'llm', vault: sqlite() });
    expect(r.text).toContain('<PAN_1>');
  });

  it('the ephemeral in-memory vault hashes with the per-process key (documented)', async () => {
    const a = await anonymise(TEXT, { policy: 'dataset', vault: createMemoryVault() });
    const b = await anonymise(TEXT, { policy: 'dataset' });
    expect(a.text).not.toContain('ABCPK1234F');
    expect(a.text).toBe(b.text);
  });

  it('a policy secret is enough', async () => {
    const r = await anonymise(TEXT, { policy: { ...HASHING, secret: 's'.repeat(32) }, vault: sqlite() });
    expect(r.text).not.toContain('ABCPK1234F');
  });

  it('with KAVACH_KEY set, the hashes are those of an engine built with that key', async () => {
    process.env.KAVACH_KEY = MASTER;
    const vault = sqlite();
    const plain = await anonymise(TEXT, { policy: 'dataset', vault });
    const engine = createEngine({ key: MASTER, policy: 'dataset', vault });
    const viaEngine = await engine.anonymise(TEXT);
    expect(plain.text).not.toContain('ABCPK1234F');
    expect(plain.text).toBe(viaEngine.text);
    const rec = await anonymiseRecord({ pan: 'ABCPK1234F' }, { policy: 'dataset', vault });
    expect(JSON.stringify(rec)).not.toContain('ABCPK1234F');
  });
});
