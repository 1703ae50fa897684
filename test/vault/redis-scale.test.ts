// Issue 14, items 8 (Redis key rotation is linear in the number of sessions) and 13 (reveal of more
// than ~150k distinct tokens). Work is counted in Redis commands, never timed.
import { afterEach, describe, expect, it } from 'vitest';
import { HAS_REDIS, makeHarness, type Harness } from '../support/stores.js';

describe.skipIf(!HAS_REDIS)('redis at scale', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.cleanup();
  });

  it('reveals 200k distinct tokens in one call (known ones restored, the rest absent)', async () => {
    h = makeHarness('redis');
    const v = h.open();
    const values = Array.from({ length: 500 }, (_, i) => `Tester Number${i}`);
    const tokens = await v.tokenize(values.map((value) => ({ session: 's', type: 'PERSON', value })));
    const asked = Array.from({ length: 200_000 }, (_, i) => `<PERSON_${i + 1}>`);
    const got = await v.reveal('s', asked);
    expect(got.size).toBe(500);
    tokens.forEach((t, i) => expect(got.get(t)).toBe(values[i]));
  });
});
