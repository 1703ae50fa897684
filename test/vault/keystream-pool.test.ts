// The keystream pool (src/vault/crypto.ts): records take whole 16-byte blocks of one AES-256-CTR
// keystream, each block handed out once; the pool is refilled from a fresh random counter when it
// runs out and when the process id changes (a copy of the heap in another process must not reuse it).
import { createCipheriv, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { counterPlus, keystreamState, open, seal } from '../../src/vault/crypto.js';

/** Whether no two of the block ranges overlap. */
function disjoint(ranges: Array<[bigint, bigint]>): boolean {
  const sorted = [...ranges].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return sorted.every((r, i) => i === 0 || r[0] >= sorted[i - 1]![1]);
}

/** The blocks a blob's keystream covers: [first counter, first counter + blocks) as 128-bit integers. */
function blocks(blob: Buffer): [bigint, bigint] {
  const first = BigInt(`0x${blob.subarray(1, 17).toString('hex')}`);
  const n = blob.length - 33;
  return [first, first + BigInt((n + 15) >> 4)];
}

describe('keystream pool', () => {
  const realPid = process.pid;
  afterEach(() => {
    Object.defineProperty(process, 'pid', { value: realPid, configurable: true, writable: true });
  });

  it('never hands out a keystream block twice, across several refills, whatever the record lengths', () => {
    const key = randomBytes(32);
    const ranges: Array<[bigint, bigint]> = [];
    const { size } = keystreamState(key);
    for (let i = 0; i < size * 6; i++) {
      const value = `value ${i} ${'x'.repeat((i * 7) % 53)}`;
      const blob = seal(key, value, 'aad');
      expect(open(key, blob, 'aad')).toBe(value);
      ranges.push(blocks(blob));
    }
    expect(disjoint(ranges)).toBe(true);
  });

  it('takes whole blocks, consecutive within one pool', () => {
    const key = randomBytes(32);
    const a = seal(key, 'x'.repeat(17), 'a'); // 2 blocks
    const b = seal(key, 'y', 'a');
    expect(keystreamState(key).used).toBe(3); // a new key's pool: filled at the first seal
    expect(blocks(b)[0]).toBe(blocks(a)[0] + 2n);
  });

  it('refills when it runs out', () => {
    const key = randomBytes(32);
    const { size } = keystreamState(key);
    seal(key, 'x', 'a');
    for (let i = 1; i < size; i++) seal(key, 'x', 'a');
    expect(keystreamState(key).used).toBe(size);
    seal(key, 'x', 'a');
    expect(keystreamState(key).used).toBe(1);
  });

  it('refills, dropping the rest of the pool, when the process id changes', () => {
    const key = randomBytes(32);
    seal(key, 'x', 'a');
    seal(key, 'x', 'a');
    const before = keystreamState(key);
    expect(before.used).toBe(2);
    expect(before.pid).toBe(realPid);
    Object.defineProperty(process, 'pid', { value: realPid + 1, configurable: true, writable: true });
    const blob = seal(key, 'Ravi Kumar', 'aad');
    const after = keystreamState(key);
    expect(after.pid).toBe(realPid + 1);
    expect(after.used).toBe(1);
    expect(open(key, blob, 'aad')).toBe('Ravi Kumar');
  });

  it('a record longer than the pool takes its own cipher and leaves the pool alone', () => {
    const key = randomBytes(32);
    seal(key, 'x', 'a');
    const long = 'ग'.repeat(3000);
    const blob = seal(key, long, 'a');
    expect(keystreamState(key).used).toBe(1);
    expect(open(key, blob, 'a')).toBe(long);
  });

  it('keys have pools of their own', () => {
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    seal(k1, 'x', 'a');
    seal(k1, 'x', 'a');
    seal(k2, 'x', 'a');
    expect(keystreamState(k1).used).toBe(2);
    expect(keystreamState(k2).used).toBe(1);
  });
});

describe('counters', () => {
  it('counterPlus counts as OpenSSL CTR does, carries across all 128 bits included', () => {
    const key = randomBytes(32);
    const bases = ['00'.repeat(16), 'ff'.repeat(16), `${'00'.repeat(12)}ffffffff`, `${'00'.repeat(8)}${'ff'.repeat(8)}`, `00${'ff'.repeat(15)}`, `${'ab'.repeat(15)}f0`];
    const zeros = Buffer.alloc(16 * 300);
    for (const hex of bases) {
      const base = Buffer.from(hex, 'hex');
      const stream = createCipheriv('aes-256-ctr', key, base).update(zeros);
      for (const k of [0, 1, 15, 16, 17, 255, 256, 299]) {
        const at = Buffer.alloc(16);
        counterPlus(base, k, at, 0);
        const block = createCipheriv('aes-256-ctr', key, at).update(Buffer.alloc(16));
        expect(block.equals(stream.subarray(k * 16, k * 16 + 16))).toBe(true);
      }
    }
  });

  it('a record longer than the pool gets a fresh random counter, apart from the pool', () => {
    const key = randomBytes(32);
    const ranges: Array<[bigint, bigint]> = [];
    const long = 'x'.repeat(5000);
    for (let i = 0; i < 20; i++) {
      ranges.push(blocks(seal(key, `short ${i}`, 'a')));
      const blob = seal(key, long, 'a');
      expect(open(key, blob, 'a')).toBe(long);
      ranges.push(blocks(blob));
    }
    expect(disjoint(ranges)).toBe(true);
  });

  it('a record key must be 32 bytes', () => {
    for (const len of [0, 16, 31, 33, 64]) {
      expect(() => seal(randomBytes(len), 'x', 'a')).toThrow(expect.objectContaining({ code: 'KEY_INVALID' }));
    }
  });
});
