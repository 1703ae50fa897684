// A batch run keeps one coalescing view of its vault (src/vault/coalescing.ts): the canonical
// spellings one chunk read stay known to the chunks after it.
import { describe, expect, it } from 'vitest';
import { anonymiseDetected, coalescingVault } from '../../src/batch/scrub.js';
import { detect } from '../../src/resolve/detect.js';
import type { Vault } from '../../src/vault/interface.js';
import { createMemoryVault } from '../../src/vault/memory.js';

/** A vault that counts the tokens each reveal call asks for. */
function counting(inner: Vault): { vault: Vault; revealed: number[] } {
  const revealed: number[] = [];
  const vault = Object.create(inner) as Vault;
  Object.defineProperty(vault, 'reveal', {
    value: (session: string, tokens: readonly string[]) => {
      revealed.push(tokens.length);
      return inner.reveal.call(inner, session, tokens);
    },
  });
  return { vault, revealed };
}

const CHUNK = ['Aadhaar 2345 6789 0124 of Asha Rao', 'mail asha.rao@example.in, Aadhaar 2345 6789 0124'];

describe('coalescingVault over a run', () => {
  it('gives a view back as it is', () => {
    const view = coalescingVault(createMemoryVault());
    expect(coalescingVault(view)).toBe(view);
  });

  it('a view kept for the run reads each canonical spelling once; a view per chunk read it again', async () => {
    const found = CHUNK.map((t) => detect(t));
    const perChunk = counting(createMemoryVault());
    for (let k = 0; k < 3; k++) await anonymiseDetected(CHUNK, found, { vault: perChunk.vault, session: 's' });
    const perRun = counting(createMemoryVault());
    const view = coalescingVault(perRun.vault);
    const outs = [];
    for (let k = 0; k < 3; k++) outs.push(await anonymiseDetected(CHUNK, found, { vault: view, session: 's' }));
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
    expect(sum(perRun.revealed)).toBeGreaterThan(0);
    expect(sum(perChunk.revealed)).toBe(3 * sum(perRun.revealed));
    // The same outputs either way.
    const again = [];
    const plain = createMemoryVault();
    for (let k = 0; k < 3; k++) again.push(await anonymiseDetected(CHUNK, found, { vault: plain, session: 's' }));
    expect(outs).toEqual(again);
  });
});
