// scanTokens reads group offsets from group lengths and skips bodies without '_' (src/token.ts). This
// checks it against the scanner as it was: offsets from the `d` flag's indices, every match classified.
import { describe, expect, it } from 'vitest';
import { canonicalToken, scanTokens, tokenScanner, type TokenMatch } from '../../src/token.js';

const ANGLE = new Set(['<', '&lt;', '&#60;', '&#x3c;', '>', '&gt;', '&#62;', '&#x3e;']);
function classify(b: string | undefined): 'none' | 'angle' | 'other' | 'escaped' {
  if (b === undefined) return 'none';
  if (b.length === 2 && b[0] === '\\') return 'escaped';
  return ANGLE.has(b.toLowerCase()) ? 'angle' : 'other';
}

/** The scanner before the change, verbatim apart from the names. */
function reference(text: string, from = 0): TokenMatch[] {
  const re = tokenScanner();
  const out: TokenMatch[] = [];
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const idx = m.indices!;
    const [bodyStart, bodyEnd] = idx[2]!;
    let open = m[1];
    let close = m[3];
    let start = open !== undefined ? idx[0]![0] : bodyStart;
    let end = close !== undefined ? idx[0]![1] : bodyEnd;
    const o = classify(open);
    const c = classify(close);
    if (o === 'escaped' && c !== 'escaped') {
      start += 1;
      open = open!.slice(1);
    }
    if (c === 'escaped' && o !== 'escaped') {
      close = undefined;
      end = bodyEnd;
    }
    const oc = classify(open);
    const cc = classify(close);
    if (oc === 'other' && cc === 'none') {
      open = undefined;
      start = bodyStart;
    }
    if (cc === 'other' && classify(open) === 'none') {
      close = undefined;
      end = bodyEnd;
    }
    const token = canonicalToken(m[2]!, open !== undefined || close !== undefined);
    if (token !== undefined) out.push({ start, end, token, raw: text.slice(start, end) });
  }
  return out;
}

const PIECES = ['PERSON', '_', '1', '12', 'abcdefghijklmnop', 'person', 'Ab', '\\', '\\_', '<', '>', '&lt;', '&GT;', '&#60;', '&#x3E;',
  '[', ']', '{', '}', ' ', ';', '#', '&', 'é', '\n', 'user_1', 'BANK_ACCOUNT', '0'];

describe('scanTokens without match indices', () => {
  it('finds what the indexed scanner found, on adversarial text', () => {
    let s = 7;
    const next = (): number => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    let tokens = 0;
    for (let i = 0; i < 6000; i++) {
      let text = '';
      for (let k = 1 + Math.floor(next() * 24); k > 0; k--) text += PIECES[Math.floor(next() * PIECES.length)];
      const from = next() < 0.2 ? Math.floor(next() * text.length) : 0;
      expect(scanTokens(text, from)).toEqual(reference(text, from));
      expect(scanTokens(text, from, tokenScanner())).toEqual(reference(text, from));
      tokens += reference(text, from).length;
    }
    expect(tokens).toBeGreaterThan(300);
  });

  it('scans only the runs of token characters that hold an underscore, and finds the same on long texts', () => {
    // scanTokens(text) with the default scanner goes run by run (src/token.ts scanRuns); long texts
    // have many runs, some with tokens, some with plain words, some with stray underscores.
    let s = 11;
    const next = (): number => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    let tokens = 0;
    for (let i = 0; i < 400; i++) {
      let text = '';
      for (let k = 50 + Math.floor(next() * 300); k > 0; k--) text += PIECES[Math.floor(next() * PIECES.length)];
      const got = scanTokens(text);
      expect(got).toEqual(reference(text));
      tokens += got.length;
    }
    expect(tokens).toBeGreaterThan(400);
    expect(scanTokens('no underscore here <PERSON 1>')).toEqual([]);
    expect(scanTokens('<PERSON_1>')).toEqual(reference('<PERSON_1>'));
    expect(scanTokens('x, <PERSON_12>; [bank_account_3] _ __ a_ _b')).toEqual(reference('x, <PERSON_12>; [bank_account_3] _ __ a_ _b'));
  });
});
