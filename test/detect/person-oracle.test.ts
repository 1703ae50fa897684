// The PERSON finder split into one file per pass (src/detect/detectors/person/) must find exactly
// what the single-file finder did (test/support/person-oracle.ts): same spans, scores and rules on
// every corpus record, on records joined into long texts (names found once propagate to later
// mentions), and on generated text built from the words the rules react to.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findNames, findNamesDetailed } from '../../src/detect/detectors/person/names.js';
import { findNames as oracleFind, findNamesDetailed as oracleDetailed } from '../support/person-oracle.js';
import person from '../../patterns/person.json';

const texts = (file: string): string[] =>
  readFileSync(new URL(`../../corpus/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { text: string }).text);

const sets = ['corpus.jsonl', 'tricky.jsonl', 'independent.jsonl'] as const;

function diffs(list: readonly string[]): Array<{ text: string; got: unknown; want: unknown }> {
  const out: Array<{ text: string; got: unknown; want: unknown }> = [];
  for (const t of list) {
    const got = findNamesDetailed(t);
    const want = oracleDetailed(t);
    if (JSON.stringify(got) !== JSON.stringify(want)) out.push({ text: t, got, want });
  }
  return out;
}

describe('PERSON finder vs the pre-split oracle', () => {
  it.each(sets)('same spans, scores, rules and windows on every record of %s', (file) => {
    const list = texts(file);
    expect(list.length).toBeGreaterThan(100);
    expect(diffs(list).slice(0, 3)).toEqual([]);
  });

  it.each(sets)('same results on the records of %s joined 50 at a time', (file) => {
    const list = texts(file);
    const joined: string[] = [];
    for (let i = 0; i < list.length; i += 50) joined.push(list.slice(i, i + 50).join('\n\n'));
    expect(diffs(joined).map((d) => ({ ...d, text: d.text.length }))).toEqual([]);
  });

  it('same results with gating off (full compromise parse) on a sample', () => {
    const list = texts('corpus.jsonl').filter((_, i) => i % 40 === 0);
    for (const t of list) expect(findNames(t, { gating: false }), t).toEqual(oracleFind(t, { gating: false }));
  });

  // Generated text: the cue words, names and marks the rules react to, in random order and case.
  const cues = [
    ...person.honorifics, ...person.labels, ...person.relations, ...person.strongCues, ...person.weakCues.slice(0, 30),
    ...person.afterCues.slice(0, 30), ...person.signoffs, ...person.companies.slice(0, 20), ...person.places.slice(0, 20),
    ...person.deities.slice(0, 10), ...person.corporateSuffixes.slice(0, 20), ...person.labelsDeva, ...person.honorificsDeva,
    'Ravi', 'Kumar', 'Priya', 'Sharma', 'ANVESH', 'GOUD', 'Zorawar', 'Sandhu', 'Sophie', 'Müller', 'Robert', 'Lindqvist',
    'रमेश', 'शर्मा', 'asha', 'ray', 'K.', 'S. R.', 'Iyer', 'aged', 'born', 'years', 'sixty', 'nine', 'pay', 'at', 'for',
    'Agent', 'P.W.5', 'UPI/DR/412345678901/RAVI KUMAR/ybl/', '"holder": "Anu Rao"', 'name,dob,city\nAnu Rao,1990,Pune\n',
    "Priya's", "i'm", 'Mumbai', 'Delhi', 'Nagar', 'Jai', 'Shri', 'Ram', 'Chaturthi', '<PERSON_1>', 'customer_name', 'ravi123',
  ];
  const sep = fc.constantFrom(' ', ' ', ' ', ', ', '. ', '\n', ': ', ' - ', ' — ', '/', '  ', '\n\n', '(', ') ', '"', ' 45 ');
  const word = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...cues) },
    { weight: 1, arbitrary: fc.constantFrom(...cues).map((w) => w.toUpperCase()) },
    { weight: 1, arbitrary: fc.constantFrom(...cues).map((w) => w.toLowerCase()) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 8 }) },
  );
  const text = fc.array(fc.tuple(word, sep), { minLength: 1, maxLength: 40 }).map((xs) => xs.map(([w, s]) => w + s).join(''));

  it('same results on generated text', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(findNamesDetailed(t)).toEqual(oracleDetailed(t));
      }),
      { numRuns: 1500, seed: 20261203 },
    );
  });

  // Tables among prose lines: header rows naming a person column or not, rows of as many cells or
  // not, lines with header words but too few commas, lines with no comma.
  const cell = fc.constantFrom('name', 'Name', 'customer_name', 'Full Name', 'नाम', 'naam', 'dob', 'city', 'emp_id', 'Anu Rao', 'Ravi Kumar', 'PRIYA SHARMA', ' Asha Iyer ', '1990', 'Pune', 'E1', '', 'the name');
  const line = fc.oneof(
    { weight: 4, arbitrary: fc.array(cell, { minLength: 1, maxLength: 5 }).map((cs) => cs.join(',')) },
    { weight: 1, arbitrary: fc.constantFrom('the package name is kavach', 'no commas here', 'name: Anu Rao', 'one, two', 'Ravi Kumar, name, of it', '') },
  );
  const table = fc.array(line, { minLength: 1, maxLength: 14 }).map((ls) => ls.join('\n'));

  it('same results on tables among prose lines', () => {
    fc.assert(
      fc.property(table, (t) => {
        expect(findNamesDetailed(t)).toEqual(oracleDetailed(t));
      }),
      { numRuns: 1500, seed: 20261205 },
    );
  });

  it('same results on generated text, any seed', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(findNamesDetailed(t)).toEqual(oracleDetailed(t));
      }),
      { numRuns: 500 },
    );
  });
});
