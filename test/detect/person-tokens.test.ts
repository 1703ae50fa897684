// PERSON's tokeniser (nameTokens, a hand-written one-pass scanner over UTF-16 units) against a
// straightforward reference: the regex its header documents, the possessive cut on the lower-cased
// key, the vocabulary looked up by string, the shape by the general rule. Every array, token for
// token, on corpus records and on generated text rich in the units the scanner special-cases
// (apostrophes, possessive 's, Devanagari, surrogates, white space runs, ASCII punctuation).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shapeOf } from '../../src/detect/detectors/person/chars.js';
import { F, nameLexicon } from '../../src/detect/detectors/person/lexicon.js';
import { CAP, LOWER, NUM, nameTokens, OTHER, PUNCT } from '../../src/detect/detectors/person/tokens.js';

const lex = nameLexicon();
const TOKEN = /([\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*)|(\p{N}+)|([^\s\p{L}\p{M}\p{N}])/gu;
const SLOW_UNIT = /[^\u0000-\u007f\u0900-\u097f\u2019]/;

function hashKey(k: string): number {
  let h = 0x811c9dc5 | 0;
  for (let x = 0; x < k.length; x++) h = Math.imul(h ^ k.charCodeAt(x), 0x01000193);
  return h;
}

function reference(text: string): Record<string, unknown> {
  const cols: Record<string, number[]> = { start: [], end: [], shape: [], flags: [], sets: [], word: [], hash: [], code: [], gap: [], nl: [], slow: [], cues: [], caps: [], lead: [] };
  const keys: Array<string | undefined> = [];
  let prevEnd = 0;
  let anyFlags = 0;
  let anySets = 0;
  for (const m of text.matchAll(TOKEN)) {
    const s = m.index;
    const raw = m[0];
    let e = s + raw.length;
    let k = raw.toLowerCase();
    if (m[3] === undefined && k.length > 3 && (k.endsWith("'s") || k.endsWith('’s'))) {
      e -= 2;
      k = k.slice(0, -2);
    }
    // A punctuation token of two units (an astral symbol) is not marked slow but keeps its key (as before).
    const punct = m[3] !== undefined;
    const slow = punct && raw.length > 1 ? 0 : SLOW_UNIT.test(raw) ? 1 : 0;
    const shape = shapeOf(text, s, e);
    const id = lex.idOf(k);
    let f = id < 0 || shape === PUNCT || shape === NUM ? 0 : lex.flags[id]!;
    const st = id < 0 ? 0 : lex.sets[id]!;
    const j = cols.start!.length;
    const nl = /[\n\r]/.test(text.slice(prevEnd, s));
    // An opener adverb that opens a sentence is a stop word there (F.OPENER).
    const prevKey = j > 0 ? text.slice(cols.start![j - 1]!, cols.end![j - 1]!) : '';
    if (f & F.OPENER && (j === 0 || nl || (cols.shape![j - 1] === PUNCT && '.!?:;"“('.includes(prevKey)))) f |= F.STOP;
    const u = text.charCodeAt(s);
    const row: Record<string, number> = {
      start: s, end: e, shape, flags: f, sets: st, word: id, hash: hashKey(k), code: u, gap: s - prevEnd,
      nl: nl ? 1 : 0, slow,
    };
    for (const [name, v] of Object.entries(row)) cols[name]!.push(v);
    if (st !== 0 || f & F.HON || (shape === PUNCT && (u === 44 || u === 45 || u === 0x2013 || u === 0x2014))) cols.cues!.push(j);
    if (shape === CAP) cols.caps!.push(j);
    // Words (LOWER..OTHER) not in lower case, and lower-case first names or surnames.
    if (shape <= OTHER && (shape !== LOWER || f & (F.FIRST | F.SUR))) cols.lead!.push(j);
    // A key string is kept for words and numbers outside the fast path and for multi-unit punctuation.
    keys.push(punct ? (raw.length > 1 ? k : undefined) : slow ? k : undefined);
    anyFlags |= f;
    anySets |= st;
    prevEnd = s + raw.length;
  }
  return { n: cols.start!.length, ...cols, keys, anyFlags, anySets };
}

function actual(text: string): Record<string, unknown> {
  const t = nameTokens(text, lex);
  const arr = (a: ArrayLike<number>, n = t.n): number[] => Array.from(a).slice(0, n);
  const out = {
    n: t.n, start: arr(t.start), end: arr(t.end), shape: arr(t.shape), flags: arr(t.flags), sets: arr(t.sets), word: arr(t.word),
    hash: arr(t.hash), code: Array.from({ length: t.n }, (_, j) => t.codeAt(j)), gap: arr(t.gap), nl: arr(t.nl), slow: arr(t.slow), cues: arr(t.cues, t.nCues), caps: arr(t.caps, t.nCaps), lead: arr(t.lead, t.nLead),
    keys: Array.from({ length: t.n }, (_, j) => t.slowKey(j)), anyFlags: t.anyFlags, anySets: t.anySets,
  };
  expect(arr(t.blocked).every((x) => x === 0)).toBe(true);
  t.release();
  return out;
}

const records = readFileSync(new URL('../../corpus/corpus.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => (JSON.parse(l) as { text: string }).text);

const PIECES = [
  'a', 'S', 's', 'Z', 'x', 'Priya', 'PRIYA', 'kumar', 'Sharma', 'to', 'for', 'Mr', 'Dr.', 'iyer', 'O', "'", '’', "'s", '’s', "'S", '’S',
  ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2003', ',', '-', '–', '—', '.', ':', '/', '(', '"', '0', '42', '१२', '٣', '²',
  'राजेश', 'कुमार', 'ि', 'é', 'É', 'İ', 'ß', 'ǅ', 'Ω', '中', '😀', '\ud835\udc00', '\ud800', '\udc00', 'ﬁ', 'Ⅻ', '\u0301',
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((p) => p.join(''));

describe('nameTokens vs a regex reference', () => {
  it('agrees on every corpus record, alone and joined', () => {
    for (const r of records) expect(actual(r), r).toEqual(reference(r));
    const joined = records.slice(0, 300).join('\n\n');
    expect(actual(joined)).toEqual(reference(joined));
  });

  it('agrees on generated text around apostrophes, possessives, scripts and surrogates', () => {
    fc.assert(fc.property(text, (t) => {
      expect(actual(t)).toEqual(reference(t));
    }), { numRuns: 3000 });
  });
});
