// The per-session plan memo (src/vault/memo.ts, issue 11 item 6): a value seen again in a session
// skips its HMACs, and the memo forgets correctly: erasure (session, value), key rotation, retention
// purge and expiry, its bound. It caches plans, never tokens: the store still answers every request,
// so a value erased by another process gets a fresh token, never the erased one.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKey } from '../../src/vault/keys.js';
import type { TokenRequest } from '../../src/vault/interface.js';
import { DAY_MS } from '../../src/vault/vault.js';
import { FakeClock, makeHarness, skipRedisStoreWithoutRedis, STORES, type Harness } from '../support/stores.js';

const req = (session: string, type: string, value: string, extra: Partial<TokenRequest> = {}): TokenRequest => ({ session, type, value, ...extra });

describe.each(STORES)('plan memo: %s', (store) => {
  skipRedisStoreWithoutRedis(store);
  let h: Harness;
  afterEach(async () => {
    await h?.cleanup();
  });

  it('memoises each (mode, type, spelling) once per session and gives the same tokens as without it', async () => {
    h = makeHarness(store);
    const v = h.open();
    const batch = [req('s', 'PERSON', 'Ravi Kumar'), req('s', 'PHONE', '98765 43210'), req('s', 'PERSON', 'RAVI KUMAR'), req('s', 'PERSON', 'Ravi Kumar')];
    const first = await v.tokenize(batch);
    expect(first).toEqual(['<PERSON_1>', '<PHONE_1>', '<PERSON_1>', '<PERSON_1>']);
    expect(v.memoEntries).toBe(3);
    for (let i = 0; i < 3; i++) expect(await v.tokenize(batch)).toEqual(first);
    expect(v.memoEntries).toBe(3);
    expect(await v.tokenize([req('s', 'PERSON', 'Ravi Kumar', { mode: 'surrogate' })])).toEqual(['<PERSON_1>']); // first allocation wins
    expect(await v.tokenize([req('t', 'PERSON', 'Ravi Kumar')])).toEqual(['<PERSON_1>']);
    expect(v.memoEntries).toBe(5);
    expect([...(await v.reveal('s', first)).values()]).toEqual(['Ravi Kumar', '98765 43210']);
  });

  it('forgetSession drops the session from the memo; the value then starts afresh', async () => {
    h = makeHarness(store);
    const v = h.open();
    await v.tokenize([req('s', 'PERSON', 'Ravi Kumar'), req('s', 'PERSON', 'Anita Desai')]);
    await v.tokenize([req('other', 'PERSON', 'Anita Desai')]);
    expect(v.memoEntries).toBe(3);
    await v.forgetSession('s');
    expect(v.memoEntries).toBe(1);
    const [t] = await v.tokenize([req('s', 'PERSON', 'Anita Desai')]);
    expect(t).toBe('<PERSON_1>');
    expect((await v.reveal('s', [t!])).get(t!)).toBe('Anita Desai');
  });

  it('forgetValue drops every spelling of the value in every session, and the value gets a new token', async () => {
    h = makeHarness(store);
    const v = h.open();
    await v.tokenize([req('a', 'PERSON', 'Ravi Kumar'), req('a', 'PERSON', 'RAVI  KUMAR'), req('a', 'PERSON', 'Anita Desai')]);
    await v.tokenize([req('b', 'PERSON', 'ravi kumar')]);
    expect(v.memoEntries).toBe(4);
    expect(await v.forgetValue('Ravi Kumar', { type: 'PERSON' })).toBe(2);
    expect(v.memoEntries).toBe(1);
    const [t] = await v.tokenize([req('a', 'PERSON', 'Ravi Kumar')]);
    expect(t).toBe('<PERSON_3>'); // freed numbers are never reissued
    expect((await v.reveal('a', ['<PERSON_1>', t!])).get(t!)).toBe('Ravi Kumar');
    expect((await v.reveal('a', ['<PERSON_1>'])).size).toBe(0);
  });

  it('rotateKey clears the memo: a value seen before keeps its one token under the new key', async () => {
    h = makeHarness(store);
    const v = h.open();
    const before = await v.tokenize([req('s', 'PERSON', 'Ravi Kumar'), req('s', 'EMAIL', 'ravi@example.com', { mode: 'deterministic' })]);
    const oldId = v.keyId;
    await v.rotateKey(generateKey());
    expect(v.memoEntries).toBe(0);
    expect(await v.tokenize([req('s', 'PERSON', 'Ravi Kumar'), req('s', 'EMAIL', 'ravi@example.com', { mode: 'deterministic' })])).toEqual(before);
    const st = await v.stats();
    expect(st.records).toBe(2);
    expect(Object.keys(st.byKeyId)).toEqual([v.keyId]);
    expect(v.keyId).not.toBe(oldId);
  });

  it('retention: an expired session gets fresh tokens through the memo; purgeExpired clears it', async () => {
    h = makeHarness(store);
    const clock = new FakeClock();
    const v = h.open({ clock: clock.now, ttl: DAY_MS });
    await v.tokenize([req('s', 'PERSON', 'Anita Desai'), req('s', 'PERSON', 'Ravi Kumar')]);
    clock.advance(DAY_MS + 1);
    // Memoised plans, expired session: the store starts the session afresh.
    const [t] = await v.tokenize([req('s', 'PERSON', 'Ravi Kumar')]);
    expect(t).toBe('<PERSON_1>');
    expect((await v.reveal('s', [t!])).get(t!)).toBe('Ravi Kumar');
    expect(v.memoEntries).toBe(2);
    await v.tokenize([req('x', 'PERSON', 'Sita Devi')]);
    clock.advance(DAY_MS + 1);
    await v.purgeExpired();
    expect(v.memoEntries).toBe(0);
    expect(await v.tokenize([req('s', 'PERSON', 'Sita Devi')])).toEqual(['<PERSON_1>']);
  });

  it('stays within its bound, drops least recently used sessions first, and gives the same tokens when it evicts', async () => {
    h = makeHarness(store);
    const v = h.open({ memo: 8 });
    const two = (s: string) => [req(s, 'PERSON', 'Ravi Kumar'), req(s, 'PHONE', '9876543210')];
    const first = new Map<string, string[]>();
    for (const s of ['a', 'b', 'c', 'd']) first.set(s, await v.tokenize(two(s)));
    expect(v.memoEntries).toBe(8);
    expect(await v.tokenize(two('a'))).toEqual(first.get('a')); // a is now the most recently used
    first.set('e', await v.tokenize(two('e')));
    // 10 > 8: least recently used sessions (b, then c) go, down to 3/4 of the bound.
    expect(v.memoEntries).toBe(6);
    expect(await v.tokenize(two('a'))).toEqual(first.get('a'));
    expect(await v.tokenize(two('d'))).toEqual(first.get('d'));
    expect(v.memoEntries).toBe(6); // a, d and e were kept
    expect(await v.tokenize(two('b'))).toEqual(first.get('b'));
    expect(v.memoEntries).toBe(8);
  });

  it('does not keep long values (its bound counts entries, not bytes)', async () => {
    h = makeHarness(store);
    const v = h.open();
    const long = `Ravi ${'Kumar '.repeat(60)}`.trim();
    const [t] = await v.tokenize([req('s', 'HEALTH', long)]);
    expect(await v.tokenize([req('s', 'HEALTH', long)])).toEqual([t]);
    expect(v.memoEntries).toBe(0);
    expect((await v.reveal('s', [t!])).get(t!)).toBe(long);
  });

  it('memo: 0 turns it off; a bad bound is refused', async () => {
    h = makeHarness(store);
    const v = h.open({ memo: 0 });
    expect(await v.tokenize([req('s', 'PERSON', 'Ravi Kumar'), req('s', 'PERSON', 'Ravi Kumar')])).toEqual(['<PERSON_1>', '<PERSON_1>']);
    expect(v.memoEntries).toBe(0);
    expect(() => makeHarness('memory').open({ memo: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });

  it.skipIf(store === 'memory')('a value erased by another process gets a new token, never the erased one', async () => {
    h = makeHarness(store);
    const a = h.open();
    const b = h.open();
    expect(await a.tokenize([req('s', 'PERSON', 'Ravi Kumar')])).toEqual(['<PERSON_1>']);
    expect(await a.tokenize([req('s', 'PERSON', 'Ravi Kumar')])).toEqual(['<PERSON_1>']); // known now
    await b.forgetValue('Ravi Kumar');
    const [t] = await a.tokenize([req('s', 'PERSON', 'Ravi Kumar')]);
    expect(t).toBe('<PERSON_2>');
    expect((await b.reveal('s', [t!])).get(t!)).toBe('Ravi Kumar');
    await b.forgetSession('s');
    expect(await a.tokenize([req('s', 'PERSON', 'Ravi Kumar')])).toEqual(['<PERSON_1>']);
  });
});

describe('SQLite: values the memo knows need no write lock', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.cleanup();
  });

  it('answers a call of known values while another connection holds the write lock; a new value waits for it', async () => {
    h = makeHarness('sqlite');
    const v = h.open({ busyTimeout: 50 } as never);
    const known = [req('s', 'PERSON', 'Ravi Kumar'), req('s', 'PHONE', '9876543210')];
    const tokens = await v.tokenize(known);
    await v.tokenize(known);
    const Database = createRequire(import.meta.url)('better-sqlite3');
    const other = new Database(h.location.path!);
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(await v.tokenize(known)).toEqual(tokens);
      await expect(v.tokenize([...known, req('s', 'PERSON', 'Anita Desai')])).rejects.toMatchObject({ code: 'VAULT_ERROR' });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await v.tokenize([...known, req('s', 'PERSON', 'Anita Desai')])).toEqual([...tokens, '<PERSON_2>']);
  });
});

