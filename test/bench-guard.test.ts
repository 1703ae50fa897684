// The arithmetic behind `npm run bench:guard`: no timing here, only what the guard does with samples.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bracketedRatio, interleavedRatio, judge, limitFor, parseLimits, type Limits } from '../bench/guard-logic.js';
import { median, percentile, prompts, utf8Bytes, WITHOUT_NAMES, WITH_NAMES } from '../bench/lib.js';

const limits: Limits = {
  ratios: {
    a: { limit: 10, measured: 5, what: 'a' },
    b: { limit: 4, measured: 2, what: 'b' },
  },
};

describe('interleavedRatio', () => {
  it('divides each pipeline sample by the mean of the yardsticks around it, then takes the median', () => {
    // Y=2 P=10 Y=2 P=30 Y=6 P=8 Y=2 → ratios 5, 7.5, 2 → median 5
    expect(interleavedRatio([2, 2, 6, 2], [10, 30, 8])).toBe(5);
  });

  it('cancels a slowdown that hits both sides (a busy machine)', () => {
    const calm = interleavedRatio([1, 1, 1, 1], [4, 4, 4]);
    const busy = interleavedRatio([3, 3, 3, 3], [12, 12, 12]);
    expect(busy).toBe(calm);
  });

  it('is not moved by one outlier sample', () => {
    expect(interleavedRatio([1, 1, 1, 1, 1, 1], [4, 4, 400, 4, 4])).toBe(4);
  });

  it('rejects a sequence that is not Y P Y ... P Y', () => {
    expect(() => interleavedRatio([1, 1], [1, 1])).toThrow(/one more yardstick/);
    expect(() => interleavedRatio([1], [])).toThrow(/no pipeline samples/);
  });

  it('rejects zero or negative yardstick durations', () => {
    expect(() => bracketedRatio([{ before: 0, pipe: 1, after: 0 }])).toThrow(/positive/);
    expect(() => bracketedRatio([{ before: 1, pipe: -1, after: 1 }])).toThrow(/positive/);
  });
});

describe('judge', () => {
  it('passes ratios at or under their limit and fails those above it', () => {
    const v = judge({ a: 10, b: 4.01 }, limits);
    expect(v).toEqual([
      { name: 'a', ratio: 10, limit: 10, ok: true },
      { name: 'b', ratio: 4.01, limit: 4, ok: false },
    ]);
  });

  it('fails a limit that was not measured (a dropped measurement must not stop guarding)', () => {
    const v = judge({ a: 1 }, limits);
    expect(v.find((x) => x.name === 'b')).toMatchObject({ ok: false });
  });

  it('fails a NaN ratio', () => {
    expect(judge({ a: NaN, b: 1 }, limits)[0]!.ok).toBe(false);
  });

  it('throws for a measured ratio with no limit', () => {
    expect(() => judge({ a: 1, b: 1, c: 1 }, limits)).toThrow(/no limit for measured ratio "c"/);
  });
});

describe('parseLimits', () => {
  it('accepts the committed bench/limits.json', () => {
    const parsed = parseLimits(JSON.parse(readFileSync(new URL('../bench/limits.json', import.meta.url), 'utf8')));
    expect(Object.keys(parsed.ratios).length).toBeGreaterThanOrEqual(3);
    for (const e of Object.values(parsed.ratios)) expect(e.limit).toBeGreaterThanOrEqual(e.measured);
  });

  it.each([
    ['not an object', 3],
    ['no ratios', {}],
    ['empty ratios', { ratios: {} }],
    ['limit missing', { ratios: { a: { measured: 1 } } }],
    ['limit zero', { ratios: { a: { limit: 0, measured: 1 } } }],
    ['limit infinite', { ratios: { a: { limit: Infinity, measured: 1 } } }],
    ['measured missing', { ratios: { a: { limit: 2 } } }],
    ['limit below measured', { ratios: { a: { limit: 1, measured: 2 } } }],
  ])('rejects %s', (_, json) => {
    expect(() => parseLimits(json)).toThrow();
  });
});

describe('limitFor', () => {
  it('is factor × measured, rounded up to two significant digits', () => {
    expect(limitFor(13.2, 2)).toBe(27);
    expect(limitFor(0.512, 2)).toBe(1.1);
    expect(limitFor(5, 1.5)).toBe(7.5);
  });

  it('never rounds below factor × measured', () => {
    for (const m of [0.0123, 1.01, 9.99, 123.4, 17.7]) expect(limitFor(m, 2)).toBeGreaterThanOrEqual(m * 2);
  });
});

describe('bench inputs', () => {
  it('median and nearest-rank percentile', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });

  it('prompts are distinct and no longer than the size asked for', () => {
    const records = Array.from({ length: 40 }, (_, i) => ({ id: String(i), text: `record ${i} with some text, ठाणे`, spans: [] }));
    const ps = prompts(records, 256, 4);
    expect(new Set(ps).size).toBe(4);
    for (const p of ps) {
      expect(utf8Bytes(p)).toBeLessThanOrEqual(256);
      expect(utf8Bytes(p)).toBeGreaterThan(200);
    }
  });

  it('"without names" is every type but PERSON', () => {
    expect(WITH_NAMES).toContain('PERSON');
    expect(WITHOUT_NAMES).not.toContain('PERSON');
    expect(WITHOUT_NAMES.length).toBe(WITH_NAMES.length - 1);
  });
});
