import { describe, expect, it } from 'vitest';
import { detect } from '../../src/index.js';
import { find, values } from '../helpers.js';

describe('PAN', () => {
  it.each([
    ['PAN: ABCPE1234F', 'ABCPE1234F'],
    ['(ABCPE1234F)', 'ABCPE1234F'],
    ['PAN:ABCPE1234F,', 'ABCPE1234F'],
    ['"AAACB5678K".', 'AAACB5678K'], // company
    ['PAN-AABHT9012Q;', 'AABHT9012Q'], // HUF
    ['firm AAGFK3456M', 'AAGFK3456M'], // firm
    ['पैनABCPE1234F', 'ABCPE1234F'], // glued to Devanagari before
    ['ABCPE1234Fहै', 'ABCPE1234F'], // glued to Devanagari after
    ['पैन कार्ड: ABCPE1234F', 'ABCPE1234F'],
    ['my pan is abcpe1234f', 'abcpe1234f'], // lower case with context
    ['pan no:abcpe1234f.', 'abcpe1234f'],
    ['पैन abcpe1234f', 'abcpe1234f'],
    ['PAN AAAPA9999A', 'AAAPA9999A'], // repeated digits alone are no mask
    ['PAN AAAAA9998A', 'AAAAA9998A'], // nor repeated letters alone
    ['PAN: BBBBB1111B', 'BBBBB1111B'], // repeated letters and digits other than the 9999 mask: a PAN
    ['CCCCC1111C', 'CCCCC1111C'],
  ])('finds %s', (text, value) => {
    expect(values(text, 'PAN')).toEqual([value]);
  });

  it.each(['A', 'B', 'C', 'F', 'G', 'H', 'J', 'L', 'P', 'T'])('accepts holder type %s', (t) => {
    expect(values(`PAN ABC${t}E1234F`, 'PAN')).toEqual([`ABC${t}E1234F`]);
  });

  it.each([
    ['PAN ABCDE1234F'], // 4th letter D is no holder type
    ['part ABCXE1234F'], // product-code shape, wrong 4th letter
    ['PAN ABCPE12345'], // last char a digit
    ['PAN ABCP1234F'], // too short
    ['code XABCPE1234F'], // inside a longer token
    ['ABCPE1234F9'], // glued to a digit
    ['id_ABCPE1234FX'], // glued to a letter
    ['PAN abcPE1234f'], // mixed case is neither pattern
    ['note abcpe1234f'], // lower case without context stays below the threshold
    ['GSTIN 27ABCPE1234F1ZB'], // the PAN inside a GSTIN is the GSTIN's
    ['GSTIN 27ABCPE1234F1ZC'], // ... even when the GSTIN check char is wrong
    ['sku ABCPE1234F'], // negative context
    ['PAN format is AAAAA9999A: five letters'], // a format mask, not a PAN
    ['PAN: PPPPP0000P'], // serial 0000 is never issued
    ['PAN: ACUPA0000R'], // ... whatever the letters
    ['PAN: PPPPP9999P'], // a mask even with context
  ])('rejects %s', (text) => {
    expect(values(text, 'PAN')).toEqual([]);
  });

  it('scores upper case above lower case, and context raises both', () => {
    const bare = find('note ABCPE1234F', 'PAN')[0]!;
    const ctx = find('PAN ABCPE1234F', 'PAN')[0]!;
    const lower = find('pan abcpe1234f', 'PAN')[0]!;
    expect(ctx.score).toBeGreaterThan(bare.score);
    expect(ctx.score).toBeGreaterThan(lower.score);
    expect(find('note abcpe1234f', 'PAN', { minScore: 0 })[0]!.score).toBeLessThan(0.4);
  });

  it('matches context as whole words ("company" holds "pan")', () => {
    const bare = find('company ABCPE1234F', 'PAN')[0]!;
    const ctx = find('pan ABCPE1234F', 'PAN')[0]!;
    expect(ctx.score).toBeGreaterThan(bare.score);
    expect(values('company abcpe1234f', 'PAN')).toEqual([]);
  });

  it('finds every PAN in a list', () => {
    expect(values('PANs: ABCPE1234F, AAACB5678K and AABHT9012Q', 'PAN')).toEqual(['ABCPE1234F', 'AAACB5678K', 'AABHT9012Q']);
  });

  it('explains the holder type', () => {
    const [e] = detect('PAN ABCPE1234F', { entities: ['PAN'], explain: true });
    expect(e!.explanation).toMatchObject({ pattern: 'pan', validated: true, context: ['pan'], notes: ['holder type: individual'] });
  });
});
