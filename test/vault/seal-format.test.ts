// The blob `seal`/`sealRecord` write (src/vault/crypto.ts) is byte for byte what the plain construction
// gives, computed here with node:crypto's stream APIs: version 2, the counter block, AES-256-CTR
// ciphertext from that counter, and the first 16 bytes of HMAC-SHA-256 over version, counter,
// ciphertext, AAD and the AAD's length; the CTR and MAC keys are HKDF-SHA-256 of the record key.
// Whatever the lengths (AAD scratch growth, blobs past the keystream pool and Node's pool size) and
// characters (non-ASCII, lone surrogates). Version 1 blobs (AES-256-GCM, written before) still open.
import { createCipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, openRecord, recordAad, seal, sealRecord } from '../../src/vault/crypto.js';

const subkey = (key: Buffer, info: string): Buffer => Buffer.from(hkdfSync('sha256', key, 'kavach/v1', info, 32));

function reference(key: Buffer, counter: Buffer, plaintext: string, aad: string): Buffer {
  const ct = createCipheriv('aes-256-ctr', subkey(key, 'kavach record ctr v2'), counter).update(Buffer.from(plaintext, 'utf8'));
  const head = Buffer.concat([Buffer.from([2]), counter, ct]);
  const aadBytes = Buffer.from(aad, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(aadBytes.length);
  const tag = createHmac('sha256', subkey(key, 'kavach record mac v2')).update(head).update(aadBytes).update(len).digest();
  return Buffer.concat([head, tag.subarray(0, 16)]);
}

function gcmBlob(key: Buffer, plaintext: string, aad: string): Buffer {
  const nonce = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  c.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
  return Buffer.concat([Buffer.from([1]), nonce, body, c.getAuthTag()]);
}

const cases: Array<[string, string, string, string]> = [
  ['Ravi Kumar', 'f3b1c1de-0000-4000-8000-000000000001', '<PERSON_1>', 'PERSON'],
  ['', 's', '<X_1>', 'X'],
  ['राज कुमार शर्मा', 'सत्र-१', '<PERSON_12>', 'PERSON'],
  ['a\ud800b', 'sess\udfff', 'tok\ud83d\ude00', 'T\u00e9'],
  ['x'.repeat(5000), 'long'.repeat(100), '<EMAIL_999>', 'EMAIL'],
  ['😀'.repeat(700), 'é'.repeat(256), 'ü'.repeat(300), 'TYPE'],
  ['y'.repeat(4096), 's', '<X_2>', 'X'],
  ['z'.repeat(4097), 's', '<X_3>', 'X'],
];

describe('seal blob format', () => {
  const key = randomBytes(32);
  it.each(cases)('sealRecord(%#) is the reference construction and opens', (plaintext, session, token, type) => {
    const aad = recordAad(session, token, type);
    expect(aad).toBe(`kavach/v1\u0000${session}\u0000${token}\u0000${type}`);
    for (const blob of [sealRecord(key, plaintext, session, token, type), seal(key, plaintext, aad)]) {
      expect(blob[0]).toBe(2);
      expect(blob.length).toBe(1 + 16 + Buffer.byteLength(plaintext, 'utf8') + 16);
      expect(blob.equals(reference(key, blob.subarray(1, 17), plaintext, aad))).toBe(true);
      expect(open(key, blob, aad)).toBe(Buffer.from(plaintext, 'utf8').toString('utf8'));
      expect(openRecord(key, blob, session, token, type)).toBe(open(key, blob, aad));
      expect(open(key, new Uint8Array(blob), aad)).toBe(open(key, blob, aad));
      expect(() => openRecord(key, blob, session, token, `${type}x`)).toThrow(expect.objectContaining({ code: 'BAD_RECORD' }));
    }
  });

  it.each(cases)('a version 1 (AES-256-GCM) blob %# still opens, and only under its AAD', (plaintext, session, token, type) => {
    const aad = recordAad(session, token, type);
    const blob = gcmBlob(key, plaintext, aad);
    expect(open(key, blob, aad)).toBe(Buffer.from(plaintext, 'utf8').toString('utf8'));
    expect(openRecord(key, blob, session, token, type)).toBe(open(key, blob, aad));
    expect(() => openRecord(key, blob, session, token, `${type}x`)).toThrow(expect.objectContaining({ code: 'BAD_RECORD' }));
    blob[14] = blob[14]! ^ 1;
    expect(() => open(key, blob, aad)).toThrow(expect.objectContaining({ code: 'BAD_RECORD' }));
  });

  it('blobs do not share bytes with each other (a later seal leaves an earlier blob intact)', () => {
    const a = sealRecord(key, 'first value', 's1', '<A_1>', 'A');
    const copy = Buffer.from(a);
    for (let i = 0; i < 50; i++) sealRecord(key, `other ${i}`, 's2'.repeat(i + 1), '<A_2>', 'A');
    expect(a.equals(copy)).toBe(true);
    expect(open(key, a, recordAad('s1', '<A_1>', 'A'))).toBe('first value');
  });

  it('every byte of a blob, and its AAD, is authenticated', () => {
    const aad = recordAad('s', '<PERSON_1>', 'PERSON');
    const blob = seal(key, 'Ravi Kumar', aad);
    for (let i = 0; i < blob.length; i++) {
      for (const bit of [1, 0x80]) {
        const bad = Buffer.from(blob);
        bad[i] = bad[i]! ^ bit;
        expect(() => open(key, bad, aad)).toThrow(expect.objectContaining({ code: 'BAD_RECORD' }));
      }
    }
    // A shortened blob, and a longer AAD, do not verify (the AAD's length in the tag input is checked
    // by the comparison with the reference construction above).
    expect(() => open(key, blob.subarray(0, blob.length - 1), aad)).toThrow(expect.objectContaining({ code: 'BAD_RECORD' }));
    expect(() => open(key, blob, `${aad}\u0000`)).toThrow(expect.objectContaining({ code: 'BAD_RECORD' }));
  });

  it('a key changed in place seals and opens under its new bytes', () => {
    const k = randomBytes(32);
    const before = seal(k, 'Ravi Kumar', 'a');
    k[0] = k[0]! ^ 1;
    const after = seal(k, 'Asha Rao', 'a');
    const fresh = Buffer.from(k);
    expect(open(fresh, after, 'a')).toBe('Asha Rao');
    expect(after.equals(reference(fresh, after.subarray(1, 17), 'Asha Rao', 'a'))).toBe(true);
    expect(() => open(k, before, 'a')).toThrow(expect.objectContaining({ code: 'BAD_RECORD' }));
  });
});
