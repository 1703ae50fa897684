import { describe, expect, it } from 'vitest';
import { parseBirthDate } from '../../src/detect/detectors/date-of-birth.js';
import { find, values } from '../helpers.js';

describe('DATE_OF_BIRTH', () => {
  it.each([
    ['DOB: 12/03/1985', '12/03/1985'],
    ['D.O.B. 12-03-1985', '12-03-1985'],
    ['D.O.B: 12.03.1985', '12.03.1985'],
    ['Date of Birth (DD/MM/YYYY): 12.03.1985', '12.03.1985'],
    ['date of birth - 5th of June, 1990', '5th of June, 1990'],
    ['born on 12-Mar-1985 in Pune', '12-Mar-1985'],
    ['Birth date 12 Mar 1985', '12 Mar 1985'],
    ['He was born on 12th March 1985.', '12th March 1985'],
    ['DOB March 12, 1985', 'March 12, 1985'],
    ['dob:1985-03-12', '1985-03-12'],
    ['DOB12/03/1985', '12/03/1985'],
    ['(DOB 12/03/1985)', '12/03/1985'],
    ['DOB 12/03/85', '12/03/85'],
    ['DOB 03/25/1985', '03/25/1985'], // only the MM/DD reading is a date
    ['DOB: 29/02/1984', '29/02/1984'], // leap year
    ['जन्म तिथि: 12/03/1985', '12/03/1985'],
    ['जन्मतिथि १२/०३/१९८५', '१२/०३/१९८५'],
    ['janam tithi 12 मार्च 1985', '12 मार्च 1985'],
    ['Anil (b. 12 March 1985)', '12 March 1985'],
    ['Appointment 12/03/2024, DOB 01/01/1990', '01/01/1990'],
  ])('finds %s', (text, value) => {
    expect(values(text, 'DATE_OF_BIRTH')).toEqual([value]);
  });

  it.each([
    ['Appointment on 12/03/2024'],
    ['Invoice date 12-03-2023'],
    ['joined on 12 Mar 2015'],
    ['Txn 12/03/2024 10:30'],
    ['DOB: 31/02/1985'],
    ['DOB: 29/02/1985'],
    ['DOB: 13/13/1985'],
    ['DOB 12/03/1850'],
    ['DOB 12/03/2999'],
    ['DOB 12/03/1985/77'], // part of a longer number
    ['B. 12/03/1985'], // only lower-case "b." is the biography abbreviation
  ])('rejects %s', (text) => {
    expect(values(text, 'DATE_OF_BIRTH')).toEqual([]);
  });

  // A date filling a table cell counts only under a column whose header holds a birth word.
  it.each([
    ['emp_id,name,dob,city\nE1,Asha Rao,12/03/1985,Pune\nE2,Ravi Kumar,21-07-1990,Pune', ['12/03/1985', '21-07-1990']],
    ['id,date_of_birth\n1,1985-03-12\n2,1990-07-21\n3,12 Mar 1979', ['1985-03-12', '1990-07-21', '12 Mar 1979']],
    ['name|birth date|city\nAsha| 12.03.1985 |Pune', ['12.03.1985']],
    ['name\tdob\nAsha\t"12/03/1985"', ['12/03/1985']],
  ])('finds dates in a birth column: %s', (text, expected) => {
    expect(values(text, 'DATE_OF_BIRTH')).toEqual(expected);
  });

  it.each([
    ['sku,qty,amount,order_date,status\nA1,2,450,12/03/2021,shipped\nA2,1,99,14/03/2021,paid'],
    ['name,dob,doj\nAsha,12/03/1985,01/02/2020'.replace('12/03/1985', 'n/a')], // doj column under a dob neighbour
    ['name,dob,city\nAsha,31/02/1985,Pune'], // not a real date
    ['Visits: 12/03/2021, 14/03/2021\nDOB pending'], // a list in prose, not a table
  ])('rejects dates outside a birth column: %s', (text) => {
    expect(values(text, 'DATE_OF_BIRTH')).toEqual([]);
  });

  it('keeps the birth word outside the span', () => {
    const [e] = find('DOB: 12/03/1985', 'DATE_OF_BIRTH');
    expect(e).toMatchObject({ start: 5, end: 15 });
  });

  it('parses and validates dates against a given day', () => {
    const today = new Date(Date.UTC(2024, 5, 15));
    expect(parseBirthDate('12/03/1985', today)).toEqual({ year: 1985, month: 3, day: 12 });
    expect(parseBirthDate('March 12, 1985', today)).toEqual({ year: 1985, month: 3, day: 12 });
    expect(parseBirthDate('12th of March, 1985', today)).toEqual({ year: 1985, month: 3, day: 12 });
    expect(parseBirthDate('1985-03-12', today)).toEqual({ year: 1985, month: 3, day: 12 });
    expect(parseBirthDate('12/03/85', today)).toEqual({ year: 1985, month: 3, day: 12 });
    expect(parseBirthDate('12/03/05', today)).toEqual({ year: 2005, month: 3, day: 12 });
    expect(parseBirthDate('14/06/2024', today)).toBeDefined();
    expect(parseBirthDate('16/06/2024', today)).toBeUndefined(); // tomorrow
    expect(parseBirthDate('29/02/1900', today)).toBeUndefined(); // 1900 is not a leap year
    expect(parseBirthDate('31/12/1899', today)).toBeUndefined();
    expect(parseBirthDate('12 फ़रवरी 1990', today)).toEqual({ year: 1990, month: 2, day: 12 });
  });
});

// A date with a birth cue around it: before it on the line, after it in its field, or asked on the previous line.
describe('DATE_OF_BIRTH from cues around any date', () => {
  it.each([
    ['My name is Mike and I was born in a land far away on 22/11/1972', '22/11/1972'],
    ['1985-01-01 is my birthday.', '1985-01-01'],
    ['12/03/1985 (DOB as per Aadhaar)', '12/03/1985'],
    ['{"full_name": "X Y", "dob": "1979-04-27", "mobile": "9876543210"}', '1979-04-27'],
    ['{"date_of_birth": "27 April 1979"}', '27 April 1979'],
    ['{"birthDate": "04.09.1995"}', '04.09.1995'],
    ['Agent: Please confirm your date of birth.\nCustomer: January 8, 1972.', 'January 8, 1972'],
    ['What is your DOB?\n\n20/02/1955', '20/02/1955'],
    ['Agent — Tomasz: Please confirm your date of birth.\nCustomer: 21-01-1994.', '21-01-1994'],
  ])('finds %s', (text, value) => {
    expect(values(text, 'DATE_OF_BIRTH')).toEqual([value]);
  });

  it.each([
    ['DOB verified; date of joining 12/03/2015'], // another date word is nearer
    ['Appointment 12/03/2024, DOB pending'], // the birth word belongs to the next field
    ['{"dob_verified": true, "created": "2023-01-05"}'],
    ['born in 1972, joined on 12/03/1995'], // a number between the birth word and the date
    ['Please confirm your date of birth.\nYour appointment is on 12/03/2024.'], // the line says more than a date
    ['Please confirm your date of birth.\nCustomer: 12/03/2999'], // not a real past date
    ['Order placed 12/03/2024\n05/06/2024'],
  ])('rejects %s', (text) => {
    expect(values(text, 'DATE_OF_BIRTH')).toEqual([]);
  });
});
