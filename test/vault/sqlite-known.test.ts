// Known requests (values the core has seen get a token) are answered by a read transaction, or from
// the connection's cache of records it wrote or read while no other connection committed: the tokens
// they were given, in order, mixed with new values, never a token of an expired session, an erased
// record or a write that rolled back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AllocateRequest, TokenRequest } from '../../src/vault/interface.js';
import { generateKey } from '../../src/vault/keys.js';
import { createSqliteVault, SqliteBackend } from '../../src/vault/sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'kavach-sqlite-known-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reqs = (n: number, session = 's'): TokenRequest[] =>
  Array.from({ length: n }, (_, i) => ({ session, type: i % 2 ? 'PHONE' : 'PERSON', value: `value ${i}`, mode: 'token' }));

describe('SQLite known reads', () => {
  it('answers 150 known values with the tokens they were given, in order', async () => {
    const v = createSqliteVault({ path: join(dir, 'a.db'), key: generateKey() });
    const first = await v.tokenize(reqs(150));
    expect(new Set(first).size).toBe(150);
    const again = await v.tokenize([...reqs(150)].reverse());
    expect(again).toEqual([...first].reverse());
    // Known and new values mixed in one call: the new ones continue the numbering.
    const mixed = await v.tokenize([...reqs(152).slice(148), { session: 's', type: 'PERSON', value: 'someone new', mode: 'token' }]);
    expect(mixed.slice(0, 2)).toEqual(first.slice(148, 150));
    expect(mixed.slice(2)).toEqual(['<PERSON_76>', '<PHONE_76>', '<PERSON_77>']);
    await v.close();
  });

  it('reads known values of two sessions in one call, and allocates again a value another handle erased', async () => {
    const key = generateKey();
    const path = join(dir, 'c.db');
    const v = createSqliteVault({ path, key });
    const a = await v.tokenize(reqs(40, 'x'));
    // Session y numbers the same values in the other order: its tokens differ from x's.
    const b = (await v.tokenize([...reqs(40, 'y')].reverse())).reverse();
    expect(b[0]).not.toBe(a[0]);
    // Another handle on the same file (another process) erases one value from every session.
    const other = createSqliteVault({ path, key });
    expect(await other.forgetValue('value 7', { type: 'PHONE' })).toBe(2);
    await other.close();
    const mixed = [...reqs(40, 'x'), ...reqs(40, 'y')];
    const again = await v.tokenize(mixed);
    for (let i = 0; i < 80; i++) {
      if (i % 40 === 7) expect(again[i], `request ${i}`).toBe('<PHONE_21>'); // a new token: the old record is gone
      else expect(again[i], `request ${i}`).toBe(i < 40 ? a[i] : b[i - 40]);
    }
    expect(await v.reveal('y', ['<PHONE_21>', b[7]!])).toEqual(new Map([['<PHONE_21>', 'value 7']]));
    await v.close();
  });

  it('never answers from an expired session: its values are allocated again', async () => {
    let now = 1_000_000;
    const v = createSqliteVault({ path: join(dir, 'b.db'), key: generateKey(), ttl: 1000, clock: () => now });
    const first = await v.tokenize(reqs(70, 'e'));
    now += 5000;
    // Asked in reverse order: a fresh session numbers them from the end; a stale read would not.
    const later = await v.tokenize([...reqs(70, 'e')].reverse());
    expect(first[69]).toBe('<PHONE_35>');
    expect(later[0]).toBe('<PHONE_1>');
    expect(await v.reveal('e', ['<PHONE_1>'])).toEqual(new Map([['<PHONE_1>', 'value 69']]));
    await v.close();
  });

  it('allocates again a value this handle erased (value, token or session), and after a purge', async () => {
    let now = 1_000_000;
    const v = createSqliteVault({ path: join(dir, 'd.db'), key: generateKey(), ttl: 10_000, clock: () => now });
    const first = await v.tokenize(reqs(20, 'z'));
    expect(await v.tokenize(reqs(20, 'z'))).toEqual(first); // known: read back
    expect(await v.forgetValue('value 3', { type: 'PHONE' })).toBe(1);
    const afterValue = await v.tokenize(reqs(20, 'z'));
    expect(afterValue[3]).not.toBe(first[3]);
    expect(await v.reveal('z', [afterValue[3]!, first[3]!])).toEqual(new Map([[afterValue[3]!, 'value 3']]));
    await v.forgetSession('z');
    const afterSession = await v.tokenize([...reqs(20, 'z')].reverse());
    expect(afterSession[0]).toBe('<PHONE_1>'); // a fresh session numbers them anew
    expect(await v.reveal('z', ['<PHONE_1>'])).toEqual(new Map([['<PHONE_1>', 'value 19']]));
    now += 20_000;
    await v.purgeExpired();
    const afterPurge = await v.tokenize(reqs(20, 'z'));
    expect(await v.reveal('z', afterPurge)).toEqual(new Map(afterPurge.map((t, i) => [t, `value ${i}`])));
    await v.close();
  });

  // The store alone (the vault's memo forgets erased values itself, so only the store sees these).
  let files = 0;
  const backend = () => new SqliteBackend({ path: join(dir, `store-${files++}.db`) });
  const req = (value: string, known: boolean, seal: AllocateRequest['seal'] = () => Buffer.from([2, 0]), now = 1): AllocateRequest => ({
    session: 's', type: 'PERSON', kind: 'counter', lookups: [`lookup-${value}`], prefix: 'PERSON', candidates: [], keyId: 'k', known, now, expiresAt: now + 999, seal,
  });
  const record = (token: string, lookup: string, keyId = 'k') => ({
    session: 's', token, type: 'PERSON', kind: 'counter' as const, lookup, keyId, blob: Buffer.from([2, 0]), createdAt: 1, expiresAt: 1000,
  });

  // The cache must be warm (a known read done) before the other connection commits, or the first
  // read's version check would drop it whatever that connection did.
  for (const [what, change] of [
    ['erases it', (b: SqliteBackend) => b.deleteLookups(['lookup-a'])],
    ['re-keys it', async (b: SqliteBackend) => void (await b.replace(record('<PERSON_1>', 'lookup-a'), record('<PERSON_1>', 'lookup-a2', 'k2')))],
    ['drops the session and gives its first token to another value', async (b: SqliteBackend) => {
      await b.deleteSession('s');
      await b.allocate([req('q', false)]);
    }],
  ] as const) {
    it(`reads a known value back once another connection ${what}, even after a write of its own`, async () => {
      const path = join(dir, `store-${files++}.db`);
      const mine = new SqliteBackend({ path });
      const other = new SqliteBackend({ path });
      expect(await mine.allocate([req('a', false)])).toEqual(['<PERSON_1>']);
      expect(await mine.allocate([req('a', true)])).toEqual(['<PERSON_1>']); // the cache is warm
      await change(other);
      await mine.allocate([req('n', false)]); // a write of its own after the other's commit
      const [t] = await mine.allocate([req('a', true)]);
      expect((await mine.get('s', [t!], 2)).map((r) => r.lookup)).toEqual(['lookup-a']);
      await mine.close();
      await other.close();
    });
  }

  it('confirms nothing from a write that rolled back', async () => {
    const b = backend();
    await b.allocate([req('c', false)]);
    expect(await b.allocate([req('c', true)])).toEqual(['<PERSON_1>']); // read back: the cache is in use
    // 'a' is inserted, then the next record's seal throws: the transaction rolls back.
    const boom = (): Buffer => {
      throw new Error('seal failed');
    };
    await expect(b.allocate([req('a', false), req('b', false, boom)])).rejects.toThrow('allocate failed');
    // Asked as known, 'a' must not come back from a cache of that write: it is allocated now.
    expect(await b.allocate([req('a', true)])).toEqual(['<PERSON_2>']);
    expect((await b.get('s', ['<PERSON_2>'], 2)).map((r) => r.lookup)).toEqual(['lookup-a']);
    expect(await b.allocate([req('a', true)])).toEqual(['<PERSON_2>']);
    await b.close();
  });

  it('keeps nothing of a rolled-back write for the next one to confirm, when another value then takes its token', async () => {
    const b = backend();
    await b.allocate([req('c', false)]);
    await b.allocate([req('c', true)]);
    const boom = (): Buffer => {
      throw new Error('seal failed');
    };
    await expect(b.allocate([req('a', false), req('b', false, boom)])).rejects.toThrow('allocate failed');
    expect(await b.allocate([req('z', false)])).toEqual(['<PERSON_2>']); // the token 'a' had in the rolled-back write
    const [t] = await b.allocate([req('a', true)]);
    expect(t).not.toBe('<PERSON_2>');
    expect((await b.get('s', [t!], 2)).map((r) => r.lookup)).toEqual(['lookup-a']);
    await b.close();
  });

  it('forgets what it knew of a session it drops as expired, whatever the clock says next', async () => {
    const b = backend();
    await b.allocate([req('a', false), req('b', false)]);
    await b.allocate([req('a', true), req('b', true)]); // the cache is warm
    // At 2000 the session has expired: it is dropped and started again, and 'b' takes <PERSON_1>.
    expect(await b.allocate([req('b', false, undefined, 2000)])).toEqual(['<PERSON_1>']);
    // A request stamped earlier (another process's clock): 'a' is not answered with its old token.
    const [t] = await b.allocate([req('a', true, undefined, 500)]);
    expect(t).not.toBe('<PERSON_1>');
    expect((await b.get('s', [t!], 501)).map((r) => r.lookup)).toEqual(['lookup-a']);
    await b.close();
  });

  it('never answers from the cache once the record has expired', async () => {
    const b = backend();
    await b.allocate([req('a', false)]);
    expect(await b.allocate([req('a', true, undefined, 2)])).toEqual(['<PERSON_1>']); // cached, expires at 1000
    const [t] = await b.allocate([req('a', true, undefined, 2000)]);
    // The session expired: the value is allocated again in a fresh one, whose record is live at 2000.
    expect((await b.get('s', [t!], 2001)).map((r) => r.lookup)).toEqual(['lookup-a']);
    await b.close();
  });

  for (const [what, erase] of [
    ['its lookup', (b: SqliteBackend) => b.deleteLookups(['lookup-a'])],
    ['its token', (b: SqliteBackend) => b.deleteTokens('s', ['<PERSON_1>'])],
    ['its session', (b: SqliteBackend) => b.deleteSession('s')],
    ['a purge', (b: SqliteBackend) => b.purgeExpired(5000)],
    ['a re-key', async (b: SqliteBackend) => void (await b.replace(record('<PERSON_1>', 'lookup-a'), record('<PERSON_1>', 'lookup-a2', 'k2')))],
  ] as const) {
    it(`answers a known value from its records again after this handle erased or re-keyed it (${what})`, async () => {
      const b = backend();
      expect(await b.allocate([req('a', false), req('b', false)])).toEqual(['<PERSON_1>', '<PERSON_2>']);
      expect(await b.allocate([req('a', true)])).toEqual(['<PERSON_1>']);
      expect(await b.allocate([req('a', true)])).toEqual(['<PERSON_1>']); // from the cache
      await erase(b);
      // A token whose record is there (a cached answer would name the erased or re-keyed record).
      const [t] = await b.allocate([req('a', true)]);
      expect((await b.get('s', [t!], 2)).map((r) => r.lookup)).toEqual(['lookup-a']);
      await b.close();
    });
  }
});
