import { afterEach, describe, expect, it } from 'vitest';
import { compilePolicy } from '../../src/transform/compile.js';
import type { EntityPolicy } from '../../src/decide/policy.js';
import { ageBand } from '../../src/transform/rules/age.js';
import { createCityRule, indexCities, type CityTable } from '../../src/transform/rules/city.js';
import { ageOn, findDate } from '../../src/transform/rules/dob.js';
import { pinRegion } from '../../src/transform/rules/pin.js';
import { listRules, registerRule, unregisterRule } from '../../src/transform/rules/registry.js';

function gen(type: string, value: string, entry: Omit<EntityPolicy, 'action'> = {}) {
  return compilePolicy({ name: 'g', entities: { [type]: { action: 'generalise', ...entry } } }).decider()({ type, text: value });
}

function out(type: string, value: string, entry: Omit<EntityPolicy, 'action'> = {}): string | undefined {
  const d = gen(type, value, entry);
  return d.action === 'replace' && d.via === 'generalise' ? d.text : undefined;
}

describe('age-band', () => {
  it.each([
    ['42', {}, '40-49'],
    ['40', {}, '40-49'],
    ['49', {}, '40-49'],
    ['0', {}, '0-9'],
    ['7', {}, '0-9'],
    ['89', {}, '80-89'],
    ['90', {}, '90+'],
    ['104', {}, '90+'],
    ['42 yrs', {}, '40-49 yrs'],
    ['Age 42', {}, 'Age 40-49'],
    ['४२', {}, '40-49'],
    ['42', { width: 5 }, '40-44'],
    ['47', { width: 5 }, '45-49'],
    ['42', { width: 10, top: 40 }, '40+'],
    ['82', { width: 10, top: 85 }, '80-84'],
    ['85', { width: 10, top: 85 }, '85+'],
    ['42', { width: 1 }, '42'],
  ])('%s with %o → %s', (value, params, expected) => {
    expect(out('AGE', value, { rule: 'age-band', params })).toBe(expected);
  });

  it('is the default rule for AGE', () => {
    expect(out('AGE', '42')).toBe('40-49');
  });

  it.each([['forty-two'], ['200'], ['']])('cannot read %s: falls back to redact', (value) => {
    expect(gen('AGE', value)).toEqual({ action: 'replace', text: '[AGE]', via: 'redact' });
  });

  it.each([
    ['keep', { action: 'keep', via: 'keep' }],
    ['pseudonymise', { action: 'pseudonymise', via: 'pseudonymise' }],
    ['mask', { action: 'replace', text: 'XXXXX-XXX', via: 'mask' }],
  ] as const)('fallback %s', (fallback, expected) => {
    expect(gen('AGE', 'forty-two', { fallback })).toEqual(expected);
  });

  it('ageBand is a pure function of width and top', () => {
    expect(ageBand(19, { width: 10, top: 90 })).toBe('10-19');
    expect(ageBand(20, { width: 20, top: 60 })).toBe('20-39');
    expect(ageBand(59, { width: 20, top: 50 })).toBe('50+');
  });
});

describe('dob', () => {
  const asOf = '2025-06-15';
  it.each([
    ['12/03/1985', {}, '1985'],
    ['12-03-1985', {}, '1985'],
    ['12.03.1985', {}, '1985'],
    ['1985-03-12', {}, '1985'],
    ['12 Mar 1985', {}, '1985'],
    ['12th March, 1985', {}, '1985'],
    ['March 12, 1985', {}, '1985'],
    ['१२ मार्च १९८५', {}, '1985'],
    ['१२/०३/१९८५', {}, '1985'],
    ['DOB: 12/03/1985', {}, 'DOB: 1985'],
    ['12/03/85', { asOf }, '1985'],
    ['12/03/05', { asOf }, '2005'],
    ['1985', {}, '1985'],
    ['12/03/1985', { to: 'age-band', asOf }, '40-49'],
    ['16/06/1985', { to: 'age-band', asOf }, '30-39'],
    ['15/06/1985', { to: 'age-band', asOf }, '40-49'],
    ['12/03/1985', { to: 'age-band', asOf, width: 5 }, '40-44'],
    ['01/01/1930', { to: 'age-band', asOf }, '90+'],
  ])('%s with %o → %s', (value, params, expected) => {
    expect(out('DATE_OF_BIRTH', value, { rule: 'dob', params })).toBe(expected);
  });

  it.each([['31/02/1985'], ['12/13/1985'], ['12/03/2099'], ['not a date'], ['12/03/1850']])('cannot read %s', (value) => {
    expect(out('DATE_OF_BIRTH', value, { params: { asOf } })).toBeUndefined();
  });

  it('reads day-first and counts completed years', () => {
    const d = findDate('05/04/2000', new Date(Date.UTC(2025, 0, 1)))!;
    expect([d.day, d.month, d.year]).toEqual([5, 4, 2000]);
    expect(ageOn(d, new Date(Date.UTC(2025, 3, 4)))).toBe(24);
    expect(ageOn(d, new Date(Date.UTC(2025, 3, 5)))).toBe(25);
  });
});

