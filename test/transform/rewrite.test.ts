import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportEntities, tokensIn, type KeptSpan, type Replacement } from '../../src/transform/rewrite.js';
import { scanTokens } from '../../src/token.js';

// The rewrite skips the token scan of a text without an underscore; that must never lose a token.
const ALPHABET = ['<', '>', '[', ']', '{', '}', '\\', '&lt;', '&gt;', '&#60;', '&#x3e;', '_', '_', 'PERSON', 'person', 'A', 'z', '1', '7', '0', ' ', '.', "'", 'abcdefghijklmnop', 'k3f9x2qab7d4mn2p'];

describe('tokensIn', () => {
  it('finds exactly what scanTokens finds, on texts with and without underscores', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(tokensIn(text)).toEqual(scanTokens(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('a text without an underscore holds no token in any spelling the scanner accepts', () => {
    for (const t of ['<PERSON 1>', 'PERSON-1', '[PERSON1]', '&lt;PERSON1&gt;', 'PERSON\\1']) expect(tokensIn(t)).toEqual([]);
    expect(tokensIn('Hi <PERSON_1>').map((m) => m.token)).toEqual(['<PERSON_1>']);
    expect(tokensIn('Hi PERSON\\_1').map((m) => m.token)).toEqual(['<PERSON_1>']);
  });
});

// The entity report merges replacements and kept spans in one sweep; it must equal what the earlier
// version built (every replacement, then the kept spans no replacement overlaps, with their output
// shift, sorted by start).
describe('reportEntities', () => {
  type Span = { start: number; end: number; keep: boolean; grow: number };
  const reference = (reps: Replacement[], kept: KeptSpan[]) => {
    const out: Array<Record<string, unknown>> = reps.map((r) => ({ type: r.type, start: r.start, end: r.end, action: r.action, outStart: r.outStart, outEnd: r.outEnd, token: r.text, score: r.entity!.score, detector: r.entity!.detector }));
    for (const k of kept) {
      if (reps.some((r) => r.start < k.end && k.start < r.end)) continue;
      const shift = reps.filter((r) => r.end <= k.start).reduce((a, r) => a + (r.outEnd - r.outStart) - (r.end - r.start), 0);
      out.push({ type: k.type, start: k.start, end: k.end, action: 'keep', outStart: k.start + shift, outEnd: k.end + shift, score: k.score, detector: k.detector });
    }
    return out.sort((a, b) => (a.start as number) - (b.start as number));
  };
  it('equals the sorted reference on random layouts (kept spans before, between, after and over replacements)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ start: fc.nat(200), len: fc.integer({ min: 1, max: 12 }), keep: fc.boolean(), grow: fc.integer({ min: -3, max: 9 }) }), { maxLength: 30 }), (raw) => {
        // Replacements: sorted and disjoint. Kept spans: sorted and disjoint among themselves, and free to overlap replacements.
        const disjoint = (xs: Span[]): Span[] => {
          const out: Span[] = [];
          for (const x of [...xs].sort((a, b) => a.start - b.start)) if (!out.length || out[out.length - 1]!.end <= x.start) out.push(x);
          return out;
        };
        const spans = raw.map((r) => ({ start: r.start, end: r.start + r.len, keep: r.keep, grow: r.grow }));
        const repSpans = disjoint(spans.filter((x) => !x.keep));
        const keptSpans = disjoint(spans.filter((x) => x.keep));
        let shift = 0;
        const reps: Replacement[] = repSpans.map((x, i) => {
          const outStart = x.start + shift;
          const text = `<PERSON_${i + 1}>`.padEnd(Math.max(1, x.end - x.start + x.grow), '~');
          shift += text.length - (x.end - x.start);
          return { start: x.start, end: x.end, type: 'PERSON', action: 'pseudonymise', text, expectToken: true, entity: { score: 0.9, detector: 'd' }, outStart, outEnd: outStart + text.length };
        });
        const kept: KeptSpan[] = keptSpans.map((x) => ({ type: 'EMAIL', start: x.start, end: x.end, score: 0.5, detector: 'k' }));
        expect(reportEntities(reps, kept)).toEqual(reference(reps, kept));
      }),
      { numRuns: 2000 },
    );
  });
});
