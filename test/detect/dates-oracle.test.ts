// AGE and DATE_OF_BIRTH rebuilt on digit-run and keyword anchors (issue 11) must report exactly what
// the whole-text detectors did (test/support/dates-oracle-age.ts, dates-oracle-dob.ts): same spans
// and scores through `detect` on every corpus record, on records joined into long texts, and on
// generated text made of the words, digits and marks the patterns react to.
//
// The oracles are registered under their own types (ORACLE_AGE, ORACLE_DOB), so one `detect` call
// with `entities: [type]` runs only the detector under test and the engine scores both alike.
//
// Deliberate differences (left out of the generator on purpose):
//   - 'ſ' (U+017F) inside the unit word of an age in words ("ten yearſ old"): the patterns' `i` + `u`
//     flags read it as 's', the anchor is the shared token's folded hash of "years"/"months", which
//     does not fold ſ. The whole-text pattern found it; the anchored one does not.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect, registerDetector } from '../../src/index.js';
import { oracleAgeSpec } from '../support/dates-oracle-age.js';
import { oracleDobSpec } from '../support/dates-oracle-dob.js';

registerDetector({ ...oracleAgeSpec, id: 'oracle-age', type: 'ORACLE_AGE' });
registerDetector({ ...oracleDobSpec, id: 'oracle-dob', type: 'ORACLE_DOB' });

const PAIRS = [
  ['AGE', 'ORACLE_AGE'],
  ['DATE_OF_BIRTH', 'ORACLE_DOB'],
] as const;

type Row = [number, number, string, number];

function run(text: string, type: string): Row[] {
  return detect(text, { entities: [type] }).map((e) => [e.start, e.end, e.text, e.score]);
}

function diff(text: string): string | undefined {
  for (const [type, oracle] of PAIRS) {
    const got = run(text, type);
    const want = run(text, oracle);
    if (JSON.stringify(got) !== JSON.stringify(want)) return `${type}: got ${JSON.stringify(got)} want ${JSON.stringify(want)}`;
  }
  return undefined;
}

