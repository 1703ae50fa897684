// The PERSON finder's JSON fields (src/detect/detectors/person/json.ts) are found from the text's
// colons, not by running JSON_FIELD_PATTERN over the whole text: the two must give the same fields, in
// the same order, on any text. Checked on generated text over the characters the pattern reads (quotes,
// colons, every kind of space it skips, key and value characters and others), and on a few by hand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JSON_FIELD_PATTERN, jsonFieldSpans } from '../../src/detect/detectors/person/json.js';
import { findNames } from '../../src/detect/detectors/person/names.js';

/** The pattern's fields as [key start, key end, value start, value end]. */
function byPattern(text: string): number[] {
  const re = new RegExp(JSON_FIELD_PATTERN.source, JSON_FIELD_PATTERN.flags);
  const out: number[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const end = m.index + m[0].length;
    out.push(m.index + 1, m.index + 1 + m[1]!.length, end - 1 - m[2]!.length, end - 1);
  }
  return out;
}

const PIECES = [
  '"', '"', '"', ':', ':', ' ', ' ', '\t', '\n', '\r', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u2028',
  'a', 'N', 'name', 'Name', 'holder', 'customer_name', 'full Name', 'x', '_', '.', "'", '-', ',', '{', '}',
  'Asha', 'RAO', 'é', 'आशा', '\u0301', '7', '"name": "', '": "', '" : "', 'https://', '"a":"b":"c"',
];
const texts = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((a) => a.join(''));

describe('PERSON JSON fields', () => {
  it('are the pattern matches on generated text', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(jsonFieldSpans(text)).toEqual(byPattern(text));
      }),
      { numRuns: 4000 },
    );
  });

  it('are the pattern matches on long keys and values, at their limits and one past', () => {
    const key = (n: number): string => 'k'.repeat(n);
    const value = (n: number): string => 'V'.repeat(n);
    for (const k of [1, 40, 41, 42]) {
      for (const v of [1, 78, 79, 80]) {
        for (const gap of [':', ' : ', '\t:\n', ': ', '\u00a0:\u2003']) {
          const text = `{"${key(k)}"${gap}"${value(v)}", "holder"${gap}"Asha Rao"}`;
          expect(jsonFieldSpans(text), text).toEqual(byPattern(text));
          expect(byPattern(text).length).toBeGreaterThanOrEqual(4);
        }
      }
    }
  });

  it('find a name in a field, and none where the key is no person word', () => {
    const text = '{"id": 7, "customerName": "Anvesh Goud", "city": "Pune", "holder" : "PRIYA NAIR  "}';
    const names = findNames(text).map((s) => text.slice(s.start, s.end));
    expect(names).toContain('Anvesh Goud');
    expect(names).toContain('PRIYA NAIR');
    expect(names).not.toContain('Pune');
  });
});
