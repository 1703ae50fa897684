// The hash operator's memo (src/transform/operators/hash.ts): it may only save work. A long-lived
// policy decider must give, for every value in any order, what the HMAC gives for it; the memo stays
// within its bound, keeps no long values, and stops keeping values that do not recur. It is kept only
// by deciders made for a batch job (`hashMemo`): one-off calls and engines keep no values.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prepareContext, runTask, type ScrubTask, type ScrubTaskResult } from '../../src/batch/tasks.js';
import { anonymise } from '../../src/anonymise.js';
import { createEngine } from '../../src/engine.js';
import { compilePolicy } from '../../src/transform/compile.js';
import { deriveHashKey, HASH_MEMO_MAX, HASH_MEMO_VALUE_MAX, HashMemo, hashToken, hmacDigest } from '../../src/transform/operators/hash.js';
import type { Entity } from '../../src/types.js';

const entity = (type: string, text: string): Entity => ({ type, text, start: 0, end: text.length, score: 1, detector: 'test' }) as Entity;

/** What the dataset preset's `hash` (format token, 12 characters) gives, computed with no memo. */
const reference = (key: Uint8Array, type: string, value: string): string => hashToken(type, hmacDigest(key, type, value), 12);

describe('hash memo', () => {
  it('a policy\'s decider answers every value as the HMAC does, repeats, spellings and types mixed', () => {
    // A small pool so values recur; the same text under two types, and two spellings of one value.
    const pool: Array<[string, string]> = [
      ['PERSON', 'Asha Rao'], ['PHONE', '9876543210'], ['PHONE', '+91 98765 43210'], ['EMAIL', 'asha@example.com'],
      ['PAN', 'ABCPR1234K'], ['PERSON', 'ABCPR1234K'], ['AADHAAR', '2345 6789 0124'], ['AADHAAR', '234567890124'],
      ['PERSON', 'राम कुमार'], ['EMAIL', 'ASHA@EXAMPLE.COM'], ['PERSON', 'x'.repeat(HASH_MEMO_VALUE_MAX + 5)],
    ];
    // `defaults` hash: one operator (one memo) answers every type, so the type must be part of its key.
    const allHashed = compilePolicy({ name: 'all-hashed', defaults: { action: 'hash', params: { format: 'token' } } });
    const step = fc.oneof(fc.constantFrom(...pool), fc.tuple(fc.constantFrom('PERSON', 'PHONE'), fc.string({ minLength: 1, maxLength: 30 })));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (seq) => {
        const material = randomBytes(32);
        const key = deriveHashKey(material);
        for (const decide of [compilePolicy('dataset').decider({ keyMaterial: material, hashMemo: true }), allHashed.decider({ keyMaterial: material, hashMemo: true })]) {
          for (const [type, value] of seq) {
            expect(decide(entity(type, value))).toEqual({ action: 'replace', text: reference(key, type, value), via: 'hash' });
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('deciders of one compiled policy under two keys never share answers (one memo per key)', () => {
    const compiled = compilePolicy('dataset');
    const [m1, m2] = [randomBytes(32), randomBytes(32)];
    const [a, b] = [compiled.decider({ keyMaterial: m1, hashMemo: true }), compiled.decider({ keyMaterial: m2, hashMemo: true })];
    for (let i = 0; i < 3; i++) {
      const [da, db] = [a(entity('PHONE', '9876543210')), b(entity('PHONE', '9876543210'))];
      expect(da).toMatchObject({ text: reference(deriveHashKey(m1), 'PHONE', '9876543210') });
      expect(db).toMatchObject({ text: reference(deriveHashKey(m2), 'PHONE', '9876543210') });
    }
  });

  describe('where it is kept', () => {
    afterEach(() => vi.restoreAllMocks());
    const text = 'Asha Rao called from 9876543210; Asha Rao again from 9876543210.';

    it('by a batch job\'s scrub task, not by a decider made without it', async () => {
      const kept = vi.spyOn(HashMemo.prototype, 'set');
      const material = randomBytes(32);
      compilePolicy('dataset').decider({ keyMaterial: material })(entity('PHONE', '9876543210'));
      expect(kept).not.toHaveBeenCalled();
      const task: ScrubTask = { op: 'scrub', texts: [text], policy: { id: 'job', input: 'dataset', keyMaterial: material }, session: 's', mode: 'token' };
      const r = (await runTask(task, prepareContext({}))) as ScrubTaskResult;
      expect(r.texts[0]).not.toContain('9876543210');
      expect(kept).toHaveBeenCalled();
    });

    it('not by one-off anonymise calls or an engine', async () => {
      const kept = vi.spyOn(HashMemo.prototype, 'set');
      const looked = vi.spyOn(HashMemo.prototype, 'get');
      const one = await anonymise(text, { policy: 'dataset' });
      expect(one.text).not.toContain('9876543210');
      const engine = createEngine({ policy: 'dataset' });
      try {
        expect((await engine.anonymise(text)).text).not.toContain('9876543210');
      } finally {
        await engine.close();
      }
      expect(kept).not.toHaveBeenCalled();
      expect(looked).not.toHaveBeenCalled();
    });
  });

  it('stays within its bound and keeps no long value', () => {
    const m = new HashMemo();
    m.set('PERSON', 'y'.repeat(HASH_MEMO_VALUE_MAX + 1), 't');
    expect(m.size).toBe(0);
    // Values that recur (every lookup after the first pass hits) keep the memo on when it starts over.
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < HASH_MEMO_MAX + 10; i++) {
        const v = `v${i % 1000}`;
        if (m.get('PHONE', v) === undefined) m.set('PHONE', v, `t${v}`);
        expect(m.size).toBeLessThanOrEqual(HASH_MEMO_MAX);
      }
    }
    expect(m.active).toBe(true);
    expect(m.get('PHONE', 'v7')).toBe('tv7');
  });

  it('pauses after a full memo of values that never recur, then keeps values again', () => {
    const m = new HashMemo();
    let n = 0;
    const miss = (): void => {
      const v = `u${n++}`;
      expect(m.get('EMAIL', v)).toBeUndefined();
      m.set('EMAIL', v, 't');
    };
    for (let i = 0; i < HASH_MEMO_MAX; i++) miss();
    expect(m.size).toBe(HASH_MEMO_MAX);
    miss(); // full, with no hits: starts over and pauses
    expect(m.active).toBe(false);
    expect(m.size).toBe(0);
    for (let i = 0; i < 4 * HASH_MEMO_MAX - 1; i++) miss();
    expect(m.size).toBe(0);
    expect(m.active).toBe(false);
    miss(); // the last paused lookup: the value it missed is kept again
    expect(m.active).toBe(true);
    expect(m.size).toBe(1);
    expect(m.get('EMAIL', `u${n - 1}`)).toBe('t');
  });
});
