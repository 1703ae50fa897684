// The nonce pool (src/vault/crypto.ts): nonces are cut from a block of random bytes, each handed out
// once; the block is refilled when it runs out and when the process id changes (a copy of the heap in
// another process must not cut nonces from the same block).
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { noncePoolState, open, seal } from '../../src/vault/crypto.js';

const nonce = (blob: Buffer): string => blob.subarray(1, 13).toString('hex');

describe('nonce pool', () => {
  const key = randomBytes(32);
  const realPid = process.pid;
  afterEach(() => {
    Object.defineProperty(process, 'pid', { value: realPid, configurable: true, writable: true });
  });

  it('never hands out a nonce twice, across several refills of the pool', () => {
    const { size } = noncePoolState();
    const seen = new Set<string>();
    for (let i = 0; i < size * 5 + 7; i++) {
      const blob = seal(key, `value ${i}`, 'aad');
      expect(open(key, blob, 'aad')).toBe(`value ${i}`);
      seen.add(nonce(blob));
    }
    expect(seen.size).toBe(size * 5 + 7);
  });

  it('refills when it runs out', () => {
    const { size } = noncePoolState();
    while (noncePoolState().used < size) seal(key, 'x', 'a');
    seal(key, 'x', 'a');
    expect(noncePoolState().used).toBe(1);
  });

  it('refills, dropping the rest of the block, when the process id changes', () => {
    seal(key, 'x', 'a');
    seal(key, 'x', 'a');
    const before = noncePoolState();
    expect(before.used).toBeGreaterThanOrEqual(2);
    expect(before.pid).toBe(realPid);
    Object.defineProperty(process, 'pid', { value: realPid + 1, configurable: true, writable: true });
    const blob = seal(key, 'Ravi Kumar', 'aad');
    const after = noncePoolState();
    expect(after.pid).toBe(realPid + 1);
    expect(after.used).toBe(1);
    expect(open(key, blob, 'aad')).toBe('Ravi Kumar');
  });
});
