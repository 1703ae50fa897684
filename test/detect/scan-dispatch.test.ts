// Issue 11, per-call cost: the shape dispatch keeps its hits in reusable arrays, a registry keeps
// what does not depend on the text (active detectors, shape tables) between calls. These tests pin
// what that must not change: custom anchor shapes find exactly the global regex's hits, a registry
// re-entered from a validator or finder answers for the right text, and the cached plan follows
// the entities asked and the detectors registered.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, hitsOf, patternHits, PatternScan, useFullScan, type AnchorSpec, type CompiledPattern, type DetectorSpec } from '../../src/detect/define.js';
import { DetectorRegistry, listDetectors } from '../../src/detect/detect.js';
import { detect, detectWith } from '../../src/resolve/detect.js';

/** Patterns whose anchors filter on every shape field the bucket table folds in (length, lead, letters
 *  before), and on a digit and separator before the start (notAfter). */
const CUSTOM: Array<[string, string, AnchorSpec]> = [
  ['lead-3-9', '(?<![0-9A-Za-z])[3-9][0-9]{4,6}(?![0-9])', { on: 'digits', length: '5-7', lead: '3-9', before: '0' }],
  ['letters-2-4', '(?<![A-Za-z0-9])[A-Z]{2,4}[0-9]{3}(?![0-9])', { on: 'digits', back: 4, length: '3', before: '2-4', first: 'A-Z', bound: true }],
  ['zero-led', '(?<![0-9])0[0-9]{2}-[0-9]{4}(?![0-9])', { on: 'digits', length: '3', lead: '0', sep: '-' }],
  ['long', '(?<![0-9])[0-9]{20,70}(?![0-9])', { on: 'digits', length: '20-63', before: '0-15' }],
  ['not-a-later-group', '(?<![0-9०-९A-Za-z]|[0-9०-९][\\x20-])[0-9०-९]{4}(?:[\\x20-][0-9०-९]{4})+(?![0-9०-९])', { on: 'digits', length: '4', before: '0', notAfter: ' -' }],
];
const compiled: CompiledPattern[] = CUSTOM.map(([name, source, anchor]) => compilePattern({ name, source, score: 0.5 }, 'custom', anchor));

function spans(p: CompiledPattern, text: string, full: boolean): string[] {
  useFullScan(full);
  try {
    return [...patternHits(p, text)].map((h) => `${h.start}-${h.end}`);
  } finally {
    useFullScan(false);
  }
}

const piece = fc.oneof(
  fc.stringMatching(/^[0-9]{1,9}$/),
  fc.stringMatching(/^[A-Za-z]{1,6}$/),
  fc.constantFrom('०१२३४', '९८७६५४', '0', '12345678901234567890123', '4'.repeat(64)),
);
const text = fc.array(fc.tuple(piece, fc.constantFrom('', ' ', '-', '.', '@', ':', '+')), { maxLength: 16 }).map((xs) => xs.map(([p, s]) => p + s).join(''));

const EMPLOYEE: DetectorSpec = {
  id: 'employee-id',
  type: 'EMPLOYEE_ID',
  patterns: [{ name: 'emp', source: '(?<![A-Za-z0-9])EMP-[0-9]{6}(?![0-9])', score: 0.6 }],
  anchors: { emp: { on: 'digits', back: 4, length: '6', first: 'E', bound: true } },
};

