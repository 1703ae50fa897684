// Issue 11, pass B: one shared tokenisation into typed arrays. The boundaries and folded forms must
// agree with `words()` (the regex tokeniser every context check used), on the corpus and on generated
// text, and the hashes must agree with `hashWord` so lexicons compile to hash sets.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { foldText, needsFold } from '../../src/text/fold.js';
import {
  T_ALPHA,
  T_ANCHOR_BEFORE,
  T_ASCII,
  T_ASTRAL,
  T_CAP,
  T_DEVA,
  T_DIGIT,
  T_FIRST,
  T_LOWER,
  T_NL_BEFORE,
  T_SENT_BEFORE,
  T_SEP_BEFORE,
  T_UPPER,
  hashPhrase,
  hashWord,
  mixHash,
  tokenise,
  tokensIfDone,
  tokensIfPlain,
  tokensOf,
  wordHashes,
} from '../../src/text/tokens.js';
import { words } from '../../src/text/words.js';

const WORD_RUN = /[\p{L}\p{M}\p{N}]+/gu;

/** words() with offsets: the oracle for boundaries (texts here keep their length when lower-cased). */
function oracle(text: string): Array<{ start: number; end: number; word: string }> {
  return [...text.matchAll(WORD_RUN)].map((m) => ({ start: m.index, end: m.index + m[0].length, word: m[0].toLowerCase() }));
}

/** Where tokenise and words() disagree on a text (empty when they agree). */
function disagreements(text: string): string[] {
  const t = tokenise(text);
  const want = oracle(text);
  const ws = words(text);
  const out: string[] = [];
  if (t.count !== want.length || ws.length !== want.length) return [`count ${t.count} vs ${want.length}/${ws.length}`];
  for (let i = 0; i < t.count; i++) {
    if (t.start[i] !== want[i]!.start || t.end[i] !== want[i]!.end) out.push(`boundary ${i}`);
    if (t.word(i) !== ws[i]) out.push(`word ${i}`);
    if (t.hash[i] !== hashWord(ws[i]!)) out.push(`hash ${i}`);
    if (!t.is(i, ws[i]!)) out.push(`is ${i}`);
  }
  return out;
}

function agree(text: string): void {
  expect(disagreements(text), JSON.stringify(text)).toEqual([]);
}

function corpusTexts(): string[] {
  const out: string[] = [];
  for (const file of ['corpus/corpus.jsonl', 'corpus/independent.jsonl', 'corpus/tricky.jsonl']) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim()) out.push((JSON.parse(line) as { text: string }).text);
    }
  }
  return out;
}

// Latin (with diacritics), Devanagari letters, matras, nukta (precomposed and combining), digits of
// both scripts, punctuation, separators, and what fold.ts leaves of NBSP/ZWSP (a space, or nothing).
const ALPHABET = [
  ...'abcxyzABCXYZéÉüñßæ019',
  ...'कखगजडढफयमरनसतहअआइ',
  ...'\u093e\u093f\u0940\u0941\u0947\u094b\u094d\u0902\u0901\u093c',
  ...'\u0958\u0959\u095a\u095b\u095c\u095d\u095e\u095f',
  ...'०१२९',
  ...' ', ' ', '\n', '\t', '-', '.', ',', "'", '\u2019', '/', '+', ':', '।', '(', ')', '@',
  '\u00a0', '\u200b', '😀', '𝐀',
];
const genText = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 60 }).map((a) => a.join(''));

