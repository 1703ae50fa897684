import { describe, expect, it } from 'vitest';
import { detect } from '../../src/index.js';
import { gstinCheckChar } from '../../src/detect/validators/gstin.js';
import { all, find, values } from '../helpers.js';

/** A synthetic GSTIN with its check character computed. */
const g = (first14: string): string => first14 + gstinCheckChar(first14);

describe('GSTIN', () => {
  it.each([
    ['GSTIN: 27ABCPE1234F1ZB', '27ABCPE1234F1ZB'],
    ['(07AAACF1234K1ZW)', '07AAACF1234K1ZW'],
    ['GST:27AAPFU0939F1ZV,', '27AAPFU0939F1ZV'], // GSTN's published example
    ['जीएसटी27ABCPE1234F1ZB', '27ABCPE1234F1ZB'], // glued to Devanagari
    ['27ABCPE1234F1ZBका', '27ABCPE1234F1ZB'],
    ['supplier 38ABCPE1234F1Z8 (Ladakh)', '38ABCPE1234F1Z8'],
    ['GSTIN 09ABCPE1234FAZ0', '09ABCPE1234FAZ0'], // entity character a letter
  ])('finds %s', (text, value) => {
    expect(values(text, 'GSTIN')).toEqual([value]);
  });

  it.each(['01', '10', '29', '37', '38', '97', '99'])('accepts state code %s', (state) => {
    const gstin = g(`${state}AAATG9876Q1Z`);
    expect(values(`GSTIN ${gstin}`, 'GSTIN')).toEqual([gstin]);
  });

  it.each(['00', '39', '40', '96', '98'])('rejects state code %s', (state) => {
    expect(values(`GSTIN ${g(`${state}AAATG9876Q1Z`)}`, 'GSTIN')).toEqual([]);
  });

  it.each([
    ['GSTIN 27ABCPE1234F1ZC'], // wrong check character
    ['GSTIN 27ABCDE1234F1ZB'], // PAN part has no holder type
    ['GSTIN 27AAAAA0000A1Z2'], // check character right, but the PAN part is a format mask
    [`GSTIN ${g('27ABCPE1234F0Z')}`], // entity number 0
    [`GSTIN ${g('27ABCPE1234F1Y')}`], // 14th character not Z
    ['GSTIN 27ABCPE1234F1ZB9'], // glued to a digit
    ['GSTIN X27ABCPE1234F1ZB'], // glued to a letter
    ['GSTIN 27abcpe1234f1zb'], // lower case
  ])('rejects %s', (text) => {
    expect(values(text, 'GSTIN')).toEqual([]);
  });

  it('reports a GSTIN, never the PAN inside it', () => {
    expect(all('GSTIN 27ABCPE1234F1ZB')).toEqual([['GSTIN', '27ABCPE1234F1ZB']]);
    expect(values('GSTIN 27ABCPE1234F1ZB', 'PAN')).toEqual([]);
  });

  it.each([
    ['GSTIN 27ABCPE1234F1ZC'],
    ['27ABCPE1234F1Z5'],
    ['GSTIN: 45ABCPE1234F1ZB'],
  ])('gives no detection at all for a GSTIN that fails: %s', (text) => {
    expect(all(text)).toEqual([]);
    expect(all(text, { minScore: 0 })).toEqual([]);
  });

  it('catches every single-character substitution through the check character', () => {
    const good = '27ABCPE1234F1ZB';
    const chars = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    let caught = 0;
    for (const c of chars) {
      if (c === good[14]) continue;
      if (values(`GSTIN ${good.slice(0, 14)}${c}`, 'GSTIN').length === 0) caught++;
    }
    expect(caught).toBe(35);
  });

  it('scores context above no context', () => {
    const bare = find('see 27ABCPE1234F1ZB', 'GSTIN')[0]!;
    const ctx = find('GSTIN 27ABCPE1234F1ZB', 'GSTIN')[0]!;
    expect(ctx.score).toBeGreaterThan(bare.score);
    expect(bare.score).toBeGreaterThanOrEqual(0.8);
  });

  it('explains the checksum', () => {
    const [e] = detect('GSTIN 27ABCPE1234F1ZB', { explain: true });
    expect(e!.explanation).toMatchObject({ pattern: 'gstin', validated: true, context: ['gstin'] });
  });
});
