// ICD-10 codes for the HEALTH finder: the code shape (WHO ICD-10: a letter, two digits, optionally
// "." and up to four more) and the list of codes that follows a diagnosis word.
import { Raw, type RawCandidate } from '../define.js';
import { isWordCode } from '../../text/trie.js';

const ICD_FILLER = new Set(['icd', 'icd10', 'icd9', '10', 'cm', 'code', 'codes', 'is', 'no', 'dx', 'diagnosis', 'and', 'or', 'of']);
const ICD_SEPARATORS = new Set([' ', '\t', ':', '-', '–', '=', '(', ')', '#', ',', ';', '/', '&', '|', '\n', '\r', '\u00a0']);

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** ICD-10 shape: A-Z, 0-9, 0-9 or A-Z, optionally "." and 1-4 of 0-9 / A-Z (upper case only). */
export function isIcd10Shape(s: string): boolean {
  const n = s.length;
  if (n !== 3 && (n < 5 || n > 8)) return false;
  const up = (c: number): boolean => c >= 65 && c <= 90;
  const dig = (c: number): boolean => c >= 48 && c <= 57;
  if (!up(s.charCodeAt(0)) || !dig(s.charCodeAt(1))) return false;
  const c2 = s.charCodeAt(2);
  if (!dig(c2) && !up(c2)) return false;
  if (n === 3) return true;
  if (s.charCodeAt(3) !== 46) return false;
  for (let i = 4; i < n; i++) {
    const c = s.charCodeAt(i);
    if (!dig(c) && !up(c)) return false;
  }
  return true;
}

/** ICD-10 codes in the list that follows a diagnosis word ("Dx: ICD-10 E11.9, I10"). */
export function icdCodesAfter(text: string, from: number, out: RawCandidate[], score: number): number {
  const limit = Math.min(text.length, from + 80);
  let i = from;
  let tokens = 0;
  while (i < limit && tokens < 10) {
    const ch = text[i]!;
    if (ICD_SEPARATORS.has(ch) || ch === '.') {
      i++;
      continue;
    }
    if (!isAsciiAlnum(text.charCodeAt(i))) break;
    let j = i;
    while (j < text.length && isAsciiAlnum(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) === 46 && j + 1 < text.length && isAsciiAlnum(text.charCodeAt(j + 1))) {
      j++;
      while (j < text.length && isAsciiAlnum(text.charCodeAt(j))) j++;
    }
    if (j < text.length && isWordCode(text.charCodeAt(j))) break;
    const token = text.slice(i, j);
    tokens++;
    if (isIcd10Shape(token)) out.push(new Raw(i, j, score, 'icd10'));
    else if (!ICD_FILLER.has(token.toLowerCase())) break;
    i = j;
  }
  return i;
}