/** Every token's flags as the contract in tokens.ts states them, from regexes over the token and its gap. */
function referenceFlags(text: string): number[] {
  const out: number[] = [];
  let prevEnd = 0;
  for (const m of text.matchAll(WORD_RUN)) {
    const w = m[0];
    const gap = text.slice(prevEnd, m.index);
    let f = /\p{N}/u.test(w) ? T_DIGIT : T_ALPHA;
    if (/^[\p{Lu}\p{Lt}]/u.test(w)) f |= T_CAP;
    if (/[\p{Lu}\p{Lt}]/u.test(w) && !/\p{Ll}/u.test(w)) f |= T_UPPER;
    if (/\p{Ll}/u.test(w)) f |= T_LOWER;
    if (/[\u0900-\u097f\ua8e0-\ua8ff]/.test(w)) f |= T_DEVA;
    if (/[\n\r\v\f\u0085\u2028\u2029]/.test(gap)) f |= T_NL_BEFORE;
    if (/[.!?\u0964\u0965]/.test(gap)) f |= T_SENT_BEFORE;
    if (/^[ \t\r\n\u00a0\u2010\u2011-]+$/.test(gap)) f |= T_SEP_BEFORE;
    if (out.length === 0) f |= T_FIRST;
    if (/^[\u0000-\u007f]*$/.test(w)) f |= T_ASCII;
    if (/[\u{10000}-\u{10ffff}]/u.test(w)) f |= T_ASTRAL;
    if (/[@:]/.test(gap)) f |= T_ANCHOR_BEFORE;
    out.push(f);
    prevEnd = m.index + w.length;
  }
  return out;
}

