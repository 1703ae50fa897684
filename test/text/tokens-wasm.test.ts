// Pass B's WebAssembly loop (src/text/wasm.ts `tok`) against the JS tokeniser it stands in for: the
// same tokens, hashes, flags and text-wide answers on any text, with stretches of ASCII between units
// outside it (where the module hands a gap or a token back), and past the tokens one call writes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenise, tokensAround, tokensIfPlain, type Tokens } from '../../src/text/tokens.js';
import { flagUnits, holds, residueBytes, setWasm, TOK_MAX } from '../../src/text/wasm.js';

function withJs<T>(f: () => T): T {
  const was = setWasm(false);
  try {
    return f();
  } finally {
    setWasm(was);
  }
}

/** A copy of tokens whose arrays the next call reuses. */
function kept(t: Tokens): Tokens {
  return { ...t, start: t.start.slice(0, t.count), end: t.end.slice(0, t.count), hash: t.hash.slice(0, t.count), flags: t.flags.slice(0, t.count) } as Tokens;
}

function expectSame(got: Tokens, want: Tokens): void {
  expect(got.count).toBe(want.count);
  expect(Array.from(got.start.subarray(0, got.count))).toEqual(Array.from(want.start.subarray(0, want.count)));
  expect(Array.from(got.end.subarray(0, got.count))).toEqual(Array.from(want.end.subarray(0, want.count)));
  expect(Array.from(got.hash.subarray(0, got.count))).toEqual(Array.from(want.hash.subarray(0, want.count)));
  expect(Array.from(got.flags.subarray(0, got.count))).toEqual(Array.from(want.flags.subarray(0, want.count)));
  expect([got.foldable, got.anchorAtEnd, got.astral]).toEqual([want.foldable, want.anchorAtEnd, want.astral]);
}

/** Units of every kind the loops tell apart: ASCII letters of both cases, digits, separators, line
 *  ends, sentence ends, anchors; outside ASCII letters (Latin, Devanagari, a nukta sign), apostrophes,
 *  NBSP, a zero-width space, an astral letter and an emoji, a lone surrogate. */
const UNITS = ['a', 'Z', 'q', '7', '0', '_', ' ', '  ', '-', '\n', '\r\n', '\t', '.', '!', '?', ',', '@', ':', '(', "'",
  'é', 'É', 'राम', '\u093c', 'क़', '’', '\u00a0', '\u200b', '𝐀', '😀', '\ud800', '।', 'Ａ', '१२'];
const word = fc.array(fc.constantFrom(...UNITS), { minLength: 1, maxLength: 8 }).map((u) => u.join(''));

describe('tokens from the WebAssembly loop (wasm.ts)', () => {
  it('are the JS loop\'s on random text with units outside ASCII anywhere', () => {
    fc.assert(fc.property(fc.array(word, { minLength: 40, maxLength: 200 }), fc.string({ maxLength: 300 }), (ws, pad) => {
      const t = ws.join('') + pad;
      const want = withJs(() => tokenise(t));
      expectSame(tokenise(t), want);
    }), { numRuns: 300 });
  });

  it('are the JS loop\'s on short texts, either side of the length the module starts at', () => {
    // Texts of 64 units and more go to the module (tokens.ts WASM_MIN): a record, a chat message.
    fc.assert(fc.property(fc.array(word, { minLength: 1, maxLength: 40 }), (ws) => {
      const t = ws.join('');
      const got = kept(tokenise(t));
      // Read by the module when long enough (it holds the text once it met an ASCII unit), by the JS
      // loop below it.
      if (t.length < 64) expect(holds(t)).toBe(false);
      else if (/[\x00-\x7f]/.test(t)) expect(holds(t)).toBe(true);
      expectSame(got, withJs(() => tokenise(t)));
    }), { numRuns: 500 });
  });

  it('are the JS loop\'s on mostly ASCII text, the case the loop is for', () => {
    const ascii = fc.array(fc.constantFrom('Ravi', 'KUMAR', 'pan', 'ABCPK1234F', '98765', ' ', ' ', '. ', ', ', '\n', ':', '@', '-', 'x_y'), { minLength: 60, maxLength: 400 });
    fc.assert(fc.property(ascii, fc.constantFrom('', 'é', '\u00a0', '😀', 'राम'), fc.nat(400), (ws, other, at) => {
      const t = ws.join('');
      const u = t.slice(0, at) + other + t.slice(at);
      expectSame(tokenise(u), withJs(() => tokenise(u)));
    }), { numRuns: 300 });
  });

  it('are the JS loop\'s past the tokens one call writes', () => {
    const t = 'ab, Cd 12 e@f:g\n'.repeat(Math.ceil((TOK_MAX * 3) / 6)) + 'tail é';
    const got = tokenise(t);
    expect(got.count).toBeGreaterThan(TOK_MAX * 2);
    expectSame(got, withJs(() => tokenise(t)));
  });

  it('give up as the JS loop does when a text holds a unit the fold changes', () => {
    const plain = 'Ravi Kumar, PAN ABCPK1234F. '.repeat(20);
    expect(tokensIfPlain(plain)).toBeDefined();
    expect(tokensIfPlain(plain + 'x\u00a0y')).toBeUndefined();
    expect(withJs(() => tokensIfPlain(plain + 'x\u00a0y'))).toBeUndefined();
    expectSame(tokensIfPlain(plain)!, withJs(() => tokenise(plain)));
  });

  it('read a new text, not the one copied before it', () => {
    const a = 'alpha beta gamma '.repeat(30);
    const b = 'delta epsilon zeta '.repeat(30);
    expectSame(tokenise(a), withJs(() => tokenise(a)));
    expectSame(tokenise(b), withJs(() => tokenise(b)));
    expectSame(tokenise(a.slice(0, 300)), withJs(() => tokenise(a.slice(0, 300))));
  });

  it('of a range of a text already in its memory (context windows) are the JS loop\'s', () => {
    fc.assert(fc.property(fc.array(word, { minLength: 5, maxLength: 120 }), fc.nat(), fc.nat(), (ws, x, y) => {
      const t = ws.join('');
      const from = x % (t.length + 1);
      const to = from + (y % (t.length - from + 1));
      flagUnits(t); // pass A copies the text in
      expect(holds(t)).toBe(true);
      const got = kept(tokensAround(t, from, to));
      expect(holds(t)).toBe(true);
      expectSame(got, withJs(() => kept(tokensAround(t, from, to))));
    }), { numRuns: 300 });
  });

  it('keep only the last text in memory, and take an equal copy of it for the text itself', () => {
    const long = 'Ravi Kumar 98765 43210 ravi@example.in\n'.repeat(400);
    const short = 'Asha 12 '.repeat(40);
    tokenise(long);
    expect(holds(long)).toBe(true);
    tokenise(short);
    expect(residueBytes()).toBe(0); // nothing of the longer text is left past the shorter one
    const copy = short.split('').join('');
    expect(holds(copy)).toBe(true);
    expectSame(kept(tokensAround(copy, 10, 60)), withJs(() => kept(tokensAround(copy, 10, 60))));
    setWasm(false);
    try {
      expect(holds(copy)).toBe(false);
    } finally {
      setWasm(true);
    }
  });
});
