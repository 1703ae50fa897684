// The PERSON finder reuses state from call to call (token arrays and their views per token count,
// the blocked/covered arrays, propagate's key table, the lexicon-run buffer, compromise verdicts
// cached by key, the vocabulary's flat table). These tests pin what that reuse must never change:
// a text's names do not depend on what was found before it, the caches answer what the uncached
// lookups answer, and the CSV pass (which now reads cells in place) agrees with the frozen finder
// on the cell shapes it reads.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { F, nameLexicon } from '../../src/detect/detectors/person/lexicon.js';
import { findNamesDetailed } from '../../src/detect/detectors/person/names.js';
import { nameTokens } from '../../src/detect/detectors/person/tokens.js';
import { judgeToken, judgeWindowWord } from '../../src/detect/detectors/person/verdicts.js';
import { findNamesDetailed as oracleDetailed } from '../support/person-oracle.js';

const records = readFileSync(new URL('../../corpus/corpus.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => (JSON.parse(l) as { text: string }).text);

describe('PERSON state reused between calls', () => {
  it('finds the same names in a text whatever ran before it', () => {
    const sample = records.filter((_, i) => i % 25 === 0);
    const alone = sample.map((t) => JSON.stringify(findNamesDetailed(t)));
    // A long text first (the token arrays grow and the cached views are dropped), then the sample
    // in reverse order, interleaved with texts of other token counts and names.
    findNamesDetailed(records.slice(0, 400).join('\n\n'));
    for (let k = sample.length - 1; k >= 0; k--) {
      findNamesDetailed(records[(k * 7) % records.length]!);
      expect(JSON.stringify(findNamesDetailed(sample[k]!)), sample[k]).toBe(alone[k]);
    }
  });

  it('gives a text with the token count of an earlier text its own tokens', () => {
    // Same token count, different words: views are shared by count, the words must not be.
    const a = findNamesDetailed('Dear Priya Sharma, thanks');
    const b = findNamesDetailed('Dear Team Alpha, thanks');
    expect(a.spans.map((s) => s.rule)).toEqual(['greeting']);
    expect(b).toEqual(oracleDetailed('Dear Team Alpha, thanks'));
    expect(findNamesDetailed('Dear Priya Sharma, thanks')).toEqual(a);
  });

  it('propagates names of one text only to that text', () => {
    const first = 'Patient: KAIZAD WADIA\nKaizad Wadia was seen. Kaizad agreed.';
    const second = 'Kaizad agreed. Wadia left.';
    const want = oracleDetailed(second);
    findNamesDetailed(first);
    expect(findNamesDetailed(second)).toEqual(want);
  });
});

describe('cached compromise verdicts', () => {
  it('judge every corpus word as the uncached lookup does, in any case', () => {
    const lex = nameLexicon();
    let checked = 0;
    for (const text of records.slice(0, 600)) {
      for (const variant of [text, text.toUpperCase(), text.toLowerCase()]) {
        const t = nameTokens(variant, lex);
        const got: string[] = [];
        const want: string[] = [];
        for (let j = 0; j < t.n; j++) {
          if (t.shape[j]! > 5) continue; // words only
          got.push(judgeToken(t, j));
          want.push(judgeWindowWord(t.key(j)));
        }
        expect(got, variant).toEqual(want);
        checked += got.length;
      }
    }
    expect(checked).toBeGreaterThan(10000);
  });

  it('stay right when the cache is emptied (more keys than it holds)', () => {
    const lex = nameLexicon();
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-zé’']{1,9}$/), { minLength: 200, maxLength: 400 }), (words) => {
        const t = nameTokens(words.join(' '), lex);
        for (let j = 0; j < t.n; j++) if (t.shape[j]! <= 5) expect(judgeToken(t, j)).toBe(judgeWindowWord(t.key(j)));
      }),
      { numRuns: 60, seed: 11 },
    );
  });
});

