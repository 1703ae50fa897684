// Entity arrays keep one elements kind from the first call on (src/text/plain.ts). Made by
// `Array.prototype.map`, detect's array was packed while its builder ran in the interpreter and holey
// once it was optimised, and every function reading it that had been compiled on the first kind
// deoptimised when the second came (`cleanEntities`, `planReplacements`: "wrong map", ~800 one-off
// `anonymise` calls in). The probe counts the kinds over thousands of calls, across that point.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const probe = fileURLToPath(new URL('../support/array-kinds-probe.ts', import.meta.url));

describe('entity arrays', () => {
  it('are packed from the first call to long after their builders are optimised', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--allow-natives-syntax', probe, '6000'], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop()!) as Record<'detect' | 'detectMany' | 'memo', { holey: number; packed: number }>;
    expect(r.detect).toEqual({ holey: 0, packed: 6000 });
    expect(r.detectMany).toEqual({ holey: 0, packed: 1500 * 5 });
    expect(r.memo).toEqual({ holey: 0, packed: 6000 });
  }, 120_000);
});
