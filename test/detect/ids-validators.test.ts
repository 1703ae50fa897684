// Validators rewritten as char-code loops in issue 11 (no regex, slice or package call per candidate),
// against the versions they replaced (copied here) and the `luhn` package.
import { isIP } from 'node:net';
import fc from 'fast-check';
import luhn from 'luhn';
import { describe, expect, it } from 'vitest';
import iin from '../../patterns/card-iin.json';
import pinData from '../../patterns/pin-code.json';
import upiHandles from '../../patterns/upi-handles.json';
import { listDetectors } from '../../src/detect/detect.js';
import { cardBrand, cardValid, luhnValid } from '../../src/detect/validators/card.js';
import { gstinCheckChar, gstinValid } from '../../src/detect/validators/gstin.js';
import { isIPv4, isIPv6 } from '../../src/detect/validators/ip.js';
import { verhoeffDigit, verhoeffValid } from '../../src/detect/validators/verhoeff.js';

const D = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]];
const P = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]];
function refVerhoeff(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let c = 0;
  for (let i = digits.length - 1, pos = 0; i >= 0; i--, pos++) c = D[c]![P[pos % 8]![digits.charCodeAt(i) - 48]!]!;
  return c === 0;
}
const SCHEMES = iin.schemes.map((s) => ({ brand: s.brand, lengths: new Set(s.lengths), ranges: s.prefixes.map((p) => { const [lo, hi = lo] = p.split('-') as [string, string?]; return { low: Number(lo), high: Number(hi), digits: lo.length }; }) }));
function refBrand(digits: string): string | undefined {
  let best: string | undefined;
  let bestLen = 0;
  for (const s of SCHEMES) {
    if (!s.lengths.has(digits.length)) continue;
    for (const r of s.ranges) {
      if (r.digits <= bestLen || digits.length < r.digits) continue;
      const head = Number(digits.slice(0, r.digits));
      if (head >= r.low && head <= r.high) { best = s.brand; bestLen = r.digits; }
    }
  }
  return best;
}
const refIPv4 = (s: string): boolean => isIP(s) === 4 && s.split('.').every((o) => o === '0' || o[0] !== '0');
const refIPv6 = (s: string): boolean => isIP(s) === 6 && /[0-9A-Fa-f]/.test(s);

const digits = (min: number, max: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((a) => a.join(''));
const noisy = fc.oneof(digits(0, 20), fc.string({ maxLength: 20 }), fc.tuple(digits(1, 10), fc.constantFrom(' ', 'a', '-', '\n', '٣', ''), digits(0, 10)).map((x) => x.join('')));

describe('checksums and card schemes as char-code loops', () => {
  it('luhnValid answers as the luhn package on digit strings and rejects the rest', () => {
    fc.assert(fc.property(noisy, (s) => {
      expect(luhnValid(s)).toBe(/^[0-9]+$/.test(s) && luhn.validate(s));
    }), { numRuns: 8000 });
    // Valid numbers are rare at random: make some.
    fc.assert(fc.property(digits(1, 19), (s) => {
      for (let k = 0; k < 10; k++) expect(luhnValid(s + k)).toBe(luhn.validate(s + k));
    }), { numRuns: 3000 });
  });

  it('verhoeffValid and cardBrand agree with the table and slice versions', () => {
    fc.assert(fc.property(noisy, (s) => {
      expect(verhoeffValid(s)).toBe(refVerhoeff(s));
      if (/^\d+$/.test(s)) expect(verhoeffValid(s + verhoeffDigit(s))).toBe(true);
      expect(cardBrand(s)).toBe(refBrand(s));
    }), { numRuns: 8000 });
    const prefixes = iin.schemes.flatMap((s) => s.prefixes.flatMap((p) => p.split('-')));
    fc.assert(fc.property(fc.constantFrom(...prefixes), digits(8, 16), (p, rest) => {
      const s = (p + rest).slice(0, 12 + (rest.length % 8));
      expect(cardBrand(s)).toBe(refBrand(s));
      expect(cardValid(s)).toBe(s.length >= 13 && s.length <= 19 && luhn.validate(s) && refBrand(s) !== undefined);
    }), { numRuns: 8000 });
  });
});

describe('GSTIN check character read in place', () => {
  it('gstinValid is gstinCheckChar of the first 14 characters equal to the 15th', () => {
    const ch = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'a', 'z', ' ', 'É', '\ud83d');
    const first = fc.array(ch, { minLength: 14, maxLength: 14 }).map((a) => a.join(''));
    fc.assert(fc.property(first, ch, fc.boolean(), (f, last, right) => {
      const g = right ? f + (gstinCheckChar(f) || 'A') : f + last;
      expect(gstinValid(g)).toBe(g.length === 15 && gstinCheckChar(g.slice(0, 14)) === g[14]);
    }), { numRuns: 8000 });
    expect(gstinValid('27AAPFU0939F1ZV')).toBe(true);
    expect(gstinValid('27AAPFU0939F1Z')).toBe(false);
  });
});

