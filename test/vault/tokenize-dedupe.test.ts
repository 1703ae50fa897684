// A value asked several times in one tokenize call goes to the backend once (a batch's chunk names a
// person again and again): every request still gets the token it would get alone, numbering unchanged.
import { describe, expect, it } from 'vitest';
import type { AllocateRequest, TokenMode, TokenRequest } from '../../src/vault/interface.js';
import { generateKey, Keyring } from '../../src/vault/keys.js';
import { MemoryBackend } from '../../src/vault/memory.js';
import { PseudonymVault } from '../../src/vault/vault.js';

function vault(): { v: PseudonymVault; sent: number[] } {
  const backend = new MemoryBackend();
  const sent: number[] = [];
  const allocate = backend.allocate.bind(backend);
  backend.allocate = (reqs: readonly AllocateRequest[]) => {
    sent.push(reqs.length);
    return allocate(reqs);
  };
  const key = generateKey();
  return { v: new PseudonymVault(backend, Keyring.load({ key }, true, 'memory')), sent };
}

const req = (value: string, type = 'PERSON', mode: TokenMode = 'token', session = 's'): TokenRequest => ({ session, type, value, mode });

describe('tokenize: repeated values in one call', () => {
  it('sends each (session, mode, type, value) once and answers every request as one at a time would', async () => {
    for (const mode of ['token', 'deterministic', 'surrogate'] as const) {
      const reqs = [req('Asha Rao', 'PERSON', mode), req('9876543210', 'PHONE', mode), req('Asha Rao', 'PERSON', mode), req('ASHA RAO', 'PERSON', mode), req('9876543210', 'PHONE', mode), req('Asha Rao', 'PERSON', mode, 't')];
      const a = vault();
      const together = await a.v.tokenize(reqs);
      expect(a.sent).toEqual([4]);
      const b = vault();
      const alone: string[] = [];
      for (const r of reqs) alone.push(...(await b.v.tokenize([r])));
      if (mode === 'token') {
        expect(together).toEqual(alone);
        expect(together).toEqual(['<PERSON_1>', '<PHONE_1>', '<PERSON_1>', '<PERSON_1>', '<PHONE_1>', '<PERSON_1>']);
      }
      // Duplicates get their first request's token; other spellings of one value share it too.
      expect(together[2]).toBe(together[0]);
      expect(together[4]).toBe(together[1]);
      expect(together[3]).toBe(together[0]);
      // Asked again, every value is known and answered the same.
      expect(await a.v.tokenize(reqs)).toEqual(together);
    }
  });

  it('checks every request, duplicates included', async () => {
    const a = vault();
    await expect(a.v.tokenize([req('Asha Rao'), { ...req('Asha Rao'), ttl: 'soon' }])).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    expect(a.sent).toEqual([]);
  });
});
