// Repeats in one tokenize call are found through their memo entry (stamped with the call) or, for
// plans the memo does not keep (memo off, values over MEMO_VALUE_MAX, a memo too small to hold the
// call), through a per-call Map: either way each value goes to the backend once and every request gets
// the token it would get alone. With the `newSessions` hint (a one-off anonymise call) the plans live
// in a map of the call and the memo keeps none of them.
import { describe, expect, it } from 'vitest';
import type { AllocateRequest, TokenizeOptions, TokenRequest } from '../../src/vault/interface.js';
import { generateKey, Keyring } from '../../src/vault/keys.js';
import { MemoryBackend } from '../../src/vault/memory.js';
import { PseudonymVault } from '../../src/vault/vault.js';

function vault(memo?: number): { v: PseudonymVault; sent: number[] } {
  const backend = new MemoryBackend();
  const sent: number[] = [];
  const allocate = backend.allocate.bind(backend);
  backend.allocate = (reqs: readonly AllocateRequest[]) => {
    sent.push(reqs.length);
    return allocate(reqs);
  };
  const options = memo === undefined ? {} : { memo };
  return { v: new PseudonymVault(backend, Keyring.load({ key: generateKey() }, true, 'memory'), options), sent };
}

const long = 'x'.repeat(300);
const reqs: TokenRequest[] = [
  { session: 's', type: 'PERSON', value: 'Asha Rao' },
  { session: 't', type: 'PERSON', value: 'Asha Rao' },
  { session: 's', type: 'NOTE', value: long },
  { session: 's', type: 'PERSON', value: 'Asha Rao' },
  { session: 't', type: 'PERSON', value: 'Asha Rao' },
  { session: 's', type: 'NOTE', value: long },
  { session: 's', type: 'PERSON', value: 'Ravi' },
  { session: 's', type: 'PERSON', value: 'Asha Rao', mode: 'deterministic' },
  { session: 's', type: 'PERSON', value: 'Asha Rao', mode: 'deterministic' },
];

describe('tokenize: repeats found through memo stamps or the per-call Map', () => {
  for (const [memo, hint] of [[undefined], [0], [1], [2], [undefined, { newSessions: true }], [0, { newSessions: true }]] as Array<[number | undefined, TokenizeOptions?]>) {
    it(`memo ${memo ?? 'default'}${hint ? ', new sessions' : ''}: each value sent once, tokens as one at a time`, async () => {
      const a = vault(memo);
      const together = await a.v.tokenize(reqs, hint);
      expect(a.sent).toEqual([5]);
      if (hint) expect(a.v.memoEntries).toBe(0);
      expect(together.slice(0, 7)).toEqual(['<PERSON_1>', '<PERSON_1>', '<NOTE_1>', '<PERSON_1>', '<PERSON_1>', '<NOTE_1>', '<PERSON_2>']);
      expect(together[8]).toBe(together[7]);
      const b = vault(memo);
      const alone: string[] = [];
      for (const r of reqs) alone.push(...(await b.v.tokenize([r])));
      expect(together.slice(0, 7)).toEqual(alone.slice(0, 7));
      // Again in one call: all known, same tokens, still one request per value.
      expect(await a.v.tokenize(reqs, hint)).toEqual(together);
      expect(a.sent).toEqual([5, 5]);
      // Without the hint the sessions are memoised from then on, with the same tokens.
      expect(await a.v.tokenize(reqs)).toEqual(together);
      if (memo === undefined) expect(a.v.memoEntries).toBe(4);
    });
  }
});
