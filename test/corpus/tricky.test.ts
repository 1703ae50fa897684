import { describe, expect, it } from 'vitest';
import { Builder, ent } from '../../corpus/gen/builder.js';
import { luhnDigit, luhnValid } from '../../corpus/gen/checks.js';
import { Rng } from '../../corpus/gen/rng.js';
import { parseTricky, parseTrickyLine } from '../../corpus/gen/tricky.js';

describe('tricky-case markup', () => {
  it('strips markup and computes offsets, including after emoji (surrogate pairs)', () => {
    const r = parseTrickyLine('📞 [[PHONE|+91 98450 12345]] and [[CITY|Pune]]', 't-1', 1);
    expect(r.text).toBe('📞 +91 98450 12345 and Pune');
    expect(r.spans).toEqual([{ type: 'PHONE', start: 3, end: 18 }, { type: 'CITY', start: 23, end: 27 }]);
    expect(r.text.slice(3, 18)).toBe('+91 98450 12345');
  });

  it('turns \\n into a newline and marks lines without labels as negative', () => {
    const [a, b] = parseTricky('# note\nName:\\n[[PERSON|Asha Rao]]\n\nOTP is 482913\n');
    expect(a!.text).toBe('Name:\nAsha Rao');
    expect(a!.spans[0]).toEqual({ type: 'PERSON', start: 6, end: 14 });
    expect(b).toMatchObject({ id: 't-002', negative: true, spans: [] });
  });

  it.each([
    ['[[AADHAAR|2345 6789 0123]]', 'AADHAAR'], // Verhoeff fails
    ['[[AADHAAR|1234 5678 9012]]', 'AADHAAR'], // first digit 1
    ['[[GSTIN|27AAPFU0939F1Z5]]', 'GSTIN'], // wrong check character
    ['[[CREDIT_CARD|4111 1122 2233 3345]]', 'CREDIT_CARD'], // Luhn fails
    ['[[PAN|ABCXE1234F]]', 'PAN'], // 4th letter not a holder type
    ['[[PHONE|+91 98765 4321]]', 'PHONE'], // nine digits: not a valid Indian number
  ])('fails loudly on an invalid value %s without echoing it', (line, type) => {
    let message = '';
    try {
      parseTrickyLine(line, 't-x', 7);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(`line 7: ${type}`);
    expect(message).not.toMatch(/\d{4}/);
  });

  it('rejects unknown types and unbalanced markup', () => {
    expect(() => parseTrickyLine('[[NAME|Asha]]', 't', 3)).toThrow(/unknown type NAME/);
    expect(() => parseTrickyLine('[[CITY|Pune] and more', 't', 4)).toThrow(/unbalanced/);
  });
});

describe('generator building blocks', () => {
  it('builder records offsets from the running text and refuses padded values', () => {
    const b = new Builder();
    b.w`नाम: ${ent('PERSON', 'राजेश कुमार')}, ${3} ${ent('AGE', '42')}`;
    const rec = b.build('x', 'k', 't');
    expect(rec.spans.map((s) => rec.text.slice(s.start, s.end))).toEqual(['राजेश कुमार', '42']);
    expect(() => new Builder().add(ent('CITY', ' Pune'))).toThrow(/padded/);
  });

  it('mulberry32 is deterministic and roughly uniform', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 2000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 2000 }, () => b.next()));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('computes Luhn check digits (known test numbers)', () => {
    expect(luhnDigit('7992739871')).toBe('3');
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
});
