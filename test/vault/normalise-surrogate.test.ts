import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verhoeffValid } from '../../src/detect/validators/verhoeff.js';
import { normalisePhone, normaliseValue } from '../../src/detect/normalise.js';
import { makeSurrogate } from '../../src/vault/surrogate.js';

describe('normaliseValue', () => {
  it.each([
    ['AADHAAR', '2345 6789 0124', '234567890124'],
    ['AADHAAR', '२३४५-६७८९-०१२४', '234567890124'],
    ['PHONE', '+91 98765 43210', '+919876543210'],
    ['PHONE', '098765-43210', '+919876543210'],
    ['PHONE', '0091 98765 43210', '+919876543210'],
    ['PHONE', '91 9876543210', '+919876543210'],
    ['PHONE', '+1 415 555 0100', '+14155550100'],
    ['PERSON', '  Ravi\u00a0 KUMAR ', 'ravi kumar'],
    ['EMAIL', 'Ravi.Kumar@Example.COM', 'ravi.kumar@example.com'],
    ['PAN', 'abcpk 1234f', 'ABCPK1234F'],
    ['CUSTOM', ' Mixed  Case ', 'Mixed Case'],
  ])('%s %j → %j', (type, value, norm) => {
    expect(normaliseValue(type, value)).toBe(norm);
  });

  it('phones: the country prefix does not change the number', () => {
    expect(normalisePhone('+919876543210')).toBe(normalisePhone('9876543210'));
  });
});

describe('normaliseValue: a value reads as it looks', () => {
  it.each([
    ['PHONE', '９８７６５４３２１０', '9876543210'],
    ['PHONE', '＋91\u00a098765\u200b43210', '+91 98765 43210'],
    ['AADHAAR', '2345\u200b6789\u00ad0124', '2345 6789 0124'],
    ['PAN', 'ＡＢＣＰＥ１２３４Ｆ', 'ABCPE1234F'],
    ['PERSON', 'Kai\u200dzad Dastur', 'kaizad dastur'],
    ['EMAIL', 'ravi\u200b@example.com', 'ravi@example.com'],
  ])('%s %j is %j', (type, odd, plain) => {
    expect(normaliseValue(type, odd)).toBe(normaliseValue(type, plain));
  });
});

describe('surrogates have the shape of the original', () => {
  const seeds = Array.from({ length: 50 }, () => randomBytes(32));

  it('Aadhaar: 12 digits, first 2-9, Verhoeff-valid, separators kept', () => {
    for (const s of seeds) {
      const v = makeSurrogate('AADHAAR', '2345 6789 0124', s);
      expect(v).toMatch(/^[2-9]\d{3} \d{4} \d{4}$/);
      expect(verhoeffValid(v.replace(/ /g, ''))).toBe(true);
    }
  });

  it('PAN: AAAPA9999A with holder type P', () => {
    for (const s of seeds) expect(makeSurrogate('PAN', 'ABCPK1234F', s)).toMatch(/^[A-Z]{3}P[A-Z]\d{4}[A-Z]$/);
  });

  it('phone: an Indian mobile (6-9 first), prefix and grouping kept', () => {
    for (const s of seeds) expect(makeSurrogate('PHONE', '+91 98765 43210', s)).toMatch(/^\+91 [6-9]\d{4} \d{5}$/);
  });

  it('e-mail: at an RFC 2606 reserved domain', () => {
    for (const s of seeds) expect(makeSurrogate('EMAIL', 'ravi@gmail.com', s)).toMatch(/^[a-z]+\.[a-z]+\d{1,2}@example\.(com|net|org)$/);
  });

  it('person: a first and last name; later attempts add an initial', () => {
    expect(makeSurrogate('PERSON', 'Ravi Kumar', seeds[0]!)).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    expect(makeSurrogate('PERSON', 'Ravi Kumar', seeds[0]!, 16)).toMatch(/^[A-Z][a-z]+ [A-Z]\. [A-Z][a-z]+$/);
  });

  it('other types keep character classes and separators, and are deterministic per seed', () => {
    const v = makeSurrogate('VEHICLE_REG', 'MH 12 AB 1234', seeds[1]!);
    expect(v).toMatch(/^[A-Z]{2} \d{2} [A-Z]{2} \d{4}$/);
    expect(makeSurrogate('VEHICLE_REG', 'MH 12 AB 1234', seeds[1]!)).toBe(v);
  });
});
