/** Vault stats count a type named like an Object.prototype member ("constructor", "__proto__") like any other. */
import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, skipRedisStoreWithoutRedis, STORES, type Harness } from '../support/stores.js';

describe.each(STORES)('stats of the %s vault', (store) => {
  skipRedisStoreWithoutRedis(store);
  let h: Harness;
  afterEach(async () => {
    await h?.cleanup();
  });

  it('counts types named "constructor", "__proto__" and "toString" as plain keys', async () => {
    h = makeHarness(store);
    const v = h.open();
    await v.tokenize([
      { session: 's1', type: 'constructor', value: 'a' },
      { session: 's1', type: 'constructor', value: 'b' },
      { session: 's1', type: '__proto__', value: 'c' },
      { session: 's1', type: 'toString', value: 'd' },
      { session: 's1', type: 'PHONE', value: '9876543210' },
    ]);
    const st = await v.stats();
    expect(st.records).toBe(5);
    expect(Object.getPrototypeOf(st.byType)).toBe(Object.prototype);
    expect(Object.entries(st.byType).sort()).toEqual([['PHONE', 1], ['__proto__', 1], ['constructor', 2], ['toString', 1]]);
    expect(JSON.parse(JSON.stringify(st.byType))).toEqual(JSON.parse('{"constructor":2,"__proto__":1,"toString":1,"PHONE":1}'));
    expect(Object.values(st.byKeyId)).toEqual([5]);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
