// isIPv4 is a char loop standing for node:net's isIP(s) === 4 plus the no-leading-zero rule.
import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIPv4 } from '../../src/detect/validators/ip.js';

function reference(s: string): boolean {
  if (isIP(s) !== 4) return false;
  return !s.split('.').some((o) => o.length > 1 && o.startsWith('0'));
}

const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.stringMatching(/^[0-9]{0,4}$/), fc.constantFrom('', '00', '01', '255', '256', '1e1', ' 1', '-1'));
const quadLike = fc.tuple(fc.array(octet, { minLength: 1, maxLength: 6 }), fc.constantFrom('.', '.', '.', ',', ':', '..')).map(([os, sep]) => os.join(sep));

describe('isIPv4', () => {
  it('answers as node:net isIP with no leading zeros, on dotted-quad-like and arbitrary strings', () => {
    fc.assert(fc.property(fc.oneof(quadLike, fc.string({ maxLength: 20 }), fc.stringMatching(/^[0-9.]{0,18}$/)), (s) => {
      expect(isIPv4(s)).toBe(reference(s));
    }), { numRuns: 20000 });
  });

  it('known cases', () => {
    for (const s of ['0.0.0.0', '192.168.1.1', '255.255.255.255', '10.0.0.255']) expect(isIPv4(s)).toBe(true);
    for (const s of ['256.1.1.1', '01.1.1.1', '1.1.1', '1.1.1.1.1', '1..1.1', '1.1.1.1.', '.1.1.1.1', '1.1.1.0001', '१.1.1.1']) expect(isIPv4(s)).toBe(false);
  });
});
