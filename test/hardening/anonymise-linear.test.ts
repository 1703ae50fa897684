// Issue 14, item 8: the overlap checks in `anonymise` between token-shaped spans, replacements and
// kept entities were quadratic (20k spans 5.7 s, 40k 15.6 s). The sweeps count their steps in
// `overlapWork`; this test counts, it does not time: 10× the input must cost about 10× the steps.
import { describe, expect, it } from 'vitest';
import { anonymise, overlapWork } from '../../src/anonymise.js';
import { deanonymise } from '../../src/deanonymise.js';
import { pseudonymiseAll, type Decider } from '../../src/decide/plan.js';
import type { Entity } from '../../src/types.js';
import { createMemoryVault } from '../../src/vault/memory.js';

/**
 * n units, each with token-shaped text already in the input (escaped), a value to replace, a value
 * to keep, and every tenth a "PERSON_1" glued to the value (a token shape that only appears once the
 * value is replaced: the verify-and-escape round).
 */
function input(n: number): { text: string; entities: Entity[] } {
  let text = '';
  const entities: Entity[] = [];
  for (let i = 0; i < n; i++) {
    text += `<PERSON_${i + 1}> [EMAIL_${i + 1}] `;
    if (i % 10 === 0) text += 'PERSON_1';
    const v = `Value${i}`;
    entities.push({ type: 'PERSON', start: text.length, end: text.length + v.length, text: v, score: 1, detector: 'test' });
    text += `${v} and `;
    const k = `Keep${i}`;
    entities.push({ type: 'CITY', start: text.length, end: text.length + k.length, text: k, score: 1, detector: 'test' });
    text += `${k}.\n`;
  }
  return { text, entities };
}

const decide: Decider = (e, ctx) => (e.type === 'CITY' ? { action: 'keep' } : pseudonymiseAll(e, ctx));

async function steps(n: number): Promise<{ steps: number; text: string; out: string; session: string; vault: ReturnType<typeof createMemoryVault> }> {
  const { text, entities } = input(n);
  const vault = createMemoryVault();
  const before = overlapWork.steps;
  const r = await anonymise(text, { vault, policy: decide, detector: () => entities });
  return { steps: overlapWork.steps - before, text, out: r.text, session: r.session, vault };
}

describe('anonymise: overlap work is linear in the number of spans', () => {
  it('restores the small case exactly (the input exercises every path)', async () => {
    const r = await steps(30);
    expect(r.out).toContain('<LITERAL_');
    expect(r.out).not.toContain('Value3 ');
    expect(r.out).toContain('Keep3.');
    expect(await deanonymise(r.out, { session: r.session, vault: r.vault })).toBe(r.text);
  });

  it('10× the spans costs about 10× the steps', async () => {
    const small = await steps(1_000);
    const large = await steps(10_000);
    expect(small.steps).toBeGreaterThan(1_000);
    const ratio = large.steps / small.steps;
    // Quadratic checks gave ~100 here.
    expect(ratio).toBeGreaterThan(8);
    expect(ratio).toBeLessThan(12);
  }, 120_000);
});
