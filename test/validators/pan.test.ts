import { describe, expect, it } from 'vitest';
import { panHolderType, panValid } from '../../src/validators/pan.js';

describe('panValid', () => {
  it.each([
    ['ABCPE1234F', true], ['AAACB5678K', true], ['AAAGP0000A', true],
    ['ABCDE1234F', false], ['abcpe1234f', false], ['ABCPE1234', false], ['ABCPE12345', false], ['1BCPE1234F', false], ['', false],
  ])('%s → %s', (pan, ok) => expect(panValid(pan)).toBe(ok));

  it('names the holder type', () => {
    expect(panHolderType('ABCPE1234F')).toBe('individual');
    expect(panHolderType('ABCCE1234F')).toBe('company');
    expect(panHolderType('ABCDE1234F')).toBeUndefined();
  });
});
