// The hash operator's two steps against plain references: the HMAC against createHmac, the token
// suffix (80-bit number arithmetic in doubles) against the same digits computed with BigInt.
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashToken, hmacDigest, normaliseForHash } from '../../src/transform/operators/hash.js';
import { tokenPrefix } from '../../src/token.js';

const B32 = 'abcdefghijklmnopqrstuvwxyz234567';

function referenceToken(type: string, digest: Uint8Array, chars: number): string {
  let bits = 0n;
  for (let i = 0; i < 10; i++) bits = (bits << 8n) | BigInt(digest[i] ?? 0);
  let suffix = B32[Number(bits % 26n)]!;
  bits /= 26n;
  for (let i = 1; i < chars; i++) {
    suffix += B32[Number(bits & 31n)];
    bits >>= 5n;
  }
  return `<${tokenPrefix(type)}_${suffix}>`;
}

describe('hash operator', () => {
  it('the HMAC is HMAC-SHA-256 of "hash\\0type\\0normalised value"', () => {
    const key = randomBytes(32);
    for (const [type, value] of [['AADHAAR', '2345 6789 0124'], ['PERSON', 'Asha Rao'], ['EMAIL', 'Ünïcode@Example.com'], ['PHONE', '+91 98765 43210'], ['PERSON', 'राम कुमार']] as const) {
      const want = createHmac('sha256', key).update(`hash\u0000${type}\u0000${normaliseForHash(type, value)}`, 'utf8').digest();
      expect(hmacDigest(key, type, value).equals(want), `${type}`).toBe(true);
      expect(hmacDigest(new Uint8Array(key), type, value).equals(want)).toBe(true);
    }
  });

  it('the token suffix is the digest read as an 80-bit number: first mod 26, then base 32', () => {
    const edge = [new Uint8Array(32), new Uint8Array(32).fill(255), Uint8Array.from({ length: 32 }, (_, i) => (i < 5 ? 255 : 0)), Uint8Array.from({ length: 32 }, (_, i) => (i >= 5 && i < 10 ? 255 : 0))];
    const digests = [...edge, ...Array.from({ length: 3000 }, () => randomBytes(32))];
    for (const d of digests) {
      for (let chars = 8; chars <= 15; chars++) expect(hashToken('AADHAAR', d, chars)).toBe(referenceToken('AADHAAR', d, chars));
    }
  });
});