describe('shape dispatch', () => {
  it('finds the global regex hits for anchors filtered by length, first digit and letters before', () => {
    fc.assert(
      fc.property(text, (t) => {
        for (const p of compiled) expect(spans(p, t, false), p.name).toEqual(spans(p, t, true));
      }),
      { numRuns: 500, seed: 5 },
    );
  });

  it('finds the global regex hits for anchors filtered by the number of chained runs', () => {
    // Grouped numbers whose groups are joined by mixed separators: the chain counts any of ' -./', and
    // runs of any digit script (so an exact count needs a look-ahead that reads them all).
    const grouped: Array<[string, string, AnchorSpec]> = [
      ['runs-4', '(?<![0-9A-Za-z]|[0-9]{4}[\\x20-])[0-9]{4}[\\x20-][0-9]{4}[\\x20-][0-9]{4}[\\x20-][0-9]{4}(?![0-9A-Za-z]|[\\x20-][0-9]{4})', { on: 'digits', length: '4', before: '0', sep: ' -', runs: '4-63' }],
      ['runs-3', '(?<![0-9A-Za-z])[0-9]{4}[\\x20-][0-9]{6}[\\x20-][0-9]{4,5}(?![0-9])', { on: 'digits', length: '4', before: '0', sep: ' -', runs: '3-63' }],
      ['runs-2-only', '(?<![0-9])[0-9]{3}[./][0-9]{3}(?![0-9\\u0966-\\u096f\\uff10-\\uff19]|[\\x20./-][0-9\\u0966-\\u096f\\uff10-\\uff19])', { on: 'digits', length: '3', runs: '2' }],
    ];
    const pats = grouped.map(([name, source, anchor]) => compilePattern({ name, source, score: 0.5 }, 'custom', anchor));
    const run = fc.oneof({ weight: 4, arbitrary: fc.constant('1234') }, { weight: 3, arbitrary: fc.constantFrom('123', '123456', '12345', '९८७६', '1234a') });
    const sep = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(' ', '-') }, { weight: 2, arbitrary: fc.constantFrom('.', '/', '', ', ', '  ') });
    const grouping = fc.array(fc.tuple(run, sep), { maxLength: 12 }).map((xs) => xs.map(([r, s]) => r + s).join(''));
    let positives = 0;
    fc.assert(
      fc.property(grouping, (t) => {
        for (const p of pats) {
          const full = spans(p, t, true);
          positives += full.length;
          expect(spans(p, t, false), p.name).toEqual(full);
        }
      }),
      { numRuns: 1000 },
    );
    expect(positives).toBeGreaterThan(25); // the generator does make grouped numbers (~70 per 1,000 texts)
    // An exact count: a group glued to digits of another script chains on (so "runs: 2" needs the
    // look-ahead above, which refuses them).
    const [, , two] = pats;
    for (const t of ['123.123 and 123/123', '123.123९८७६ 123', '123-123', '123.123 45']) expect(spans(two!, t, false), t).toEqual(spans(two!, t, true));
    expect(spans(two!, '123.123 and 123/123', false)).toEqual(['0-7', '12-19']);
  });

  it('finds every match inside a run that mixes digit scripts, not only the first', () => {
    const four = compilePattern({ name: 'four', source: '(?<![0-9])[0-9]{4}(?![0-9])', score: 0.5 }, 'custom', { on: 'digits', length: '4' });
    expect(spans(four, '1234०5678 and ९1111२2222३', false)).toEqual(['0-4', '5-9', '15-19', '20-24']);
    expect(spans(four, '1234०5678 and ९1111२2222३', false)).toEqual(spans(four, '1234०5678 and ९1111२2222३', true));
    const t = '4111111111111111०5555555555554444';
    const cards = (full: boolean): string[] => {
      useFullScan(full);
      try {
        return detect(t, { entities: ['CREDIT_CARD'] }).map((e) => e.text);
      } finally {
        useFullScan(false);
      }
    };
    expect(cards(false)).toEqual(['4111111111111111', '5555555555554444']);
    expect(cards(false)).toEqual(cards(true));
  });

  // `capsBefore`: the vehicle and licence series' two capitals before the run (or before one ' ', '-'
  // or '/' before it). Text of capitals, lower case and separators around short runs, at the edges too.
  it('finds the global regex hits for patterns that need two capitals before the run', () => {
    const caps: Array<[string, string, AnchorSpec]> = [
      ['state', '(?<![0-9A-Za-z]|[A-Za-z0-9][-/])[A-Z]{2}[\\x20-]?[0-9]{1,2}[\\x20-]?[A-Z]{1,3}[\\x20-]?[0-9]{1,4}(?![0-9A-Za-z]|[\\x20-][0-9])', { on: 'digits', back: 3, length: '1|2', before: '0|2', first: 'A-Z', bound: true, capsBefore: true }],
      ['dl', '(?<![0-9A-Za-z]|[A-Za-z0-9][-/])DL[\\x20-]?[0-9]{1,2}(?![0-9])', { on: 'digits', back: 3, length: '1|2', before: '0|2', first: 'D', bound: true, capsBefore: true }],
      ['slash', '(?<![0-9A-Za-z])[A-Z]{2}[\\x20/-]?[0-9]{2}(?![0-9])', { on: 'digits', back: 3, length: '2', before: '0|2', first: 'A-Z', bound: true, capsBefore: true }],
    ];
    const ps = caps.map(([name, source, anchor]) => compilePattern({ name, source, score: 0.5 }, 'custom', anchor));
    const scan = new PatternScan(ps);
    const piece3 = fc.oneof(fc.stringMatching(/^[0-9]{1,4}$/), fc.stringMatching(/^[A-Za-z]{1,3}$/), fc.constantFrom('DL', 'MH', 'mh', 'Mh', 'É', '१२', 'ЖЖ'));
    const text3 = fc.array(fc.tuple(piece3, fc.constantFrom('', '', ' ', '-', '/', '.', '_')), { maxLength: 12 }).map((xs) => xs.map(([p, q]) => p + q).join(''));
    const same = (t: string): void => {
      const d = scan.prepare(t)!;
      for (const p of ps) expect(d.list(scan.slotOf(p)).map((h) => `${h.start}-${h.end}`), `${p.name} in ${JSON.stringify(t)}`).toEqual(spans(p, t, true));
    };
    fc.assert(fc.property(text3, same), { numRuns: 800, seed: 13 });
    for (const t of ['MH12AB1234', 'MH 12 AB 1234', 'MH-12-AB-1234', 'DL 3C AB 1234', 'DL3CAB1234', 'AB/12', 'AB 12', 'Ab 12', 'aB12', 'M 12', 'MH १२ AB 1234', '12', 'X12', 'XY1']) same(t);
    expect(spans(ps[0]!, 'car MH 12 AB 1234 and mh 12 ab 1234', false)).toEqual(['4-17']);
  });

  it('rejects a runs filter on other anchors and one that counts from 0, and capsBefore off digits', () => {
    expect(() => compilePattern({ name: 'x', source: 'a@b', score: 0.5 }, 'custom', { on: '@', walk: 'a-z', runs: '2' })).toThrow(/"runs" only applies to "digits"/);
    expect(() => compilePattern({ name: 'x', source: '[0-9]+', score: 0.5 }, 'custom', { on: 'digits', runs: '0-3' })).toThrow(/counts from 1/);
    expect(() => compilePattern({ name: 'x', source: 'a:b', score: 0.5 }, 'custom', { on: ':', capsBefore: true })).toThrow(/"capsBefore" only applies to "digits"/);
    expect(() => compilePattern({ name: 'x', source: '[0-9]+', score: 0.5 }, 'custom', { on: 'digits', capsBefore: 'yes' } as unknown as AnchorSpec)).toThrow(/"capsBefore" must be a boolean/);
  });

  it('hands out the same hits through hitsOf and patternHits, for the text asked about', () => {
    const [p] = compiled;
    const a = 'ids 34567 and 912345, 12345';
    const b = 'only 45678 here';
    expect(hitsOf(p!, a).map((h) => a.slice(h.start, h.end))).toEqual(['34567', '912345']);
    expect(hitsOf(p!, b).map((h) => b.slice(h.start, h.end))).toEqual(['45678']);
    expect([...patternHits(p!, a)].map((h) => a.slice(h.start, h.end))).toEqual(['34567', '912345']);
  });

  it('reads a finder pattern declared with scansFor from the registry scan (Aadhaar)', () => {
    const t = 'Aadhaar 2345 6789 0124, A/c No. 234567890124';
    expect(detect(t, { entities: ['AADHAAR'] }).map((e) => e.text)).toEqual(['2345 6789 0124']);
  });
});

