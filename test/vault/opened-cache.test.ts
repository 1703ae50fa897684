// The vault keeps what it decrypted or sealed per (session, token) with the ciphertext it came from
// (src/vault/opened.ts): a record read again with the same blob is not opened again, in every store,
// and a record this vault sealed for a named session is not opened at all;
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

    it(`${store}: a record this vault sealed is never opened to be read back, and reads the same`, async () => {
      const v = open();
      const [t, u] = await v.tokenize([
        { session: 's', type: 'EMAIL', value: 'Ravi.K@example.com' },
        { session: 's', type: 'PERSON', value: 'रवि Kumar' },
      ]);
      for (let i = 0; i < 4; i++) {
        const got = await v.reveal('s', [t!, u!]);
        expect(got.get(t!)).toBe('Ravi.K@example.com');
        expect(got.get(u!)).toBe('रवि Kumar');
      }
      expect(opens.n).toBe(0);
      await v.close();
    });

    it(`${store}: a one-off call's session is not noted (no later call is likely to read it)`, async () => {
      const v = open();
      const r = await anonymise('Call Ravi on 9876543210.', { vault: v });
      const tokens = r.entities.map((e) => e.token!).filter(Boolean);
      expect(tokens.length).toBeGreaterThan(0);
      for (let i = 0; i < 3; i++) await v.reveal(r.session, tokens);
      expect(opens.n).toBe(tokens.length);
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
      expect([...(await both()).values()]).toEqual(['9876543210', 'ravi.k@example.com']);
      await both();
      expect(opens.n).toBe(0); // sealed by this vault: known without opening

      expect(await v.forgetValue('9876543210', { type: 'PHONE' })).toBe(1);
      const after = await both();
      expect(after.has(a!)).toBe(false);
      expect(after.get(b!)).toBe('ravi.k@example.com');
      expect(opens.n).toBe(1); // the other record is opened again: nothing kept survives an erasure
      await both();
      expect(opens.n).toBe(1);

      await v.purgeExpired();
      await both();
      expect(opens.n).toBe(2);

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
    expect(opens.n).toBe(1);
    await v.close();
  });

  /** Two vaults on one SQLite file (two processes), and the token the first sealed for a PAN. */
  async function twoOnOneFile(): Promise<{ first: ReturnType<typeof createSqliteVault>; second: ReturnType<typeof createSqliteVault>; t: string }> {
    const path = sqlitePath();
    const key = generateKey();
    const first = createSqliteVault({ path, key });
    const [t] = await first.tokenize([{ session: 's', type: 'PAN', value: 'ABCPE1234F' }]);
    return { first, second: createSqliteVault({ path, key }), t: t! };
  }

  it('sqlite: a record another process sealed is opened once, then kept', async () => {
    const { first: writer, second: reader, t } = await twoOnOneFile();
    await writer.close();
    for (let i = 0; i < 3; i++) expect((await reader.reveal('s', [t])).get(t)).toBe('ABCPE1234F');
    expect(opens.n).toBe(1);
    await reader.close();
  });

  it('sqlite: a record re-written by another process after this one sealed it is opened, and reads the new value', async () => {
    const { first: v, second: other, t } = await twoOnOneFile();
    // Another process erases the session and writes the same token for another value.
    await other.forgetSession('s');
    const [u] = await other.tokenize([{ session: 's', type: 'PAN', value: 'ZZZPE9999Z' }]);
    await other.close();
    expect(u).toBe(t);
    expect((await v.reveal('s', [t!])).get(t!)).toBe('ZZZPE9999Z');
    expect(opens.n).toBe(1);
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
