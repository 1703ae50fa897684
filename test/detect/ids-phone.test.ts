// PHONE's own code: the country-cue scan limited to the reaches before digit runs (against the
// whole-text cue regex, with cues glued to every kind of neighbour) and the memo in front of
// libphonenumber-js (against the library itself).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import nationalData from '../../patterns/phone-national.json';
import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { listDetectors } from '../../src/detect/detect.js';
import { checkInternational, checkNational } from '../../src/detect/validators/phone.js';
import { oracleNationalForeign } from '../support/oracle-national.js';
import { tokensOf } from '../../src/text/tokens.js';

const phone = listDetectors().find((d) => d.id === 'phone')!;
const call = { nameGating: true };
/** A digit-free tail: the text is long and its stretches before numbers a small part of it, so the
 *  finder runs the cue regex over them instead of tokenising the whole text (both ways are checked). */
const TAIL = `\n${'plain words without numbers '.repeat(600)}`;
const same = (t: string): void => {
  expect([...phone.find!(t, call)]).toEqual([...oracleNationalForeign(t)]);
  const long = t + TAIL;
  tokensOf('another text');
  expect([...phone.find!(long, call)]).toEqual([...oracleNationalForeign(long)]);
};

describe('country cues before a national number', () => {
  const all = [...Object.keys(nationalData.codes), ...Object.values(nationalData.names).flat()];
  const cased = fc.tuple(fc.constantFrom(...all), fc.integer({ min: 0, max: 3 })).map(([c, k]) =>
    k === 0 ? c : k === 1 ? c.toUpperCase() : k === 2 ? c.toLowerCase() : c.replace(/\b[a-z]/g, (x) => x.toUpperCase()));
  const glue = fc.constantFrom('', '', ' ', '_', 'x', '1', 'é', 'n', 's', 'i', '  ', ': ', '-', '\n', 'İ', 'ſ', 'K');
  // Also the shortest shapes a number can start on: 7 digits in two runs, 5 digits after an area code
  // in parentheses, four runs of two digits joined by '-' or '.' (German and Italian fixed lines).
  const num = fc.constantFrom('415-555-0132', '020 7946 0958', '09-7625400', '03-1234-5678', '(02) 9374 4000', '030 123456', '050 123 4567', '12', '9876543210',
    '030 1234', '(030) 12345', '(0911)12345', '02-12-34-56', '01.23.45.67', '030 12 34 5', '2024', '3.5');
  const piece = fc.tuple(glue, cased, glue, fc.stringMatching(/^[a-z ]{0,50}$/), num, glue);
  const gen = fc.array(piece, { minLength: 1, maxLength: 8 }).map((xs) => xs.map((x) => x.join('')).join(''));

  it('finds the same numbers as the cue regex, with cues glued to letters, digits, "_" and non-ASCII', () => {
    fc.assert(fc.property(gen, same), { numRuns: 1500, seed: 11 });
  });

  it('reads cues case-insensitively for names, capitals only for codes, and as whole words', () => {
    const hits = (t: string): string[] => [...phone.find!(t, call)].map((c) => t.slice(c.start, c.end));
    expect(hits('UK office 020 7946 0958')).toEqual(['020 7946 0958']);
    expect(hits('SRI LANKA: 011 2 421 052')).toEqual(hits('sri lanka: 011 2 421 052'));
    expect(hits('call us at 415-555-0132')).toEqual([]);
    expect(hits('USA_ 415-555-0132')).toEqual([]);
    expect(hits('American 415-555-0132')).toEqual(['415-555-0132']);
    expect(hits('Americans 415-555-0132')).toEqual([]);
  });
});

describe('the memo in front of libphonenumber-js', () => {
  const library = (raw: string, country?: string): { country: string | undefined; kind: string | undefined } | undefined => {
    const n = country === undefined ? parsePhoneNumberFromString(raw) : parsePhoneNumberFromString(raw, country as CountryCode);
    if (!n || (country !== undefined && n.country !== country)) return undefined;
    const kind = n.getType();
    return kind === undefined ? undefined : { country: n.country, kind };
  };
  it('answers as the library does, asked once, again, and past its bound', () => {
    let seed = 5;
    const rnd = (k: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % k;
    };
    // Every country's example mobile number with its last digits changed (most stay valid), written
    // with and without spaces; then the same digits under random calling codes (mostly invalid).
    const raws: string[] = [];
    const countries = Object.keys(examples) as CountryCode[];
    for (let i = 0; i < 3000; i++) {
      const iso = countries[rnd(countries.length)]!;
      const ex = (examples as Record<string, string>)[iso]!;
      let tail = '';
      for (let k = 0; k < Math.min(4, ex.length - 2); k++) tail += String(rnd(10));
      const nsn = ex.slice(0, ex.length - tail.length) + tail;
      const cc = i % 5 === 4 ? String(1 + rnd(999)) : getCountryCallingCode(iso);
      raws.push(i % 2 ? `+${cc} ${nsn.slice(0, 3)} ${nsn.slice(3)}` : `+${cc}${nsn}`);
    }
    let valid = 0;
    for (const pass of [0, 1]) {
      for (const raw of raws) {
        const want = library(raw);
        if (pass === 0 && want) valid++;
        expect(checkInternational(raw), raw).toEqual(want);
      }
    }
    expect(valid).toBeGreaterThan(1500);
    for (const raw of raws.slice(0, 1500)) {
      const national = raw.replace(/^\+\S+ /, '0');
      for (const iso of ['GB', 'US', 'AE']) expect(checkNational(national, iso), `${iso} ${national}`).toEqual(library(national, iso));
    }
  });

  it('hands out frozen answers, so no caller can change what the next one gets', () => {
    const a = checkInternational('+44 20 7946 0958');
    expect(a).toEqual({ country: 'GB', kind: 'FIXED_LINE' });
    expect(Object.isFrozen(a)).toBe(true);
    expect(checkInternational('+44 20 7946 0958')).toBe(a);
  });
});
