// SQLite reads records of many tokens in chunks of one statement each (src/vault/sqlite.ts `get`):
// every asked token that exists comes back once per asking, in the order asked, across chunks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../src/vault/keys.js';
import { createSqliteVault, SqliteBackend } from '../../src/vault/sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'kavach-sqlget-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sqlite get', () => {
  it('gives the records in the order asked, over several chunks, skipping unknown and expired ones', async () => {
    const path = join(dir, 'v.db');
    const v = createSqliteVault({ path, key: generateKey() });
    const values = Array.from({ length: 75 }, (_, i) => `98765${String(10000 + i).slice(1)}0`);
    const tokens = await v.tokenize(values.map((value) => ({ session: 's', type: 'PHONE', value })));
    await v.tokenize([{ session: 'other', type: 'PHONE', value: '9123456780' }]);
    // A shuffled order (fixed permutation), an unknown token, a repeat, and another session's token.
    const order = tokens.map((_, i) => (i * 37) % tokens.length);
    const asked = [...order.map((i) => tokens[i]!), '<PHONE_999>', tokens[5]!];
    const backend = new SqliteBackend({ path });
    const got = await backend.get('s', asked, Date.now());
    expect(got.map((r) => r.token)).toEqual([...order.map((i) => tokens[i]!), tokens[5]!]);
    expect(got.every((r) => r.session === 's')).toBe(true);
    expect(await backend.get('s', asked, Date.now() + 1000 * 86400 * 365)).toEqual([]);
    const revealed = await v.reveal('s', asked);
    expect([...revealed.keys()]).toEqual(order.map((i) => tokens[i]!));
    expect(order.map((i) => revealed.get(tokens[i]!))).toEqual(order.map((i) => values[i]));
    await backend.close();
    await v.close();
  });
});