describe('IP addresses without a split or a full pattern per time-like candidate', () => {
  const part = fc.oneof(fc.constantFrom('', '0', '00', '01', '1', '10', '255', '256', 'ff', 'FFFF', 'db8', 'g', '%eth0', '%', '.', '::', ':'), digits(1, 4));
  const addr = fc.array(fc.tuple(part, fc.constantFrom(':', '.', '::', '')), { maxLength: 10 }).map((xs) => xs.map((x) => x.join('')).join(''));
  it('isIPv4 and isIPv6 agree with node:net plus the old checks', () => {
    fc.assert(fc.property(fc.oneof(addr, fc.string({ maxLength: 30 })), (s) => {
      expect(isIPv4(s)).toBe(refIPv4(s));
      expect(isIPv6(s)).toBe(refIPv6(s));
    }), { numRuns: 30000 });
    for (const s of ['2001:db8::1', '::', '::1', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:1.2.3.4', '::ffff:1.2.3.4', 'fe80::1%eth0', 'fe80:1:2:3:4:5:6:7%a:b', '10:30:45', '1.2.3.4', '01.2.3.4', '1.2.3.04', '0.0.0.0']) {
      expect([isIPv4(s), isIPv6(s)], s).toEqual([refIPv4(s), refIPv6(s)]);
    }
  });
});

describe('validator results shared between candidates', () => {
  const byId = (id: string) => listDetectors().find((d) => d.id === id)!;
  it('PAN and card results carry the same notes as before and cannot be changed by a caller', () => {
    const pan = byId('pan').validate!('ABCPE1234F', 'ABCPE1234F');
    expect(pan).toEqual({ valid: true, note: 'holder type: individual' });
    expect(Object.isFrozen(pan)).toBe(true);
    expect(byId('pan').validate!('ABCCE1234F', 'ABCCE1234F')).toEqual({ valid: true, note: 'holder type: company' });
    const card = byId('credit-card').validate!('4111111111111111', '4111 1111 1111 1111');
    expect(card).toEqual({ valid: true, note: 'scheme: Visa' });
    expect(Object.isFrozen(card)).toBe(true);
  });
});

describe('e-mail labels read in place, and the notes of UPI, IFSC, PIN, EPIC, ABHA and plates', () => {
  const byId = (id: string) => listDetectors().find((d) => d.id === id)!;
  function refEmail(s: string): boolean {
    if (s.length > 254) return false;
    const at = s.lastIndexOf('@');
    if (at < 1 || at > 64) return false;
    return s.slice(at + 1).split('.').every((l) => !(l.length === 0 || l.length > 63 || l.startsWith('-') || l.endsWith('-')));
  }
  it('validates e-mail addresses as the split version did', () => {
    const label = fc.oneof(fc.constantFrom('', '-', 'a-', '-a', 'ab', 'x'.repeat(63), 'x'.repeat(64), 'com', 'co-op'), fc.stringMatching(/^[a-z-]{0,8}$/));
    const addr = fc.tuple(fc.stringMatching(/^[a-z.@]{0,70}$/), fc.array(label, { maxLength: 5 })).map(([l, ds]) => `${l}@${ds.join('.')}`);
    const validate = byId('email').validate!;
    fc.assert(fc.property(fc.oneof(addr, fc.string({ maxLength: 80 })), (s) => {
      expect(validate(s, s)).toBe(refEmail(s));
    }), { numRuns: 8000 });
  });

  it('hands out the same notes as before', () => {
    const handles = Object.entries(upiHandles.handles as Record<string, string>);
    const upi = byId('upi').validate!;
    for (const [h, psp] of handles) expect(upi(`name@${h.toUpperCase()}`, `name@${h}`)).toEqual({ valid: true, note: `UPI handle of ${psp}` });
    expect(upi('name@nohandle', 'name@nohandle')).toBe(false);
    const pin = byId('pin-code').validate!;
    for (let p = 0; p < 100; p++) {
      const d = `${String(p).padStart(2, '0')}0001`;
      const circle = (pinData.usedPrefixes as Record<string, string>)[d.slice(0, 2)];
      expect(pin(d, d)).toEqual(circle === undefined ? false : { valid: true, note: `PIN circle ${circle}` });
    }
    expect(byId('ifsc').validate!('SBIN0001234', 'SBIN0001234')).toEqual({ valid: true, note: 'known IFSC bank code SBIN' });
    expect(byId('ifsc').validate!('HDFC0001234', 'HDFC0001234')).toEqual({ valid: true, note: 'known IFSC bank code HDFC' });
    const epic = byId('voter-id').validate!('ABC1234566', 'ABC1234566');
    expect(epic === false || (epic as { note?: string }).note === 'EPIC Luhn check digit').toBe(true);
    expect(byId('abha').validate!('x', 'ravi.kumar@abdm')).toEqual({ valid: true, note: 'ABHA address' });
    expect(byId('vehicle-reg').validate!('22BH1234AA', '22 BH 1234 AA')).toEqual({ valid: true, note: 'Bharat series' });
  });
});
