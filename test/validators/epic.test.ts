import { describe, expect, it } from 'vitest';
import { epicValid } from '../../src/detect/validators/epic.js';

// Vectors: python-stdnum stdnum/in_/epic.py doctests (WKH1186253 valid; WKH1186263 bad checksum).
describe('epicValid (Luhn over the seven digits)', () => {
  it.each([
    ['WKH1186253', true], ['ABC1234566', true], ['XYZ7654320', true],
    ['WKH1186263', false], ['WKH1186254', false], ['ABC1234567', false],
    ['WKH118625', false], ['1231186253', false], ['wkh1186253', false], ['WKH11862530', false], ['', false],
  ])('%s → %s', (v, ok) => expect(epicValid(v)).toBe(ok));
});
