// hmac/hmacHex (src/vault/crypto.ts) build HMAC-SHA-256 from one-shot SHA-256 calls: they must equal
// node:crypto's createHmac on every key length and input (empty, long, non-ASCII, lone surrogates)
// whatever the block boundaries of the padded input.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmac, hmacHex, hmacHex2 } from '../../src/vault/crypto.js';
import fc from 'fast-check';
import { hmacBytes2, sha256Hex, wipe, writeLatin1, writeUtf8 } from '../../src/hmac.js';

const inputs = [
  '', 'a', 'PERSON\u0000ravi kumar', 'PHONE\u0000+917558782452', 'राज कुमार\u0000शर्मा', 'a\ud800b\udfffc', '😀'.repeat(40),
  'ravi é', `${'x'.repeat(127)}é`, 'x'.repeat(128), 'x'.repeat(129), 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(63), 'x'.repeat(64), 'x'.repeat(119), 'x'.repeat(1000), 'é'.repeat(3000),
];

describe('hmac', () => {
  for (const len of [0, 1, 16, 32, 63, 64, 65, 100]) {
    it(`equals createHmac for a ${len}-byte key`, () => {
      const key = randomBytes(len);
      for (const d of inputs) {
        const ref = createHmac('sha256', key).update(d, 'utf8').digest();
        expect(hmac(key, d).equals(ref)).toBe(true);
        expect(hmacHex(key, d)).toBe(ref.toString('hex'));
        expect(hmacHex2(key, 'PERSON', d)).toBe(createHmac('sha256', key).update(`PERSON\u0000${d}`, 'utf8').digest('hex'));
        expect(hmacHex2(key, d, d)).toBe(createHmac('sha256', key).update(`${d}\u0000${d}`, 'utf8').digest('hex'));
      }
    });
  }

  it('equals createHmac on many random inputs', () => {
    const key = randomBytes(32);
    for (let i = 0; i < 500; i++) {
      const d = randomBytes(i % 90).toString('latin1') + String.fromCharCode(0x900 + (i % 50));
      expect(hmacHex(key, d)).toBe(createHmac('sha256', key).update(d, 'utf8').digest('hex'));
    }
  });
});

describe('sha256Hex', () => {
  it('equals createHash over the UTF-8 bytes of any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
      expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
    }), { numRuns: 500 });
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('hmacBytes2', () => {
  it('equals createHmac over the two byte ranges, for every key length and split', () => {
    for (const len of [0, 16, 32, 64, 65]) {
      const key = randomBytes(len);
      for (let i = 0; i < 120; i++) {
        const a = randomBytes(i * 3);
        const b = randomBytes((i * 7) % 200);
        const aEnd = Math.floor(a.length / 2);
        const bEnd = b.length - (i % 3 === 0 ? 0 : Math.min(b.length, 1));
        const ref = createHmac('sha256', key).update(a.subarray(0, aEnd)).update(b.subarray(0, bEnd)).digest();
        expect(Buffer.from(hmacBytes2(key, a, aEnd, b, bEnd), 'latin1').equals(ref)).toBe(true);
      }
    }
  });
});

describe('hmac pads per key', () => {
  it('a key changed in place gets new pads; keys do not share them', () => {
    const key = randomBytes(32);
    const other = randomBytes(32);
    expect(hmacHex(key, 'x')).toBe(createHmac('sha256', key).update('x').digest('hex'));
    expect(hmacHex(other, 'x')).toBe(createHmac('sha256', other).update('x').digest('hex'));
    key[5] = key[5]! ^ 0xff;
    expect(hmacHex(key, 'x')).toBe(createHmac('sha256', key).update('x').digest('hex'));
    expect(hmacHex2(key, 'PERSON', 'é'.repeat(400))).toBe(createHmac('sha256', key).update(`PERSON\u0000${'é'.repeat(400)}`).digest('hex'));
    expect(hmacHex(key, 'y')).toBe(createHmac('sha256', key).update('y').digest('hex'));
  });
});

// The vault's byte writers (src/hmac.ts): short ASCII strings are copied by a loop, everything else by
// Buffer#write; both must give Buffer#write's bytes and count, and touch nothing outside their range.
describe('writeUtf8, writeLatin1, wipe', () => {
  const units = fc.oneof(
    fc.integer({ min: 0, max: 0x7f }),
    fc.integer({ min: 0x80, max: 0xffff }),
    fc.constantFrom(0xd800, 0xdbff, 0xdc00, 0xdfff, 0x0915, 0xe9),
  );
  const strings = fc.oneof(
    fc.array(units, { maxLength: 200 }).map((us) => String.fromCharCode(...us)),
    fc.array(fc.integer({ min: 0, max: 0x7f }), { maxLength: 200 }).map((us) => String.fromCharCode(...us)),
  );

  it('writeUtf8 writes what Buffer#write writes, at any offset, and nothing around it', () => {
    fc.assert(
      fc.property(strings, fc.integer({ min: 0, max: 9 }), (s, at) => {
        const room = at + s.length * 3 + 4;
        const ref = Buffer.alloc(room, 0xaa);
        const got = Buffer.alloc(room, 0xaa);
        const n = ref.write(s, at, 'utf8');
        expect(writeUtf8(got, s, at)).toBe(n);
        expect(got.equals(ref)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('writeLatin1 writes a digest string byte for byte; wipe zeroes exactly its range', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.integer({ min: 0, max: 7 }), (bytes, at) => {
        const latin1 = Buffer.from(bytes).toString('latin1');
        const got = Buffer.alloc(at + bytes.length + 3, 0x55);
        writeLatin1(got, latin1, at, bytes.length);
        expect(got.subarray(at, at + bytes.length).equals(Buffer.from(bytes))).toBe(true);
        expect([...got.subarray(0, at), ...got.subarray(at + bytes.length)].every((b) => b === 0x55)).toBe(true);
        wipe(got, at, at + bytes.length);
        expect(got.subarray(at, at + bytes.length).every((b) => b === 0)).toBe(true);
        expect([...got.subarray(0, at), ...got.subarray(at + bytes.length)].every((b) => b === 0x55)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
