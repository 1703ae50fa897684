// DATE_OF_BIRTH's birth cue before a date reads the 64 characters before it on its line. When that
// window's edge cuts a word, the string reader saw the word's tail as the window's first word; the
// token reader (dates/dob-cues.ts) now reads that tail too instead of falling back to the string
// reader. These texts put birth words, other-date words and plain words at every distance from the
// date, so the edge cuts each of them at every character, and compare with the whole-text oracle
// (test/support/dates-oracle-dob.ts) through `detect`, as test/detect/dates-oracle.test.ts does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect, registerDetector } from '../../src/index.js';
import { oracleDobSpec } from '../support/dates-oracle-dob.js';

registerDetector({ ...oracleDobSpec, id: 'oracle-dob-window', type: 'ORACLE_DOB_WINDOW' });

type Row = [number, number, string, number];

function run(text: string, type: string): Row[] {
  return detect(text, { entities: [type] }).map((e) => [e.start, e.end, e.text, e.score]);
}

const PHRASES = [
  'date of birth', 'Date Of Birth', 'birth date', 'birthday', 'birthdate', 'DOB', 'dob', 'd o b', 'born', 'born on', 'janam tithi',
  'joining', 'date of joining', 'doj', 'expiry', 'order', 'rebirth', 'stubborn', 'newborn', 'births', 'b', 'of birth', 'Date',
];
const DATES = ['12/03/1985', '1985-03-12', '12 March 1985', 'March 12, 1985', '12-03-85'];

describe('DATE_OF_BIRTH cue window cut at every character', () => {
  it('matches the oracle with a birth or other-date word at every distance before the date', () => {
    let found = 0;
    const mismatches: string[] = [];
    for (const phrase of PHRASES) {
      for (let gap = 0; gap <= 72; gap++) {
        // the gap is plain words and spaces, no digits: the phrase ends `gap + 1` characters before the date
        const middle = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor'.slice(0, gap);
        for (const date of DATES) {
          const text = `Record: ${phrase} ${middle} ${date} end`;
          const got = run(text, 'DATE_OF_BIRTH');
          found += got.length;
          if (JSON.stringify(got) !== JSON.stringify(run(text, 'ORACLE_DOB_WINDOW'))) mismatches.push(text);
        }
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    // cued dates are found at short distances, so the comparison is not vacuous
    expect(found).toBeGreaterThan(100);
  });

  it('matches the oracle on generated lines', () => {
    const word = fc.constantFrom(...PHRASES, 'lorem', 'ipsum', 'x', 'patient', 'the', 'Asha', 'é', 'जन्म', 'तिथि', '12', 'a1b2');
    const sep = fc.constantFrom(' ', ' ', ', ', ': ', '-', '  ', '(', ') ', '_', '.');
    const line = fc
      .tuple(fc.array(fc.tuple(word, sep), { maxLength: 14 }), fc.constantFrom(...DATES), fc.constantFrom('', ' end', ' (DOB)', ' is my birthday', '\nnext'))
      .map(([ws, date, tail]) => `${ws.map(([w, s]) => w + s).join('')}${date}${tail}`);
    fc.assert(
      fc.property(line, (text) => {
        expect(run(text, 'DATE_OF_BIRTH')).toEqual(run(text, 'ORACLE_DOB_WINDOW'));
      }),
      { numRuns: 3000 },
    );
  });
});
