// The vault keeps what it decrypted per (session, token) with the ciphertext it came from
// (src/vault/opened.ts): a record read again with the same blob is not opened again, in every store;
// a record whose blob changed behind the vault's back (another process re-wrote it, tampering) is
// opened and checked as before; every erasure, purge, rotation and close drops what was kept; and
// `memo: 0` keeps nothing. Opening is counted on the real `openRecord`, wrapped.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

const opens = vi.hoisted(() => ({ n: 0 }));
vi.mock('../../src/vault/crypto.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/vault/crypto.js')>();
  return {
    ...real,
    openRecord: (...args: Parameters<typeof real.openRecord>) => {
      opens.n++;
      return real.openRecord(...args);
    },
  };
});

const { anonymise } = await import('../../src/anonymise.js');
const { KavachError } = await import('../../src/errors.js');
const { generateKey } = await import('../../src/vault/keys.js');
const { createMemoryVault } = await import('../../src/vault/memory.js');
const { createSqliteVault } = await import('../../src/vault/sqlite.js');

const dir = mkdtempSync(join(tmpdir(), 'kavach-opened-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let dbs = 0;
const sqlitePath = (): string => join(dir, `v${++dbs}.db`);

beforeEach(() => {
  opens.n = 0;
});

describe('decrypted values kept with their ciphertext', () => {
  for (const store of ['memory', 'sqlite'] as const) {
    const open = (o: { memo?: number } = {}) => (store === 'memory' ? createMemoryVault({ key: generateKey(), ...o }) : createSqliteVault({ path: sqlitePath(), key: generateKey(), ...o }));

    it(`${store}: a record read again is not opened again, and reads the same`, async () => {
      const v = open();
      const [t] = await v.tokenize([{ session: 's', type: 'PHONE', value: '9876543210' }]);
      for (let i = 0; i < 4; i++) expect((await v.reveal('s', [t!])).get(t!)).toBe('9876543210');
      expect(opens.n).toBe(1);
      await v.close();
    });

    it(`${store}: memo 0 keeps nothing`, async () => {
      const v = open({ memo: 0 });
      const [t] = await v.tokenize([{ session: 's', type: 'PHONE', value: '9876543210' }]);
      for (let i = 0; i < 3; i++) await v.reveal('s', [t!]);
      expect(opens.n).toBe(3);
      await v.close();
    });

    it(`${store}: erasure, purge and rotation drop what was kept; erased values are gone`, async () => {
      const v = open();
      const [a, b] = await v.tokenize([
        { session: 's', type: 'PHONE', value: '9876543210' },
        { session: 's', type: 'EMAIL', value: 'ravi.k@example.com' },
      ]);
      const both = async (): Promise<Map<string, string>> => v.reveal('s', [a!, b!]);
      await both();
      await both();
      expect(opens.n).toBe(2);

      expect(await v.forgetValue('9876543210', { type: 'PHONE' })).toBe(1);
      const after = await both();
      expect(after.has(a!)).toBe(false);
      expect(after.get(b!)).toBe('ravi.k@example.com');
      expect(opens.n).toBe(3); // the other record is opened again: nothing kept survives an erasure

      await v.purgeExpired();
      await both();
      expect(opens.n).toBe(4);

      await v.rotateKey(generateKey());
      expect((await both()).get(b!)).toBe('ravi.k@example.com');

      await v.forgetSession('s');
      expect((await both()).size).toBe(0);
      await v.close();
    });
  }

  it('sqlite: a blob changed behind the vault is opened again (a tampered one fails as before)', async () => {
    const path = sqlitePath();
    const v = createSqliteVault({ path, key: generateKey() });
    const [t] = await v.tokenize([{ session: 's', type: 'PAN', value: 'ABCPE1234F' }]);
    expect((await v.reveal('s', [t!])).get(t!)).toBe('ABCPE1234F');
    const db = new Database(path);
    const row = db.prepare('SELECT blob FROM kavach_record WHERE session = ? AND token = ?').get('s', t) as { blob: Buffer };
    const blob = Buffer.from(row.blob);
    blob[blob.length - 1]! ^= 0xff;
    db.prepare('UPDATE kavach_record SET blob = ? WHERE session = ? AND token = ?').run(blob, 's', t);
    db.close();
    await expect(v.reveal('s', [t!])).rejects.toBeInstanceOf(KavachError);
    expect(opens.n).toBe(2);
    await v.close();
  });

  it('a chat session anonymised turn after turn gives the same text with and without what is kept', async () => {
    const turns = [
      'Ravi Kumar (9876543210) asked about PAN ABCPE1234F.',
      'RAVI KUMAR called again from 98765 43210; PAN ABCPE1234F.',
      'Ravi Kumar, 9876543210, ravi.k@example.com',
    ];
    const key = generateKey();
    const kept = createMemoryVault({ key });
    const plain = createMemoryVault({ key, memo: 0 });
    for (const text of [...turns, ...turns]) {
      const x = await anonymise(text, { vault: kept, session: 'chat' });
      const y = await anonymise(text, { vault: plain, session: 'chat' });
      expect(x.text).toBe(y.text);
    }
  });
});