const texts = (file: string): string[] =>
  readFileSync(new URL(`../../corpus/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { text: string }).text);

const sets = ['corpus.jsonl', 'tricky.jsonl', 'independent.jsonl'] as const;

function diffs(list: readonly string[]): Array<{ text: string; diff: string }> {
  const out: Array<{ text: string; diff: string }> = [];
  for (const t of list) {
    const d = diff(t);
    if (d) out.push({ text: t, diff: d });
  }
  return out;
}

describe('AGE and DATE_OF_BIRTH vs the whole-text oracle', () => {
  it.each(sets)('same spans and scores on every record of %s', (file) => {
    const list = texts(file);
    expect(list.length).toBeGreaterThan(100);
    // the corpus holds both types, so the comparison is not vacuous
    const found = list.reduce((n, t) => n + run(t, 'AGE').length + run(t, 'DATE_OF_BIRTH').length, 0);
    expect(found).toBeGreaterThan(file === 'tricky.jsonl' ? 2 : 50);
    expect(diffs(list).slice(0, 3)).toEqual([]);
  });

  it.each(sets)('same spans and scores on the records of %s joined 50 at a time', (file) => {
    const list = texts(file);
    const joined: string[] = [];
    for (let i = 0; i < list.length; i += 50) joined.push(list.slice(i, i + 50).join(i % 100 === 0 ? '\n\n' : '\n'));
    expect(diffs(joined).map((d) => ({ ...d, text: d.text.length }))).toEqual([]);
  });

  it('same spans and scores on the sample and tricky texts', () => {
    for (const f of ['sample.txt', 'tricky.txt']) {
      const t = readFileSync(new URL(`../../corpus/${f}`, import.meta.url), 'utf8');
      expect(diff(t), f).toBeUndefined();
    }
  });

  // Generated text: the keywords, units, number words, months, birth words, context words and marks
  // the patterns and the context rules react to, with digits of both scripts, in random order and case.
  const words = [
    'age', 'Age', 'AGE', 'aged', 'umar', 'umr', 'उम्र', 'आयु', 'Age/Sex', 'Sex/Age', 'A/S', 'age (in years)', 'Age in years',
    'years', 'year', 'yrs', 'yr', 'y', 'Y', 'y/o', 'yo', 'y.o.', 'old', 'of age', 'years old', 'year-old', 'saal', 'sal', 'ka', 'ki', 'ke',
    'वर्ष', 'वर्षीय', 'साल', 'बरस', 'का', 'M', 'F', 'm', 'f', 'Male', 'female', 'T', 'O', 'पु', 'is', 'was', 'of', 'hai', 'on',
    'five', 'ten', 'twenty', 'twenty-one', 'ninety five', 'a hundred', 'eighteen', 'months', 'month', 'seventy',
    'Ravi', 'Kumar', 'Asha', 'Rao', 'Budhni', 'When', 'The', 'Patient', 'patient', 'Mr', 'Mrs.', 'she', 'he', 'baby', 'son', 's/o',
    'building', 'company', 'warranty', 'experience', 'service', 'ago', 'for', 'since', 'in', 'over', 'se', 'tak', 'policy', 'holder',
    'DOB', 'D.O.B.', 'd.o.b', 'dob', 'Date of Birth', 'date of birth', 'birth date', 'birthdate', 'born', 'born on', 'birthday', 'b.',
    'जन्म तिथि', 'जन्मतिथि', 'जन्म', 'janam tithi', 'janm', '(DD/MM/YYYY)', 'joining', 'joined', 'appointment', 'order', 'created',
    'Jan', 'January', 'March', 'mar', 'Sept', 'dec', 'मार्च', 'फ़रवरी', 'st', 'th', 'nd', 'Customer', 'Agent', 'Please confirm your date of birth.',
    'name,dob,city', 'id|birth date', 'order_date', 'doj', 'adobe', 'stubborn', 'rebirth',
    // the i + u flags fold ſ to s and the Kelvin sign to k: keyword gates must too
    'ſex/Age:', 'Age/ſex:', 'age iſ', 'ſaal', 'ſeventy', 'Ki', 'ſept', 'AUGUſT', 'É', 'é', '𝐀', 'Ÿ',
  ];
  const digits = fc.oneof(
    fc.integer({ min: 0, max: 130 }).map(String),
    fc.integer({ min: 1, max: 31 }).map((n) => String(n).padStart(2, '0')),
    fc.integer({ min: 1890, max: 2030 }).map(String),
    fc.constantFrom('४२', '७४', '१२/०३/१९८५', '1985-03-12', '12/03/1985', '03/25/1985', '29.02.1984', '12-Mar-1985', '12/03/85', '1234'),
  );
  const sep = fc.constantFrom(' ', ' ', ' ', ', ', '. ', '\n', ': ', ':', '-', ' - ', '/', ' / ', '  ', '\t', '\n\n', '(', ') ', ')', '"', ',', ';', '|', '.', '–', '=');
  // Whole shapes each pattern reacts to, with their parts drawn at random (so near-misses come too).
  const pick = <T,>(...xs: T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);
  const num = fc.oneof(fc.integer({ min: 0, max: 130 }).map(String), pick('४२', '७४', '1234', '05'));
  const numWord = pick('five', 'ten', 'twelve', 'twenty-one', 'ninety five', 'a hundred', 'one hundred', 'Seventy', 'TEN', 'eighteen', 'twenty');
  const unit = pick('yrs', 'years', 'Y', 'y', 'yr', 'years old', 'year-old', '-year-old', 'y/o', 'वर्ष', 'साल', 'saal ka', 'years of age', '');
  const name = pick('Ravi Kumar', "OLIVIA O'BRIEN", 'Asha Rao', 'Dr. Asha Rao', 'Budhni', 'the building', 'Warranty', 'Mrs Sunita', 'रामेश्वर प्रसाद', 'Flat 12', 'she');
  const sex = pick('M', 'F', 'Male', 'female', 'T', 'पु', 'm');
  const date = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 1890, max: 2030 }), pick('/', '-', '.'))
      .map(([d, m, y, c]) => `${String(d).padStart(2, '0')}${c}${String(m).padStart(2, '0')}${c}${y}`),
    fc.tuple(fc.integer({ min: 1, max: 31 }), pick('Mar', 'March', 'jan', 'Sept', 'मार्च', 'dec.'), fc.integer({ min: 1890, max: 2030 }), pick(' ', '-', 'th ', ' of '))
      .map(([d, m, y, c]) => `${d}${c}${m}${c === 'th ' ? ' ' : c}${y}`),
    fc.tuple(pick('March', 'Jan', 'december', 'Sep'), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1890, max: 2030 }), pick(', ', ' ', 'th, '))
      .map(([m, d, y, c]) => `${m} ${d}${c}${y}`),
    fc.tuple(fc.integer({ min: 1890, max: 2030 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
    pick('१२/०३/१९८५', '12/03/85', '03/25/1985', '29/02/1984', '31/02/1985'),
  );
  const gap = pick(' ', '  ', ', ', ',', '\t', ': ', ':', ' - ', '', '\n');
  const shape = fc.oneof(
    fc.tuple(pick('Age', 'aged', 'age:', 'AGE', 'उम्र', 'umar', 'Age (in years)', 'Age/Sex:', 'A/S', 'Sex/Age:', 'age is'), gap, num, gap, unit, pick('', '/M', ' / F', ',', '.')).map((x) => x.join('')),
    fc.tuple(name, pick(', ', '  ', '\t', ',', ' '), num, pick(' ', '', '-', '/', ' / '), fc.oneof(unit, sex), pick(', Pune', '\n', ')', ';', ' resident', ' experience', ' ago', '', ', F')).map((x) => x.join('')),
    fc.tuple(name, pick(', ', ',  '), pick('M', 'F', 'male'), pick('/', ' / '), num, pick(', Pune', '', '\n', ' x')).map((x) => x.join('')),
    fc.tuple(name, pick(', ', ','), num, pick(', ', ','), sex, pick('', ' Berth', 'x')).map((x) => x.join('')),
    fc.tuple(name, pick(' (', '('), num, pick(' ', ''), pick('वर्ष', 'yrs', 'Y', 'Years', 'साल', 'items'), pick(')', '/M)', '.)', ' / F)')).map((x) => x.join('')),
    fc.tuple(pick('When ', 'This saga is ', 'a ', 'after ', 'the baby was ', 'Now, after ', ''), numWord, pick(' years', ' year', ' months', '-year', ' YEARS'), pick(' old', '-old', ' of age', ' Of Age', ' of age,')).map((x) => x.join('')),
    fc.tuple(pick('for ', 'since ', 'in ', 'she is ', 'patient ', 'a ', 'the company is ', 'married for '), num, pick(' years', ' yrs', '-year', ' saal'), pick(' old', ' ago', ' of service', '', ' experience', ' se')).map((x) => x.join('')),
    fc.tuple(pick('DOB', 'D.O.B.', 'Date of Birth (DD/MM/YYYY)', 'born on', 'b.', 'जन्म तिथि', 'birthday', 'Birth date', 'dob', 'janam tithi'), pick(': ', ' ', ':', ' - ', ' is '), date).map((x) => x.join('')),
    fc.tuple(pick('name,dob,city\n', 'id|birth date\n', 'sku,order_date\n', 'name\tdob\n'), pick('Asha,', 'E1|', 'A1,', 'Asha\t'), pick('', '"', ' '), date, pick('', '"', ' '), pick(',Pune', '', '|x', '\n')).map((x) => x.join('')),
    fc.tuple(pick('I was born in a small town on ', '', 'joined on ', 'Please confirm your date of birth.\nCustomer: ', 'What is your DOB?\n\n', '{"dob": "'), date, pick(' is my birthday.', ' (DOB)', '', '.', '"}', ', joined', ' (date of birth)', ' my birth date', ' x joining dob', ' is my Date Of Birth', ' born on', ' (जन्म तिथि)')).map((x) => x.join('')),
  );
  const token = fc.oneof(
    { weight: 4, arbitrary: shape },
    { weight: 5, arbitrary: fc.constantFrom(...words) },
    { weight: 4, arbitrary: digits },
    { weight: 1, arbitrary: fc.constantFrom(...words).map((w) => w.toUpperCase()) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 6 }) },
  );
  const text = fc.array(fc.tuple(token, sep), { minLength: 1, maxLength: 30 }).map((xs) => xs.map(([w, s]) => w + s).join(''));

  it('same spans and scores on generated text', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(diff(t)).toBeUndefined();
      }),
      { numRuns: 4000, seed: 20261203 },
    );
  });

  it('same spans and scores on generated text, any seed', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(diff(t)).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });
});
