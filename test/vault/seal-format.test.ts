// The blob `seal`/`sealRecord` write (src/vault/crypto.ts) is byte for byte what the plain construction
// gives: version 1, the nonce, AES-256-GCM ciphertext and tag over the record's AAD. Re-encrypting
// with the blob's own nonce through createCipheriv + Buffer.concat must give the same bytes, whatever
// the lengths (AAD scratch growth, blobs past Node's pool size) and characters (non-ASCII, lone
// surrogates) involved.
import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, openRecord, recordAad, seal, sealRecord } from '../../src/vault/crypto.js';

function reference(key: Buffer, nonce: Buffer, plaintext: string, aad: string): Buffer {
  const c = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  c.setAAD(Buffer.from(aad, 'utf8'));
  const body = c.update(plaintext, 'utf8');
  const tail = c.final();
  return Buffer.concat([Buffer.from([1]), nonce, body, tail, c.getAuthTag()]);
}

const cases: Array<[string, string, string, string]> = [
  ['Ravi Kumar', 'f3b1c1de-0000-4000-8000-000000000001', '<PERSON_1>', 'PERSON'],
  ['', 's', '<X_1>', 'X'],
  ['राज कुमार शर्मा', 'सत्र-१', '<PERSON_12>', 'PERSON'],
  ['a\ud800b', 'sess\udfff', 'tok\ud83d\ude00', 'T\u00e9'],
  ['x'.repeat(5000), 'long'.repeat(100), '<EMAIL_999>', 'EMAIL'],
  ['😀'.repeat(700), 'é'.repeat(256), 'ü'.repeat(300), 'TYPE'],
];

describe('seal blob format', () => {
  const key = randomBytes(32);
  it.each(cases)('sealRecord(%#) is the reference construction and opens', (plaintext, session, token, type) => {
    const aad = recordAad(session, token, type);
    expect(aad).toBe(`kavach/v1\u0000${session}\u0000${token}\u0000${type}`);
    for (const blob of [sealRecord(key, plaintext, session, token, type), seal(key, plaintext, aad)]) {
      expect(blob[0]).toBe(1);
      expect(blob.length).toBe(1 + 12 + Buffer.byteLength(plaintext, 'utf8') + 16);
      expect(blob.equals(reference(key, blob.subarray(1, 13), plaintext, aad))).toBe(true);
      expect(open(key, blob, aad)).toBe(Buffer.from(plaintext, 'utf8').toString('utf8'));
      expect(openRecord(key, blob, session, token, type)).toBe(open(key, blob, aad));
      expect(open(key, new Uint8Array(blob), aad)).toBe(open(key, blob, aad));
      expect(() => openRecord(key, blob, session, token, `${type}x`)).toThrow(expect.objectContaining({ code: 'BAD_RECORD' }));
    }
  });

  it('blobs do not share bytes with each other (a later seal leaves an earlier blob intact)', () => {
    const a = sealRecord(key, 'first value', 's1', '<A_1>', 'A');
    const copy = Buffer.from(a);
    for (let i = 0; i < 50; i++) sealRecord(key, `other ${i}`, 's2'.repeat(i + 1), '<A_2>', 'A');
    expect(a.equals(copy)).toBe(true);
    expect(open(key, a, recordAad('s1', '<A_1>', 'A'))).toBe('first value');
  });
});
