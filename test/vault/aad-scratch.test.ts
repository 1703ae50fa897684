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

  it('record AADs of sessions taking turns, with other AADs between, each bound to its own session', () => {
    // The scratch keeps the last session's head (prefix and id) and writes only token and type after
    // it: sessions whose ids share a start, grow the scratch, or alternate with a whole AAD written
    // from byte 0 must still seal and open under exactly their own AAD.
    // s2 then s3: ids of one length, with nothing written between them.
    const sessions = ['s1', 's10', 's1', 'é'.repeat(120), 's1', 'स'.repeat(30), 's2', 's3', 's10', 's4', 's5'];
    const sealed: Array<{ session: string; token: string; value: string; blob: Buffer }> = [];
    const others: Array<[string, Buffer]> = [];
    sessions.forEach((session, i) => {
      // The last session's third token is long enough to grow the scratch under the same head (no
      // whole AAD between its records: its index is even).
      const tokens = ['<PERSON_1>', `<EMAIL_${i + 2}>`, ...(i === sessions.length - 1 ? [`<PHONE_${'9'.repeat(400)}>`] : [])];
      for (const token of tokens) {
        const value = `value ${i} ${token.length}`;
        sealed.push({ session, token, value, blob: sealRecord(key, value, session, token, 'PERSON') });
        // A whole AAD sealed from byte 0 between two records of one session.
        if (i % 2 === 1) others.push([`aad ${i}`, seal(key, 'other', `aad ${i}`)]);
      }
    });
    for (const [aad, blob] of others) expect(open(key, blob, aad)).toBe('other');
    for (const { session, token, value, blob } of sealed) {
      expect(openRecord(key, blob, session, token, 'PERSON')).toBe(value);
      // A whole AAD opened from byte 0, then the same session's record again.
      expect(open(key, others[0]![1], others[0]![0])).toBe('other');
      expect(openRecord(key, blob, session, token, 'PERSON')).toBe(value);
      expect(open(key, blob, recordAad(session, token, 'PERSON'))).toBe(value);
      for (const other of ['s1', 's10', 's2', 's3', 's4', 's5', 's']) {
        if (other !== session) expect(() => openRecord(key, blob, other, token, 'PERSON')).toThrow(expect.objectContaining({ code: 'BAD_RECORD' }));
      }
    }
  });
});
