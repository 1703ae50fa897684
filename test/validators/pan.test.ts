import { describe, expect, it } from 'vitest';
import { panHolderType, panPlaceholder, panValid } from '../../src/validators/pan.js';

describe('panValid', () => {
  it.each([
    ['ABCPE1234F', true], ['AAACB5678K', true], ['AAAGP0000A', true],
    ['ABCDE1234F', false], ['abcpe1234f', false], ['ABCPE1234', false], ['ABCPE12345', false], ['1BCPE1234F', false], ['', false],
  ])('%s → %s', (pan, ok) => expect(panValid(pan)).toBe(ok));

  it.each([
    ['AAAAA9999A', true], ['PPPPP0000P', true], ['CCCCC1111Z', true],
    ['AAAPA9999A', false], ['AAAAA9998A', false], ['AAAGP0000A', false], ['ABCPE1234F', false], ['AAAAA999A', false],
  ])('placeholder %s → %s', (pan, mask) => expect(panPlaceholder(pan)).toBe(mask));

  it('names the holder type', () => {
    expect(panHolderType('ABCPE1234F')).toBe('individual');
    expect(panHolderType('ABCCE1234F')).toBe('company');
    expect(panHolderType('ABCDE1234F')).toBeUndefined();
  });
});