describe('registry per-call state', () => {
  it('answers for the right text when a validator runs the same registry on another text', () => {
    const r = new DetectorRegistry([]);
    let inner: string[] = [];
    let depth = 0;
    r.register({
      ...EMPLOYEE,
      validate: (value) => {
        // Re-enter the registry with the same plan on another text in the middle of the outer call.
        if (depth === 0) {
          depth++;
          inner = detectWith(r, 'none here EMP-999999', { entities: ['EMPLOYEE_ID'] }).map((e) => e.text);
          depth--;
        }
        return value !== 'EMP-000000';
      },
    });
    const t = 'EMP-123456 EMP-000000 EMP-654321';
    expect(detectWith(r, t, { entities: ['EMPLOYEE_ID'] }).map((e) => e.text)).toEqual(['EMP-123456', 'EMP-654321']);
    expect(inner).toEqual(['EMP-999999']);
  });

  it('follows the entities list element by element, even the same array changed between calls', () => {
    const t = 'PAN ABCPK1234F, mobile 9876543210';
    const entities = ['PAN'];
    expect(detect(t, { entities }).map((e) => e.type)).toEqual(['PAN']);
    entities[0] = 'PHONE';
    expect(detect(t, { entities }).map((e) => e.type)).toEqual(['PHONE']);
    entities.push('PAN');
    expect(detect(t, { entities }).map((e) => e.type)).toEqual(['PAN', 'PHONE']);
    expect(detect(t, { entities: [] })).toEqual([]);
    expect(detect(t).map((e) => e.type)).toEqual(['PAN', 'PHONE']);
  });

  it('drops its cached plans when a detector is registered or removed', () => {
    const r = new DetectorRegistry(listDetectors().filter((d) => d.type === 'PAN'));
    const t = 'EMP-123456 ABCPK1234F';
    expect(detectWith(r, t).map((e) => e.type)).toEqual(['PAN']);
    r.register({ ...EMPLOYEE });
    expect(detectWith(r, t).map((e) => e.type)).toEqual(['EMPLOYEE_ID', 'PAN']);
    expect(detectWith(r, t, { entities: ['EMPLOYEE_ID'] }).map((e) => e.type)).toEqual(['EMPLOYEE_ID']);
    r.unregister('employee-id');
    expect(detectWith(r, t).map((e) => e.type)).toEqual(['PAN']);
    expect(detectWith(r, t, { entities: ['EMPLOYEE_ID'] })).toEqual([]);
  });

  // The bucket table is split by the characters around a run for the patterns that name them (`prev`,
  // `next`): up to three distinct tables take a bit, equal tables share one, the rest sit in every
  // sub-bucket. Six such patterns in one scan (two with equal tables, one past the three bits), on
  // text with their characters before and after runs, at the text's edges and beside non-ASCII ones.
  it('finds the global regex hits when several patterns filter on the characters around a run', () => {
    const around: Array<[string, string, AnchorSpec]> = [
      ['plus', '(?<![0-9A-Za-z])\\+[0-9]{2,4}(?![0-9])', { on: 'digits', back: 1, before: '0', prev: '+', first: '+' }],
      ['plus-again', '(?<![0-9])\\+[0-9]{3}(?![0-9])', { on: 'digits', back: 1, length: '3', before: '0', prev: '+', first: '+' }],
      ['dot-after', '(?<![0-9A-Za-z.])[0-9]{1,3}\\.[0-9]{1,3}(?![0-9])', { on: 'digits', length: '1-3', before: '0', next: '.' }],
      ['space-or-dash-after', '(?<![0-9A-Za-z])[0-9]{2}[ -][A-Z]{2}(?![A-Za-z])', { on: 'digits', length: '2', before: '0', next: ' -' }],
      ['paren-before', '(?<![0-9])\\([0-9]{3}\\)', { on: 'digits', back: 1, length: '3', before: '0', prev: '(', first: '(' }],
      ['slash-after', '(?<![0-9A-Za-z])[0-9]{4}/(?![0-9])', { on: 'digits', length: '4', before: '0', next: '/' }],
      ['plain', '(?<![0-9A-Za-z])[0-9]{3}(?![0-9])', { on: 'digits', length: '3', before: '0' }],
    ];
    const ps = around.map(([name, source, anchor]) => compilePattern({ name, source, score: 0.5 }, 'custom', anchor));
    const scan = new PatternScan(ps);
    const piece2 = fc.oneof(fc.stringMatching(/^[0-9]{1,5}$/), fc.stringMatching(/^[A-Z]{1,3}$/), fc.constantFrom('१२', 'é', '+', '(', ')'));
    const text2 = fc.array(fc.tuple(piece2, fc.constantFrom('', ' ', '-', '.', '/', '+', '(', ')', 'ü')), { maxLength: 14 }).map((xs) => xs.map(([p, q]) => p + q).join(''));
    fc.assert(
      fc.property(text2, (t) => {
        const d = scan.prepare(t)!;
        for (const p of ps) {
          const got = d.list(scan.slotOf(p)).map((h) => `${h.start}-${h.end}`);
          expect(got, `${p.name} in ${JSON.stringify(t)}`).toEqual(spans(p, t, true));
        }
      }),
      { numRuns: 800, seed: 11 },
    );
    // The edges and the cases the generator may miss.
    for (const t of ['+91', '12.5', '(022)', '2024/', '12 AB', '+९१ +91', 'x+123.4 (567) 8901/ 12-CD', '+12१२', '(123१)', '1२.5', '12१/']) {
      const d = scan.prepare(t)!;
      for (const p of ps) expect(d.list(scan.slotOf(p)).map((h) => `${h.start}-${h.end}`), `${p.name} in ${t}`).toEqual(spans(p, t, true));
    }
  });
});
