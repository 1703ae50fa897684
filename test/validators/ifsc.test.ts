import { describe, expect, it } from 'vitest';
import { ifscBankName, ifscValid, isIfscBankCode } from '../../src/detect/validators/ifsc.js';
import banks from '../../patterns/ifsc-banks.json';

describe('ifscValid', () => {
  it.each([
    ['SBIN0001234', true], ['HDFC0000123', true], ['ICIC0ABC123', true],
    ['QQQQ0001234', false], ['SBIN1001234', false], ['sbin0001234', false], ['SBIN000123', false], ['SBIN0001234 ', false],
  ])('%s → %s', (code, ok) => expect(ifscValid(code)).toBe(ok));

  it('knows bank codes and names from the dataset', () => {
    expect(isIfscBankCode('SBIN')).toBe(true);
    expect(isIfscBankCode('ZZZZ')).toBe(false);
    expect(ifscBankName('SBIN')).toBe('State Bank of India');
    expect(ifscBankName('ZZZZ')).toBeUndefined();
  });

  it('the dataset is well-formed and says where it came from', () => {
    const codes = Object.keys(banks.codes);
    expect(codes.length).toBe(banks.count);
    expect(codes.length).toBeGreaterThan(200);
    for (const c of codes) expect(c).toMatch(/^[A-Z]{4}$/);
    expect(banks.source).toMatch(/ifsc@\d+\.\d+\.\d+/);
    expect(banks.licence).toMatch(/MIT/);
  });
});
