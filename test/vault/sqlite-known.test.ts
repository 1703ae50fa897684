// Known requests (values the core has seen get a token) are answered by a read transaction: the
// tokens they were given, in order, mixed with new values, and never a token of an expired session.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TokenRequest } from '../../src/vault/interface.js';
import { generateKey } from '../../src/vault/keys.js';
import { createSqliteVault } from '../../src/vault/sqlite.js';

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
});