describe('vocabulary lookups in the flat table', () => {
  it('find every vocabulary word written in lower, upper and title case', () => {
    const lex = nameLexicon();
    for (let id = 0; id < lex.words.length; id++) {
      const w = lex.words[id]!;
      if (/[^\p{L}\p{M}'’]/u.test(w) || w.length < 2) continue; // one token each
      for (const v of [w, w.toUpperCase(), w[0]!.toUpperCase() + w.slice(1)]) {
        const t = nameTokens(v, lex);
        if (t.n !== 1 || t.end[0] !== v.length) continue; // a possessive-looking word is cut
        expect(t.word[0], v).toBe(id);
        if (t.shape[0]! <= 5) {
          // A word's facts come from its table row: they are the ones the vocabulary holds for its id
          // (an opener adverb, here alone and so opening a sentence, is also a stop word: F.OPENER).
          expect(t.flags[0], v).toBe(lex.flags[id]! & F.OPENER ? lex.flags[id]! | F.STOP : lex.flags[id]);
          expect(t.sets[0], v).toBe(lex.sets[id]);
        }
      }
    }
  });

  it('tell apart words that differ in one unit, within the inline units of a row or past them', () => {
    const lex = nameLexicon();
    let tried = 0;
    for (const w of lex.words) {
      if (!/^[a-z]{2,}$/.test(w)) continue;
      for (const x of new Set([0, Math.min(5, w.length - 1), Math.min(6, w.length - 1), w.length - 1])) {
        const v = w.slice(0, x) + (w[x] === 'q' ? 'z' : 'q') + w.slice(x + 1);
        const t = nameTokens(v, lex);
        expect(t.word[0], v).toBe(lex.idOf(v));
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(1000);
  });

  it('know no word that is not in the vocabulary', () => {
    const lex = nameLexicon();
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{2,12}$/), (w) => {
        const t = nameTokens(w, lex);
        fc.pre(t.n === 1 && t.end[0] === w.length);
        expect(t.word[0]).toBe(lex.idOf(w));
      }),
      { numRuns: 3000, seed: 5 },
    );
  });
});

describe('CSV cells read in place', () => {
  const tables = [
    'emp_id,name,dob\nE1,Anu Rao,1990-01-02\nE2,  Ravi Kumar  ,1991\nE3,ravi kumar sharma rao iyer x,1992\n',
    'id,Full Name,city\r\n1,Priya Sharma,Pune\r\n2,Zorawar Sandhu ,Delhi\r\n3,,Agra\r\n4,K. Venkatesh,Chennai\r\n',
    'sl,customer_name,phone,amount\n1,Meera Iyer,98xxxxxx,10\n2,Meera Iyer,98,10,extra\n3,O\'Brien Kaur,1,2\n',
    'a,b,c\nx,y,z\nnaam,नाम,पता\n1,रमेश शर्मा,दिल्ली\n2,𝒜nu Rao,x\n',
    'file_name,owner name,size\nx.pdf,Anil Mehta,10\ny.pdf,\tSunita Devi\t,20\n',
    'name,name,name\nAnu,Ravi,Priya\nA B C D E F,Ravi,x\n',
    // Five words is the most a cell may hold: a csv span here, none for the six-word cell above.
    // Lines without a comma or with one (skipped in one step) before, between and after tables.
    'Notes follow\nno commas here\none, comma\n\nemp_id,name,dob\nE1,Anu Rao,1990\nplain line\nid,name,x\n2,Ravi Kumar,3\nlast, line\nend',
    'emp_id,name,dob\nE1,Venkata Ramana Murthy Rao Iyer,1990\n',
  ];
  it.each(tables)('agrees with the frozen finder on %j', (text) => {
    expect(findNamesDetailed(text)).toEqual(oracleDetailed(text));
  });

  it('reads a five-word cell as a name', () => {
    expect(findNamesDetailed(tables[tables.length - 1]!).spans.map((s) => s.rule)).toEqual(['csv']);
  });

  it('agrees with the frozen finder on generated tables', () => {
    const cell = fc.oneof(
      fc.constantFrom('name', 'Name', 'customer_name', 'naam', 'नाम', 'dob', 'city', 'id', 'Anu Rao', ' Ravi Kumar ', 'Priya', 'K. Iyer', '', '12', 'x y z w v u'),
      fc.string({ maxLength: 6 }),
    );
    const row = fc.array(cell, { minLength: 1, maxLength: 5 }).map((cs) => cs.join(','));
    const table = fc.tuple(fc.array(row, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n')).map(([rs, nl]) => rs.join(nl));
    fc.assert(
      fc.property(table, (text) => {
        expect(findNamesDetailed(text)).toEqual(oracleDetailed(text));
      }),
      { numRuns: 800, seed: 3 },
    );
  });
});
