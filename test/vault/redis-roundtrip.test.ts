// Redis allocation in one round trip (src/vault/redis.ts, issue 11 item 6): a new value is sealed for
// the token the script will most likely choose and stored whole when it does; a wrong guess (another
// process took the counter) falls back to reserve-then-fill and still gives a correct, restorable token.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKey } from '../../src/vault/keys.js';
import { createRedisVault } from '../../src/vault/redis.js';
import type { PseudonymVault } from '../../src/vault/vault.js';
import { HAS_REDIS, NO_REDIS, redisUrl } from '../support/stores.js';

const req = (session: string, type: string, value: string, mode?: 'token' | 'deterministic' | 'surrogate') => ({ session, type, value, ...(mode ? { mode } : {}) });

describe.skipIf(!HAS_REDIS)('redis allocation round trips', () => {
  const clients: Redis[] = [];
  const vaults: PseudonymVault[] = [];
  const prefix = `kvrt-${randomBytes(4).toString('hex')}:`;
  const key = generateKey();
  afterEach(async () => {
    for (const v of vaults.splice(0)) await v.close();
    const r = new Redis(redisUrl());
    const keys = await r.keys(`${prefix}*`);
    if (keys.length) await r.del(...keys);
    await r.quit();
    for (const c of clients.splice(0)) await c.quit();
  });

  /** A vault on its own client, and the number of pipelines (round trips) it has sent. */
  const open = (): { v: PseudonymVault; trips: () => number } => {
    const client = new Redis(redisUrl());
    clients.push(client);
    let n = 0;
    const pipeline = client.pipeline.bind(client);
    client.pipeline = ((...a: Parameters<typeof pipeline>) => (n++, pipeline(...a))) as typeof client.pipeline;
    const v = createRedisVault({ client, prefix, key });
    vaults.push(v);
    return { v, trips: () => n };
  };

  it.each(['token', 'deterministic', 'surrogate'] as const)('new values in %s mode take one round trip and restore', async (mode) => {
    const { v, trips } = open();
    const values = ['Ravi Kumar', 'Anita Desai', 'Sita Devi'];
    const tokens = await v.tokenize(values.map((x) => req('s', 'PERSON', x, mode)));
    expect(trips()).toBe(1);
    if (mode === 'token') expect(tokens).toEqual(['<PERSON_1>', '<PERSON_2>', '<PERSON_3>']);
    const more = await v.tokenize([req('s', 'PERSON', 'Arjun Mehta', mode), req('s', 'PERSON', 'Ravi Kumar', mode)]);
    expect(trips()).toBe(2);
    expect(more[1]).toBe(tokens[0]);
    const shown = await v.reveal('s', [...tokens, more[0]!]);
    expect([...shown.values()]).toEqual([...values, 'Arjun Mehta']);
  });

  it('a wrong guess (another process took the next number) falls back to reserve-then-fill, correctly', async () => {
    const a = open();
    const b = open();
    expect(await a.v.tokenize([req('s', 'PERSON', 'Ravi Kumar')])).toEqual(['<PERSON_1>']);
    expect(await b.v.tokenize([req('s', 'PERSON', 'Anita Desai'), req('s', 'PERSON', 'Sita Devi')])).toEqual(['<PERSON_2>', '<PERSON_3>']);
    const before = a.trips();
    // a expects <PERSON_2>, the script chooses <PERSON_4>: reserve, then fill.
    expect(await a.v.tokenize([req('s', 'PERSON', 'Arjun Mehta'), req('s', 'PHONE', '9876543210')])).toEqual(['<PERSON_4>', '<PHONE_1>']);
    expect(a.trips() - before).toBe(2);
    // It learnt the number: the next new value is one round trip again.
    expect(await a.v.tokenize([req('s', 'PERSON', 'Meera Nair')])).toEqual(['<PERSON_5>']);
    expect(a.trips() - before).toBe(3);
    const shown = await b.v.reveal('s', ['<PERSON_1>', '<PERSON_2>', '<PERSON_3>', '<PERSON_4>', '<PERSON_5>', '<PHONE_1>']);
    expect([...shown.values()]).toEqual(['Ravi Kumar', 'Anita Desai', 'Sita Devi', 'Arjun Mehta', 'Meera Nair', '9876543210']);
  });

  it('a value repeated within one call or seen before is not sealed for a guess that would shift the next ones', async () => {
    const { v, trips } = open();
    await v.tokenize([req('s', 'PERSON', 'Ravi Kumar')]);
    const t = await v.tokenize([req('s', 'PERSON', 'Ravi Kumar'), req('s', 'PERSON', 'Anita Desai'), req('s', 'PERSON', 'Anita Desai'), req('s', 'PERSON', 'Sita Devi')]);
    expect(t).toEqual(['<PERSON_1>', '<PERSON_2>', '<PERSON_2>', '<PERSON_3>']);
    expect(trips()).toBe(2);
  });
});

if (!HAS_REDIS) describe('redis allocation round trips', () => it.skip(NO_REDIS, () => undefined));
