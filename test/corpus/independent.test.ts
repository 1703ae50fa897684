import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CorpusRecord } from '../../corpus/gen/builder.js';
import { generateIndependent, INDEPENDENT_FILE, independentJsonl } from '../../corpus/independent/generate.js';
import { keptTypes, verbatim } from '../../corpus/leak.js';

describe('independent corpus part', () => {
  it('regenerates the committed file byte for byte (run `tsx corpus/independent/generate.ts` after changing it)', () => {
    expect(readFileSync(INDEPENDENT_FILE, 'utf8')).toBe(independentJsonl());
  });

  it('is a pure function of the seed and differs with another seed', () => {
    expect(generateIndependent(5, 40)).toEqual(generateIndependent(5, 40));
    expect(generateIndependent(6, 40)).not.toEqual(generateIndependent(5, 40));
  });

  const recs = readFileSync(INDEPENDENT_FILE, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CorpusRecord);

  it('has decoys with no span and positives with spans, every template represented', () => {
    const neg = recs.filter((r) => r.negative);
    expect(neg.length).toBeGreaterThan(recs.length * 0.15);
    for (const r of neg) expect(r.spans).toEqual([]);
    for (const t of ['court-order', 'discharge-summary', 'bank-statement', 'passenger-list', 'json-payload', 'multilingual-chat', 'decoy-utility', 'decoy-org']) {
      expect(recs.some((r) => r.template === t)).toBe(true);
    }
  });

  it('has spans that slice to trimmed, non-overlapping values', () => {
    for (const r of recs) {
      let prev = -1;
      for (const s of r.spans.slice().sort((a, b) => a.start - b.start)) {
        const v = r.text.slice(s.start, s.end);
        expect(v.length).toBeGreaterThan(0);
        expect(v.trim()).toBe(v);
        expect(s.start).toBeGreaterThanOrEqual(prev);
        prev = s.end;
      }
    }
  });
});

describe('leak measure', () => {
  it.each([
    ['call <PHONE_1> now', '9876543210', false],
    ['call 9876543210 now', '9876543210', true],
    ['ref 198765432101', '9876543210', false], // inside a longer run is no verbatim value
    ['Ravi Kumar wrote', 'Ravi Kumar', true],
  ])('verbatim(%s, %s) → %s', (out, value, leaked) => expect(verbatim(out, value)).toBe(leaked));

  it('does not count what the llm preset keeps on purpose', () => {
    expect([...keptTypes('llm')].sort()).toEqual(['AGE', 'CITY', 'HEALTH']);
    expect(keptTypes('strict').size).toBe(0);
  });
});
