import { describe, expect, it } from 'vitest';
import { ageValue } from '../../src/detect/detectors/age.js';
import { find, values } from '../helpers.js';

describe('AGE', () => {
  // The span is the number only (corpus/README.md): keywords before it and unit words after it stay outside.
  it.each([
    ['Age 42', '42'],
    ['age: 42', '42'],
    ['AGE:42,', '42'],
    ['(age-42)', '42'],
    ['aged 42', '42'],
    ['aged 42 yrs, from Pune', '42'],
    ['Age: 42 yrs 3 months', '42'],
    ['Age in years: 35', '35'],
    ['Name: Ravi, 42 yrs, M', '42'],
    ['Mrs Sunita (42 years)', '42'],
    ['Patient 42 yrs old', '42'],
    ['42 y/o female', '42'],
    ['a 42-year-old man', '42'],
    ['she is 42 years old.', '42'],
    ['42 years of age', '42'],
    ['main 42 saal ka hoon', '42'],
    ['meri umar 42 hai', '42'],
    ['उम्र 42', '42'],
    ['उम्र: ४२ वर्ष', '४२'],
    ['42 वर्षीय महिला', '42'],
    ['Age/Sex: 42/M', '42'],
    ['Age / Gender : 42 Y / F', '42'],
    ['Sex/Age: F/35', '35'],
    ['Age 0', '0'],
    ['Age: 120', '120'],
    // apposition: number + unit or sex right after a word and a comma (or a form's wide gap), closing its clause
    ['Patient: Ravi Kumar, 42/M, Pune', '42'],
    ['Patient: Asha Rao, 42/F', '42'],
    ['Ramesh Kumar, 42 yrs, resident of Flat 9, Pune', '42'],
    ['I, Anil Rao, S/o Shri Mohan Rao, 42 years old, resident of Flat 501', '42'],
    ['Policy holder: Asha Rao, 42 years old\nHospital: City Care', '42'],
    ['Policy holder: Asha Rao, 42-year-old', '42'],
    ['Dr. Asha Rao, 42 Y, holding Aadhaar', '42'],
    ['Sex: Female  42 yrs\nAddress: Flat 12, MG Road', '42'],
    ['Sex: Male  42-year-old\nAddress: Flat 12', '42'],
    ['Patient: Ravi Kumar, M/42, Pune', '42'],
    ['Profile: Asha Rao\n28 yrs, born on 12/03/1996', '28'],
    ['Profile: Asha Rao\n34 yrs, date of birth is 12-Mar-1990', '34'],
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
    ['42'], // a bare duration-or-age with nothing about a person
  ])('rejects %s', (text) => {
    expect(values(text, 'AGE')).toEqual([]);
  });

  it('keeps offsets on the number', () => {
    const [e] = find('Patient age: 42 years', 'AGE');
    expect(e).toMatchObject({ start: 13, end: 15, text: '42' });
  });

  it('reads ASCII and Devanagari digits', () => {
    expect(ageValue('42 yrs')).toBe(42);
    expect(ageValue('४२ वर्ष')).toBe(42);
    expect(ageValue('yrs')).toBeUndefined();
  });
});

// The AGE span is the age only (digits or number words), never the unit.
describe('AGE in lists, brackets and words', () => {
  it.each([
    ["Passenger 2: OLIVIA O'BRIEN, 28, F", '28'],
    ['KAIZAD WADIA, 66, M  Berth LB', '66'],
    ['Ravi Kumar, 45, Male', '45'],
    ['मरीज़ रामेश्वर प्रसाद (74 वर्ष) को बुखार है', '74'],
    ['Smt. Kamla Devi (62 yrs) was admitted', '62'],
    ['When she was five years old, she learned to ride a bike.', 'five'],
    ['Now, after ninety five years of age, perspectives change.', 'ninety five'],
    ['the baby was only ten months old', 'ten'],
    ['diagnosed at around eighteen months of age', 'eighteen'],
    ['a twenty-one year old student', 'twenty-one'],
  ])('finds %s', (text, value) => {
    expect(values(text, 'AGE')).toEqual([value]);
  });

  it.each([
    ['the building is forty years old'], // a thing's age
    ['a ten year old car'],
    ['Flat 12, 3, F block'], // no letter-word before the number's comma
    ['Total 5 items (12 yrs warranty)'], // bracket after a number, not a name
    ['the scheme is fifty years old now'],
  ])('rejects %s', (text) => {
    expect(values(text, 'AGE')).toEqual([]);
  });
});

describe('AGE in words needs a person for "old"', () => {
  it.each([['This saga is ten years old.'], ['a promise that is one year old'], ['the scheme is twenty years old']])('rejects %s', (text) => {
    expect(values(text, 'AGE')).toEqual([]);
  });
  it.each([
    ['When Budhni was twelve years old, the family moved.', 'twelve'],
    ['Now, after ninety five years of age, perspectives change.', 'ninety five'],
  ])('finds %s', (text, v) => expect(values(text, 'AGE')).toEqual([v]));
});
