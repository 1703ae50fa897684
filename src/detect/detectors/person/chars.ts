// Character classes and token shapes for the PERSON tokeniser: which class a UTF-16 unit or code point
// belongs to (as the `u` regexes \p{L}\p{M}, \p{N}, \s read it) and the shape of a token, both cached per unit.

/** Token shapes. Words are LOWER..OTHER (`shape <= OTHER`). */
export const LOWER = 0;
export const CAP = 1;
export const UPPER = 2;
export const INIT = 3;
export const DEVA = 4;
export const OTHER = 5;
export const PUNCT = 6;
export const NUM = 7;

// Character classes: letter or mark, number, white space, anything else.
export const C_L = 1;
export const C_N = 2;
export const C_S = 3;
export const C_P = 4;
const LM = /[\p{L}\p{M}]/u;
const NUMBER = /\p{N}/u;
const SPACE = /\s/u;

const classOf = (ch: string): number => (LM.test(ch) ? C_L : NUMBER.test(ch) ? C_N : SPACE.test(ch) ? C_S : C_P);
/** Class of every UTF-16 unit that is not a surrogate, filled on first sight. */
const unitClass = new Uint8Array(65536);
const astralClass = new Map<number, number>();

export function unitClassOf(c: number): number {
  let k = unitClass[c]!;
  if (k === 0) unitClass[c] = k = classOf(String.fromCharCode(c));
  return k;
}

/** Class of the code point at i, and its width in units (as the `u` regex reads it). */
export function classAt(text: string, i: number, n: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= n) return c >= 0xdc00 && c <= 0xdfff ? C_P : unitClassOf(c);
  const d = text.charCodeAt(i + 1);
  if (d < 0xdc00 || d > 0xdfff) return C_P; // a lone high surrogate
  const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  let k = astralClass.get(cp);
  if (k === undefined) astralClass.set(cp, (k = classOf(String.fromCodePoint(cp))));
  return k;
}

export const widthAt = (text: string, i: number, n: number): number => {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= n) return 1;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
};

/** Shape of a single UTF-16 unit token or of a token outside the fast path (the general rule). */
export function shapeOf(text: string, s: number, e: number): number {
  const c = text.charCodeAt(s);
  if (c >= 0x0900 && c <= 0x097f) return DEVA;
  if ((c >= 48 && c <= 57) || (c >= 0x0966 && c <= 0x096f)) return NUM;
  const ch = text[s]!;
  const up = ch !== ch.toLowerCase();
  const low = ch !== ch.toUpperCase();
  if (!up && !low) {
    // Not a cased letter: punctuation, a digit of another script, or an uncased script.
    const k = c >= 0xd800 && c <= 0xdfff ? C_P : unitClassOf(c);
    return k === C_L ? OTHER : k === C_N ? NUM : PUNCT;
  }
  if (low) return LOWER;
  if (e - s === 1) return INIT;
  const rest = text.slice(s + 1, e);
  return rest === rest.toUpperCase() ? UPPER : CAP;
}

/** Shape of one-unit tokens by unit (punctuation, digits): cached, +1 so 0 means unknown. */
const unitShape = new Uint8Array(65536);

/** Classes of the ASCII units. */
export const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_CLASS[c] = classOf(String.fromCharCode(c));

/** Class of a unit that is not a surrogate (filled on first sight). */
export function bmpClass(c: number): number {
  const k = unitClass[c]!;
  return k !== 0 ? k : unitClassOf(c);
}

export const isSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdfff;

export function punctShape(text: string, s: number): number {
  const c = text.charCodeAt(s);
  let k = unitShape[c]!;
  if (k === 0) unitShape[c] = k = shapeOf(text, s, s + 1) + 1;
  return k - 1;
}
