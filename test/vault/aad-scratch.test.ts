// The AAD scratch of src/vault/crypto.ts (its own file: the scratch is module state, and it must start
// at its first size here): AADs whose UTF-8 fills it to the last byte seal and open, with room for
// the 4-byte AAD length the tag covers, and through both ways of writing an AAD.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, openRecord, recordAad, seal, sealRecord } from '../../src/vault/crypto.js';

describe('AAD scratch', () => {
  const key = randomBytes(32);
  it('AADs of 3-byte characters up to and past the scratch size', () => {
    for (let k = 78; k <= 90; k++) {
      for (const unit of ['\ud800', 'क', 'é']) {
        const aad = unit.repeat(k);
        const blob = seal(key, 'Ravi Kumar', aad);
        expect(open(key, blob, aad)).toBe('Ravi Kumar');
        expect(() => open(key, blob, unit.repeat(k + 1))).toThrow(expect.objectContaining({ code: 'BAD_RECORD' }));
      }
    }
  });

  it('record AADs whose parts are all 3-byte characters', () => {
    for (let k = 70; k <= 90; k++) {
      const session = 'स'.repeat(k);
      const blob = sealRecord(key, 'Asha Rao', session, '<PERSON_1>', 'PERSON');
      expect(openRecord(key, blob, session, '<PERSON_1>', 'PERSON')).toBe('Asha Rao');
      expect(open(key, blob, recordAad(session, '<PERSON_1>', 'PERSON'))).toBe('Asha Rao');
      expect(() => openRecord(key, blob, session.slice(1), '<PERSON_1>', 'PERSON')).toThrow(expect.objectContaining({ code: 'BAD_RECORD' }));
    }
  });
});
