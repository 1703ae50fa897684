import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparePriority, resolve, type Candidate } from '../src/resolve/resolve.js';

const c = (type: string, start: number, end: number, o: Partial<Candidate> = {}): Candidate => ({
  type, start, end, score: 0.5, detector: type.toLowerCase(), validated: false, ...o,
});
const kept = (cands: Candidate[]): string[] => resolve(cands).map((x) => `${x.type}@${x.start}-${x.end}`);

describe('resolve', () => {
  it('returns non-overlapping spans sorted by start', () => {
    const out = resolve([c('EMAIL', 20, 30), c('PHONE', 0, 10), c('PAN', 12, 18)]);
    expect(out.map((x) => x.start)).toEqual([0, 12, 20]);
  });

  it('1. validated beats unvalidated, even when shorter or less specific', () => {
    expect(kept([c('GSTIN', 0, 15), c('PHONE', 2, 12, { validated: true })])).toEqual(['PHONE@2-12']);
  });

  it('2. the longer span wins: GSTIN over the PAN inside it, +91 phone over the digits after +', () => {
    expect(kept([c('PAN', 2, 12, { validated: true }), c('GSTIN', 0, 15, { validated: true })])).toEqual(['GSTIN@0-15']);
    expect(kept([c('AADHAAR', 1, 13, { validated: true }), c('PHONE', 0, 13, { validated: true })])).toEqual(['PHONE@0-13']);
  });

  it('3. at equal length, context found beats no context', () => {
    expect(kept([c('PHONE', 7, 17, { validated: true }), c('BANK_ACCOUNT', 7, 17, { validated: true, contextual: true })]))
      .toEqual(['BANK_ACCOUNT@7-17']);
  });

  it('4. at equal length and evidence, the more specific type wins: UPI over EMAIL', () => {
    expect(kept([c('EMAIL', 0, 12, { validated: true }), c('UPI_ID', 0, 12, { validated: true })])).toEqual(['UPI_ID@0-12']);
    expect(kept([c('AADHAAR', 0, 16, { validated: true }), c('CREDIT_CARD', 0, 16, { validated: true })])).toEqual(['CREDIT_CARD@0-16']);
  });

  it('5. the higher score wins when length, context and type rank tie', () => {
    expect(kept([c('X_ID', 0, 5, { score: 0.6 }), c('Y_ID', 1, 6, { score: 0.9 })])).toEqual(['Y_ID@1-6']);
  });

  it('6. otherwise the earlier start wins, independent of input order', () => {
    const a = c('X_ID', 0, 5);
    const b = c('X_ID', 3, 8);
    expect(kept([a, b])).toEqual(['X_ID@0-5']);
    expect(kept([b, a])).toEqual(['X_ID@0-5']);
  });

  it('keeps both sides of a chain when the middle loses (clusters resolve greedily)', () => {
    // B overlaps A and C; A and C do not overlap. B is least specific, so A and C both survive.
    expect(kept([c('AADHAAR', 0, 12, { validated: true }), c('CITY', 10, 22), c('PAN', 20, 30, { validated: true })]))
      .toEqual(['AADHAAR@0-12', 'PAN@20-30']);
  });

  it('handles touching spans as non-overlapping (end is exclusive)', () => {
    expect(kept([c('PHONE', 0, 10), c('EMAIL', 10, 20)])).toEqual(['PHONE@0-10', 'EMAIL@10-20']);
  });

  it('keeps what the greedy rule keeps (checked against a plain quadratic reference on random spans)', () => {
    const reference = (cands: Candidate[]): Candidate[] => {
      const kept: Candidate[] = [];
      for (const x of cands.slice().sort(comparePriority)) if (!kept.some((k) => k.start < x.end && x.start < k.end)) kept.push(x);
      return kept.sort((a, b) => a.start - b.start);
    };
    const span = fc.record({
      type: fc.constantFrom('PHONE', 'AADHAAR', 'PAN', 'EMAIL', 'BANK_ACCOUNT'),
      start: fc.integer({ min: 0, max: 60 }),
      len: fc.integer({ min: 1, max: 20 }),
      score: fc.constantFrom(0.4, 0.5, 0.9),
      validated: fc.boolean(),
      contextual: fc.boolean(),
    });
    fc.assert(fc.property(fc.array(span, { maxLength: 40 }), (xs) => {
      const cands = xs.map((x, i) => c(x.type, x.start, x.start + x.len, { score: x.score, validated: x.validated, contextual: x.contextual, detector: `d${i}` }));
      expect(resolve(cands)).toEqual(reference(cands));
    }));
  });

  it('resolves one big cluster in n log n steps (span reads counted, not time)', () => {
    // Every candidate overlaps the next: one cluster of n. Reads of start/end are the steps.
    const reads = (n: number): number => {
      let count = 0;
      const cands: Candidate[] = [];
      for (let i = 0; i < n; i++) {
        const o = { type: 'PHONE', score: 0.5, detector: 'phone', validated: i % 3 === 0 } as Candidate;
        const start = i * 2;
        const end = i * 2 + 3 + (i % 5);
        Object.defineProperty(o, 'start', { get: () => (count++, start), enumerable: true });
        Object.defineProperty(o, 'end', { get: () => (count++, end), enumerable: true });
        cands.push(o);
      }
      resolve(cands);
      return count;
    };
    const small = reads(2000);
    const big = reads(16000);
    // n log n: 8 × n grows the count by about 8 × (log 16000 / log 2000) ≈ 10; quadratic would be 64.
    expect(big / small).toBeLessThan(14);
  });
});

