import { describe, expect, it } from 'vitest';
import { ageValue } from '../../src/detectors/age.js';
import { find, values } from '../helpers.js';

describe('AGE', () => {
  // The span is the number with the unit words that follow it; keywords before it stay outside.
  it.each([
    ['Age 42', '42'],
    ['age: 42', '42'],
    ['AGE:42,', '42'],
    ['(age-42)', '42'],
    ['aged 42', '42'],
    ['aged 42 yrs, from Pune', '42 yrs'],
    ['Age: 42 yrs 3 months', '42 yrs'],
    ['Age in years: 35', '35'],
    ['Name: Ravi, 42 yrs, M', '42 yrs'],
    ['Mrs Sunita (42 years)', '42 years'],
    ['Patient 42 yrs old', '42 yrs old'],
    ['42 y/o female', '42 y/o'],
    ['a 42-year-old man', '42-year-old'],
    ['she is 42 years old.', '42 years old'],
    ['42 years of age', '42 years'],
    ['main 42 saal ka hoon', '42 saal'],
    ['meri umar 42 hai', '42'],
    ['उम्र 42', '42'],
    ['उम्र: ४२ वर्ष', '४२ वर्ष'],
    ['42 वर्षीय महिला', '42 वर्षीय'],
    ['Age/Sex: 42/M', '42'],
    ['Age / Gender : 42 Y / F', '42 Y'],
    ['Sex/Age: F/35', '35'],
    ['Age 0', '0'],
    ['Age: 120', '120'],
  ])('finds %s', (text, value) => {
    expect(values(text, 'AGE')).toEqual([value]);
  });

  it.each([
    ['42 years of service'],
    ['5 years experience in sales'],
    ['she has 5 yrs experience'],
    ['10 years ago we moved'],
    ['EMI for 20 years'],
    ['loan tenure 20 years'],
    ['warranty 2 years'],
    ['married for 10 years, Mr Rao'],
    ['the building is 40 years old'],
    ['a 5 year old company'],
    ['in 5 years, she hopes'],
    ['42 items in stock'],
    ['Age 150'],
    ['age group 18-25'],
    ['age 4.5'],
    ['page 42'], // "age" inside a word
    ['42 yrs'], // a bare duration-or-age with nothing about a person
  ])('rejects %s', (text) => {
    expect(values(text, 'AGE')).toEqual([]);
  });

  it('keeps offsets on the number', () => {
    const [e] = find('Patient age: 42 years', 'AGE');
    expect(e).toMatchObject({ start: 13, end: 21, text: '42 years' });
  });

  it('reads ASCII and Devanagari digits', () => {
    expect(ageValue('42 yrs')).toBe(42);
    expect(ageValue('४२ वर्ष')).toBe(42);
    expect(ageValue('yrs')).toBeUndefined();
  });
});
