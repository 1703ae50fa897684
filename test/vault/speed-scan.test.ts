// scanTokens reads group offsets from group lengths and skips bodies without '_' (src/token.ts). This
// checks it against the scanner as it was: offsets from the `d` flag's indices, every match classified.
import { describe, expect, it } from 'vitest';
import { canonicalToken, isPlainToken, scanTokens, tokenScanner, type TokenMatch } from '../../src/token.js';

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

describe('isPlainToken', () => {
  /** The check it replaces (src/transform/rewrite.ts before): canonical, bracketed, a capital first. */
  const reference = (t: string): boolean => {
    if (t.length < 5 || t.length > 66 || t.charCodeAt(0) !== 60 || t.charCodeAt(t.length - 1) !== 62) return false;
    const c = t.charCodeAt(1);
    return c >= 65 && c <= 90 && canonicalToken(t.slice(1, -1), true) === t;
  };
  it('agrees with canonicalToken on token-like strings', () => {
    const parts = ['<', '>', 'PERSON', 'P', 'A1', '_', '__', '1', '0', '12', '123456789', '1234567890', 'abcdefghijklmnop', 'ABCDEFGHIJKLMNOP', 'abcdefghijklmno1', 'abcdefghijklm234',
      'person', 'X', '\\', '9', 'BANK_ACCOUNT', 'é', ' ', '2', 'z', 'A'.repeat(31), 'A'.repeat(33)];
    let s = 3;
    const next = (): number => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    let plain = 0;
    for (let i = 0; i < 40000; i++) {
      const pick = (): string => parts[Math.floor(next() * parts.length)]!;
      let t: string;
      if (next() < 0.5) {
        // Token-shaped: <TYPE_SUFFIX> from the parts, sometimes with one part more somewhere.
        const types = ['PERSON', 'BANK_ACCOUNT', 'A1', 'P', 'X_Y', 'person', 'A'.repeat(32), 'A'.repeat(33), '_A', 'A_'];
        const sufs = ['1', '0', '12', '123456789', '1234567890', 'abcdefghijklmnop', 'abcdefghijklm234', 'ABCDEFGHIJKLMNOP', 'abcdefghijklmno1', 'abcdefghijklmno'];
        const bits = ['<', types[Math.floor(next() * types.length)]!, '_', sufs[Math.floor(next() * sufs.length)]!, '>'];
        if (next() < 0.4) bits.splice(Math.floor(next() * 6), 0, pick());
        t = bits.join('');
      } else {
        t = next() < 0.8 ? '<' : '';
        for (let k = 1 + Math.floor(next() * 5); k > 0; k--) t += pick();
        if (next() < 0.8) t += '>';
      }
      const want = reference(t);
      expect(isPlainToken(t), t).toBe(want);
      if (want) plain++;
    }
    expect(plain).toBeGreaterThan(3000);
    for (const t of ['<PERSON_1>', '<BANK_ACCOUNT_12>', '<PERSON_abcdefghijklmnop>', '<AB_999999999>']) expect(isPlainToken(t)).toBe(true);
    for (const t of ['<PERSON_0>', '<person_1>', '<PERSON__1>', '<_PERSON_1>', '<P_1>', '<PERSON_1234567890>', '<PERSON_ABCDEFGHIJKLMNOP>', '<PERSON\\_1>', `<${'A'.repeat(33)}_1>`]) {
      expect(isPlainToken(t), t).toBe(false);
    }
  });
});
