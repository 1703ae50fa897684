import { afterEach, describe, expect, it } from 'vitest';
import { detect, KavachError, listDetectors, registerDetector, unregisterDetector } from '../src/index.js';

afterEach(() => {
  unregisterDetector('employee-id');
});

describe('registerDetector', () => {
  it('adds a user detector that runs through the same machinery as built-ins', () => {
    registerDetector({
      id: 'employee-id',
      type: 'EMPLOYEE_ID',
      patterns: [{ name: 'emp', source: '(?<![A-Za-z0-9])EMP-[0-9]{6}(?![A-Za-z0-9])', score: 0.3 }],
      validate: (s) => !s.endsWith('000000'),
      context: ['employee', 'emp id', 'staff'],
    });
    expect(listDetectors().some((d) => d.id === 'employee-id')).toBe(true);
    const [hit] = detect('employee EMP-123456 joined', { explain: true });
    expect(hit).toMatchObject({ type: 'EMPLOYEE_ID', text: 'EMP-123456', detector: 'employee-id' });
    expect(hit!.explanation).toMatchObject({ validated: true, context: ['employee'] });
    // Without context the prior (0.3) is below the default threshold.
    expect(detect('code EMP-123456').filter((e) => e.type === 'EMPLOYEE_ID')).toEqual([]);
    // The validator drops a match outright.
    expect(detect('employee EMP-000000').filter((e) => e.type === 'EMPLOYEE_ID')).toEqual([]);
    // `entities` filters to the custom type.
    expect(detect('employee EMP-123456', { entities: ['EMPLOYEE_ID'] })).toHaveLength(1);
  });

  it('takes a finder that returns any iterable, not only an array', () => {
    // Built-in finders return arrays and the registry indexes them; a custom finder may be a generator
    // or return a Set, and gets the same treatment.
    const ids = /EMP-[0-9]{6}/g;
    const spans = (text: string): Array<{ start: number; end: number; score: number; pattern: string }> =>
      [...text.matchAll(ids)].map((m) => ({ start: m.index, end: m.index + m[0].length, score: 0.9, pattern: 'emp' }));
    const text = 'EMP-123456 and EMP-654321';
    for (const find of [
      function* (t: string) { yield* spans(t); },
      (t: string) => new Set(spans(t)),
      (t: string) => spans(t),
    ]) {
      registerDetector({ id: 'employee-id', type: 'EMPLOYEE_ID', find });
      expect(detect(text, { entities: ['EMPLOYEE_ID'] }).map((e) => e.text)).toEqual(['EMP-123456', 'EMP-654321']);
      unregisterDetector('employee-id');
    }
  });

  it.each([
    [{ id: 'Bad Id', type: 'X', patterns: [{ name: 'p', source: 'x', score: 0.5 }] }],
    [{ id: 'ok', type: 'lower', patterns: [{ name: 'p', source: 'x', score: 0.5 }] }],
    [{ id: 'ok', type: 'OK' }],
    [{ id: 'ok', type: 'OK', patterns: [{ name: 'p', source: '(', score: 0.5 }] }],
    [{ id: 'ok', type: 'OK', patterns: [{ name: 'p', source: 'x', score: 2 }] }],
  ])('rejects a bad spec with a typed error (%#)', (spec) => {
    expect(() => registerDetector(spec as never)).toThrow(KavachError);
  });

  it('rejects bad options with typed errors', () => {
    expect(() => detect('x', { minScore: 5 })).toThrow(KavachError);
    expect(() => detect('x', { entities: 'PAN' as never })).toThrow(KavachError);
  });
});

describe('context words', () => {
  it('does not read words inside an e-mail address or URL as context', () => {
    // "ref" is negative context for Aadhaar; inside an address it is not a word of the sentence.
    const withMail = detect('2000 0000 0009 ; ref.1@example.com', { entities: ['AADHAAR'] });
    expect(withMail.map((e) => e.text)).toEqual(['2000 0000 0009']);
    const withUrl = detect('2000 0000 0009 see https://shop.in/ref/17', { entities: ['AADHAAR'] });
    expect(withUrl.map((e) => e.text)).toEqual(['2000 0000 0009']);
    // A real "ref" word still counts.
    expect(detect('2000 0000 0009 ref no', { entities: ['AADHAAR'] })).toEqual([]);
  });
});

describe('negative context stays in its own line and sentence', () => {
  it('a negative word in the next line or sentence does not drop a value', () => {
    const text = 'uska number 98203 41576.\nInvoice from Kaveri Textiles';
    expect(detect(text, { entities: ['PHONE'] }).map((e) => e.text)).toEqual(['98203 41576']);
    expect(detect('call 98203 41576. Invoice attached', { entities: ['PHONE'] }).map((e) => e.text)).toEqual(['98203 41576']);
  });

  it('a negative word on the same line, before the value, still counts', () => {
    expect(detect('Invoice no 98203 41576', { entities: ['PHONE'] })).toEqual([]);
    expect(detect('Order id 234567890124 shipped', { entities: ['AADHAAR'] })).toEqual([]);
  });

  it('positive context may still come from the line above (form labels)', () => {
    expect(detect('Aadhaar:\n2345 6789 0124', { entities: ['AADHAAR'] })[0]!.score).toBeGreaterThan(0.8);
  });
});