describe('tokenise', () => {
  it('agrees with words() on every corpus text (raw and folded)', () => {
    for (const text of corpusTexts()) {
      agree(text);
      const folded = foldText(text);
      if (folded) agree(folded.text);
    }
  });

  it('agrees with words() on generated Latin/Devanagari/digit text', () => {
    fc.assert(
      fc.property(genText, (text) => {
        agree(text);
        const folded = foldText(text);
        if (folded) agree(folded.text);
      }),
      { numRuns: 2000 },
    );
  });

  it('folds case, diacritics, curly apostrophes, nukta and candrabindu alike', () => {
    expect(hashWord('Mahé')).toBe(hashWord('MAHE'));
    expect(hashWord('Москва')).toBe(hashWord('москва'));
    expect(hashWord('खाँसी')).toBe(hashWord('खांसी'));
    expect(hashWord('\u095b')).toBe(hashWord('\u091c')); // precomposed ज़ = ज
    expect(hashWord('\u091c\u093c')).toBe(hashWord('\u091c')); // combining nukta skipped
    expect(hashWord('bell\u2019s')).toBe(hashWord("bell's"));
    expect(hashWord('mahe')).not.toBe(hashWord('maha'));
    const t = tokenise('MAHÉ ज़ुकाम');
    expect(t.is(0, 'mahe')).toBe(true);
    expect(t.is(0, 'mah')).toBe(false);
    expect(t.is(1, 'जुकाम')).toBe(true);
    // ASCII tokens: a word of the same length compared unit by unit, unless it holds other units.
    const u = tokenise('Mobile PHONE no2');
    expect([u.is(0, 'mobile'), u.is(0, 'mobilf'), u.is(0, 'nobile'), u.is(0, 'möbile'), u.is(0, 'mobil'), u.is(0, 'mobiles')]).toEqual([true, false, false, true, false, false]);
    expect([u.is(1, 'phone'), u.is(1, 'PHONE'), u.is(1, 'phonf'), u.is(2, 'no2'), u.is(2, 'no3'), u.is(2, 'nó2')]).toEqual([true, true, false, true, false, true]);
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9]{1,8}$/), fc.stringMatching(/^[a-z0-9]{1,8}$/), (a, b) => {
        expect(tokenise(a).is(0, b)).toBe(a.toLowerCase() === b);
        expect(tokenise(a).is(0, a.toLowerCase())).toBe(true);
      }),
      { numRuns: 2000 },
    );
    // Words of the token's length made from it unit by unit: the same unit, the other case, the unit
    // with bit 5 flipped (the pairs a case-insensitive compare by `| 32` confuses: '0' and '\x10',
    // '[' and '{'), any ASCII unit, or one outside ASCII (é, ſ, K: the general loop's fold).
    const edit = fc.constantFrom('same', 'case', 'bit5', 'ascii', 'other');
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9]{1,8}$/), fc.array(fc.tuple(edit, fc.integer({ min: 0, max: 127 }), fc.constantFrom('é', 'ſ', '\u212a', 'ö')), { minLength: 8, maxLength: 8 }), (a, edits) => {
        const b = [...a].map((ch, k) => {
          const [how, code, other] = edits[k]!;
          const c = ch.charCodeAt(0);
          return how === 'same' ? ch : how === 'case' ? (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase())
            : how === 'bit5' ? String.fromCharCode(c ^ 32) : how === 'ascii' ? String.fromCharCode(code) : other;
        }).join('');
        expect(tokenise(a).is(0, b), `${a} ${JSON.stringify(b)}`).toBe(hashWord(a) === hashWord(b) && a.toLowerCase() === b.normalize('NFD').replace(/\p{M}/gu, '').replace('ſ', 's').replace('\u212a', 'k').toLowerCase());
      }),
      { numRuns: 3000, seed: 5 },
    );
  });

  it('sets every flag as the contract states, on the corpus and on generated text', () => {
    const check = (text: string): void => {
      expect(Array.from(tokenise(text).flags), JSON.stringify(text)).toEqual(referenceFlags(text));
    };
    for (const text of corpusTexts()) check(text);
    fc.assert(fc.property(genText, check), { numRuns: 3000 });
    check('\u2029A\u000bb!\u0085C\u2028D.\u00a0\u2010\u2011E');
  });

  it('says whether the text holds a unit the fold changes and whether its last gap holds @ or :', () => {
    // What pass A reads off the tokens instead of scanning (src/text/anchors.ts).
    const check = (text: string): void => {
      const t = tokenise(text);
      const last = [...text.matchAll(WORD_RUN)].at(-1);
      const tail = last ? text.slice(last.index + last[0].length) : text;
      expect(t.foldable, JSON.stringify(text)).toBe(needsFold(text));
      expect(t.anchorAtEnd, JSON.stringify(text)).toBe(/[@:]/.test(tail));
      // tokensIfPlain: the memo's tokens for a plain text, nothing (and no memo) for one to fold.
      tokensOf('\u0001');
      const plain = tokensIfPlain(text);
      if (needsFold(text)) {
        expect(plain, JSON.stringify(text)).toBeUndefined();
        expect(tokensIfDone(text)).toBeUndefined();
        expect(tokensIfPlain(text)).toBeUndefined();
      } else {
        expect(plain).toBe(tokensOf(text));
        expect(Array.from(plain!.start.subarray(0, plain!.count))).toEqual(Array.from(t.start));
        expect(Array.from(plain!.flags.subarray(0, plain!.count))).toEqual(Array.from(t.flags));
        expect(tokensIfPlain(text)).toBe(plain);
      }
    };
    for (const text of corpusTexts()) check(text);
    const more = [...ALPHABET, '\uff11', '\uff21', '\uff20', '\uff1a', '\u00ad', '\u2003', '\u034f', '\ufeff', '\u2011', '\u3000'];
    fc.assert(fc.property(fc.array(fc.constantFrom(...more), { maxLength: 40 }).map((a) => a.join('')), check), { numRuns: 3000 });
    for (const text of ['', 'a@', 'a @ :', 'x:', '@', 'a\u00a0b', 'a\u034fb', '१२\uff13', 'ab\ud83d']) check(text);
  });

  it('sets the flags', () => {
    const t = tokenise('Ravi  PAN ab12 मरीज़.\nX1 ok! x-y 3,5');
    const f = (i: number): number => t.flags[i]!;
    expect(t.count).toBe(10);
    expect(f(0)).toBe(T_FIRST | T_ALPHA | T_CAP | T_LOWER | T_ASCII);
    expect(f(1)).toBe(T_SEP_BEFORE | T_ALPHA | T_CAP | T_UPPER | T_ASCII);
    expect(f(2)).toBe(T_SEP_BEFORE | T_DIGIT | T_LOWER | T_ASCII);
    expect(f(3)).toBe(T_SEP_BEFORE | T_ALPHA | T_DEVA);
    expect(f(4)).toBe(T_NL_BEFORE | T_SENT_BEFORE | T_DIGIT | T_CAP | T_UPPER | T_ASCII);
    expect(f(5)).toBe(T_SEP_BEFORE | T_ALPHA | T_LOWER | T_ASCII);
    expect(f(6)).toBe(T_SENT_BEFORE | T_ALPHA | T_LOWER | T_ASCII); // "! " is not separators only
    expect(f(7) & T_SEP_BEFORE).toBeTruthy(); // "-" is a separator
    expect(f(8)).toBe(T_SEP_BEFORE | T_DIGIT | T_ASCII);
    expect(f(9) & T_SEP_BEFORE).toBe(0); // ","
    expect(tokenise('\nx').flags[0]! & (T_NL_BEFORE | T_FIRST)).toBe(T_NL_BEFORE | T_FIRST);
    const astral = tokenise('a 𝐀b 😀 c');
    expect(astral.count).toBe(3); // the emoji is no word character; the mathematical capital is a letter
    expect(astral.flags[1]! & T_ASTRAL).toBe(T_ASTRAL);
    expect(astral.flags[0]! & T_ASTRAL).toBe(0);
    expect(astral.astral).toBe(true);
    expect(tokenise('a b').astral).toBe(false);
  });

  it('finds token indexes by offset', () => {
    const text = 'ab  cd, ef';
    const t = tokenise(text);
    for (let pos = 0; pos <= text.length + 1; pos++) {
      let at = 0;
      while (at < t.count && t.end[at]! <= pos) at++;
      let from = 0;
      while (from < t.count && t.start[from]! < pos) from++;
      expect(t.indexAt(pos)).toBe(at);
      expect(t.indexFrom(pos)).toBe(from);
    }
    expect(tokenise('').count).toBe(0);
    expect(tokenise('').indexAt(0)).toBe(0);
  });

  it('hashes phrases over tokens, ignoring the gaps', () => {
    const t = tokenise('Known case of TYPE-2 Diabetes.');
    expect(wordHashes('type 2 diabetes')).toEqual(Array.from(t.hash.subarray(3, 6)));
    expect(t.phraseHash(3, 3)).toBe(hashPhrase('type 2  diabetes'));
    expect(t.phraseHash(3, 1)).toBe(hashWord('type'));
    expect(hashPhrase('type 2')).toBe(mixHash(hashWord('type'), hashWord('2')));
    expect(hashPhrase('2 type')).not.toBe(hashPhrase('type 2'));
    expect(hashPhrase('...')).toBe(0);
  });

  it('memoises the last text only', () => {
    const a = tokensOf('one text');
    expect(tokensOf('one text')).toBe(a);
    const b = tokensOf('another');
    expect(b).not.toBe(a);
    expect(tokensOf('one text')).not.toBe(a);
    expect(tokensOf('one text').count).toBe(2);
  });

  it('reads a unit outside the prefilled table right on first sight, wherever it first comes', async () => {
    // Units outside ASCII, Latin-1/Extended-A and Devanagari get their table entry when first met:
    // inside a word, at a word's start, in a gap, and one after another. A fresh module per text
    // makes each one's first sight the place the text puts it.
    const cases = ['aβc d', 'βeta x', 'a\u2003b', 'x\u2003', 'ab\u0430\u0431 \u0416', '\u0435\u2003\u0436', 'q\u30a2\u3002r', 'k\u00e9\u0101\u0446'];
    for (const text of cases) {
      vi.resetModules();
      const fresh = await import('../../src/text/tokens.js');
      const t = fresh.tokenise(text);
      const want = oracle(text);
      expect(Array.from(t.start), text).toEqual(want.map((w) => w.start));
      expect(Array.from(t.end), text).toEqual(want.map((w) => w.end));
      expect(Array.from(t.hash), text).toEqual(want.map((w) => fresh.hashWord(w.word)));
      expect(Array.from(t.hash), text).toEqual(want.map((w) => hashWord(w.word)));
    }
  });

  it('grows past its first guess of the token count', () => {
    const text = 'a '.repeat(5000);
    const t = tokenise(text);
    expect(t.count).toBe(5000);
    expect(t.start[4999]).toBe(9998);
  });
});
