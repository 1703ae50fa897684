import { describe, expect, it } from 'vitest';
import { panHolderType, panPlaceholder, panValid } from '../../src/detect/validators/pan.js';

describe('panValid', () => {
  it.each([
    ['ABCPE1234F', true], ['AAACB5678K', true], ['AAAGP0001A', true], ['AAAAA1111A', true],
    ['AAAGP0000A', false], ['ACUPA0000R', false], // serial 0000 is never issued
    ['ABCDE1234F', false], ['abcpe1234f', false], ['ABCPE1234', false], ['ABCPE12345', false], ['1BCPE1234F', false], ['', false],
  ])('%s → %s', (pan, ok) => expect(panValid(pan)).toBe(ok));

  it.each([
    ['AAAAA9999A', true], ['PPPPP9999P', true], ['CCCCC9999Z', true],
    ['AAAPA9999A', false], ['AAAAA9998A', false], ['CCCCC1111C', false], ['ABCPE1234F', false], ['AAAAA999A', false],
  ])('placeholder %s → %s', (pan, mask) => expect(panPlaceholder(pan)).toBe(mask));

  it('names the holder type', () => {
    expect(panHolderType('ABCPE1234F')).toBe('individual');
    expect(panHolderType('ABCCE1234F')).toBe('company');
    expect(panHolderType('ABCDE1234F')).toBeUndefined();
  });
});