describe('pin', () => {
  it.each([
    ['110001', {}, 'Delhi/Haryana/Punjab/Himachal Pradesh/Jammu & Kashmir/Ladakh/Chandigarh'],
    ['226001', {}, 'Uttar Pradesh/Uttarakhand'],
    ['380001', {}, 'Rajasthan/Gujarat/Dadra & Nagar Haveli and Daman & Diu'],
    ['400001', {}, 'Maharashtra/Goa/Madhya Pradesh/Chhattisgarh'],
    ['560001', {}, 'Andhra Pradesh/Telangana/Karnataka'],
    ['600001', {}, 'Tamil Nadu/Kerala/Puducherry/Lakshadweep'],
    ['700001', {}, 'West Bengal/Odisha/North-East/Andaman & Nicobar/Sikkim'],
    ['800001', {}, 'Bihar/Jharkhand'],
    ['900001', {}, 'Army Post Office (APO/FPO)'],
    ['560001', { to: 'prefix' }, '560XXX'],
    ['560 001', { to: 'prefix' }, '560 XXX'],
    ['560001', { to: 'prefix', digits: 2, char: '*' }, '56****'],
    ['५६०००१', { to: 'prefix' }, '५६०XXX'],
    ['PIN 560001', { to: 'prefix' }, 'PIN 560XXX'],
  ])('%s with %o → %s', (value, params, expected) => {
    expect(out('PIN_CODE', value, { rule: 'pin', params })).toBe(expected);
  });

  it.each([['056001'], ['56001'], ['5600011']])('cannot read %s', (value) => {
    expect(out('PIN_CODE', value)).toBeUndefined();
  });

  it('maps every first digit 1-9 to a region with a label', () => {
    for (let d = 1; d <= 9; d++) expect(pinRegion(`${d}00001`)?.label).toBeTruthy();
  });
});

describe('city (table injected)', () => {
  const table: CityTable = {
    cities: [
      { name: 'Bengaluru', aliases: ['Bangalore'], devanagari: ['बेंगलुरु', 'बंगलौर'], state: 'Karnataka', zone: 'South' },
      { name: 'Guwahati', aliases: ['Gauhati'], devanagari: ['गुवाहाटी'], state: 'Assam', zone: 'North-East' },
      { name: 'Bhopal', aliases: [], devanagari: ['भोपाल'], state: 'Madhya Pradesh', zone: 'Central' },
    ],
  };
  const rule = createCityRule(table, 'test-city');
  it.each([
    ['Bangalore', 'zone', 'South Zone'],
    ['bengaluru', 'zone', 'South Zone'],
    ['BANGALORE', 'state', 'Karnataka'],
    ['बेंगलुरु', 'zone', 'South Zone'],
    ['Gauhati', 'zone', 'North-East Zone'],
    ['Bhopal', 'state', 'Madhya Pradesh'],
    ['Atlantis', 'zone', undefined],
  ] as const)('%s → %s %s', (value, to, expected) => {
    expect(rule.prepare({ to }, 'p')(value, 'CITY')).toBe(expected);
  });

  it('rejects a table with a zone outside the six', () => {
    expect(() => indexCities({ cities: [{ name: 'X', state: 'Y', zone: 'Southwest' }] })).toThrow(/zone/);
  });
});

describe('city (patterns/cities.json)', () => {
  it.each([
    ['Bangalore', 'zone', 'South Zone'],
    ['Bengaluru', 'state', 'Karnataka'],
    ['Mumbai', 'zone', 'West Zone'],
    ['Bombay', 'state', 'Maharashtra'],
    ['Lucknow', 'zone', 'Central Zone'],
    ['Guwahati', 'zone', 'North-East Zone'],
    ['Kolkata', 'zone', 'East Zone'],
    ['Chandigarh', 'zone', 'North Zone'],
  ] as const)('%s → %s %s', (value, to, expected) => {
    expect(out('CITY', value, { rule: 'city', params: { to } })).toBe(expected);
  });

  it('is the default rule for CITY, and an unknown city falls back', () => {
    expect(out('CITY', 'Bangalore')).toBe('South Zone');
    expect(gen('CITY', 'Atlantis')).toEqual({ action: 'replace', text: '[CITY]', via: 'redact' });
  });
});

describe('user rules', () => {
  afterEach(() => {
    unregisterRule('income-bucket');
    unregisterRule('health-group');
    unregisterRule('city-tier');
  });

  it('a table maps values to buckets, case- and space-insensitively, with a * default', () => {
    registerRule('health-group', { diabetes: 'metabolic', 'type 2 diabetes': 'metabolic', asthma: 'respiratory', '*': 'other' });
    expect(out('HEALTH', 'Type 2  Diabetes', { rule: 'health-group' })).toBe('metabolic');
    expect(out('HEALTH', 'ASTHMA', { rule: 'health-group' })).toBe('respiratory');
    expect(out('HEALTH', 'migraine', { rule: 'health-group' })).toBe('other');
  });

  it('a table without * falls back for unknown values', () => {
    registerRule('city-tier', { mumbai: 'Tier 1', nashik: 'Tier 2' }, { types: ['CITY'] });
    expect(out('CITY', 'Mumbai', { rule: 'city-tier' })).toBe('Tier 1');
    expect(gen('CITY', 'Atlantis', { rule: 'city-tier' })).toEqual({ action: 'replace', text: '[CITY]', via: 'redact' });
  });

  it('a function gets the value, the type and its declared params', () => {
    const seen: string[] = [];
    registerRule('income-bucket', (value, { type, params }) => {
      seen.push(type);
      const n = Number(value.replace(/\D/g, ''));
      return Number.isFinite(n) ? `${params.prefix ?? ''}${n >= 1000 ? 'high' : 'low'}` : undefined;
    }, { params: ['prefix'] });
    expect(out('BANK_ACCOUNT', '12345', { rule: 'income-bucket', params: { prefix: 'b:' } })).toBe('b:high');
    expect(seen).toEqual(['BANK_ACCOUNT']);
    expect(listRules()).toContain('income-bucket');
  });

  it.each([
    ['Bad_Name', {}],
    ['age-band', {}],
    ['ok-name', 42],
  ])('registerRule(%s) is refused', (name, rule) => {
    expect(() => registerRule(name, rule as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});