describe('the memo keeps copies, not slices of the caller\'s text', () => {
  it('300 values sliced from 200 KB texts leave the texts collectable (token and surrogate modes)', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const src = `
const { createMemoryVault } = await import(${JSON.stringify(`${root}src/vault/memory.ts`)});
const out = {};
for (const mode of ['token', 'surrogate']) {
  const v = createMemoryVault();
  globalThis.gc(); const h0 = process.memoryUsage().heapUsed;
  for (let i = 0; i < 300; i++) {
    const text = (i + ' ').repeat(100000) + 'Ravi Kumar Sharma ' + i + ' lives here';
    const at = text.indexOf('Ravi');
    await v.tokenize([{ session: 'session-' + text.slice(at, at + 14), type: 'PERSON', value: text.slice(at, at + 20 + String(i).length), mode }]);
  }
  out[mode + 'Entries'] = v.memoEntries;
  globalThis.gc(); out[mode] = Math.round((process.memoryUsage().heapUsed - h0) / 1e6);
  await v.close();
}
console.log(JSON.stringify(out));
`;
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', src], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Record<string, number>;
    // 300 texts are 60 MB of two-byte-free text: kept alive they would show as ≥ 60 MB of heap.
    expect(out).toMatchObject({ tokenEntries: 300, surrogateEntries: 300 });
    expect(out.token).toBeLessThan(10);
    expect(out.surrogate).toBeLessThan(10);
  });
});
