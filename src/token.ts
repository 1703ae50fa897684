// Token grammar and the tolerant restore scanner.
//
// A token is `<TYPE_SUFFIX>`: TYPE is the entity type in SCREAMING_SNAKE (at most 32 characters), SUFFIX
// is either a per-session counter (1-9 digits, no leading zero) or 16 lower-case base32 characters of
// an HMAC (deterministic mode). Models copy such tokens well and they rarely occur in natural text.
//
// Restoring accepts what models do to tokens, in ONE scan with one bounded pattern:
//   <PERSON_1>  <person_1>  [PERSON_1]  {PERSON_1}  PERSON_1  &lt;PERSON_1&gt;  \<PERSON_1\>
//   PERSON\_1 (markdown escaping)  <PERSON_1>'s  <PERSON_1>.  [PERSON_1>
// Rules: brackets of any kind pair with each other; an angle bracket (<, &lt;, &#60;) is consumed even
// unpaired; a square/curly bracket only when paired; an escaped bracket (\<) keeps its backslash unless
// the other side is escaped too; a bare token (no brackets) must keep its upper-case type, so
// identifiers like `user_1` in code are never touched. The same function decides what `anonymise`
// escapes, which is what makes `deanonymise(anonymise(t).text) === t` hold for any t.

/** Longest TYPE part of a token. Longer custom type names are truncated (the vault maps token → type). */
export const TOKEN_TYPE_MAX = 32;
/** base32 characters of HMAC in deterministic tokens: 80 bits. */
export const HMAC_SUFFIX_LEN = 16;
/** Longest body the scanner reads (type + "_" + suffix, plus markdown backslashes). */
export const BODY_MAX = 64;
/** Longest text one token match can span: open (≤ 6) + body + close (≤ 6). */
export const TOKEN_MAX_SPAN = 6 + BODY_MAX + 6;

/**
 * Characters that can occur inside a token match. Any other character ends every possible match, so
 * a streaming restorer may emit everything up to it (see stream.ts).
 */
export function isTokenChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ||
    c === 95 || c === 92 || c === 60 || c === 62 || c === 91 || c === 93 || c === 123 || c === 125 || c === 38 || c === 59 || c === 35
  );
}

/**
 * The scanner. Groups: 1 = open bracket, 2 = body, 3 = close bracket. No nested quantifiers; the one
 * repetition is bounded (≤ 62); boundaries are look-arounds of one or two characters. Checked with
 * recheck in test/vault/tokens.test.ts.
 */
export const TOKEN_SCAN_SOURCE =
  '(&lt;|&#60;|&#x3c;|\\\\[<\\[{]|[<\\[{])?' +
  '(?<![A-Za-z0-9_\\\\])([A-Za-z][A-Za-z0-9_\\\\]{0,62}[A-Za-z0-9])(?![A-Za-z0-9_]|\\\\[A-Za-z0-9_])' +
  '(&gt;|&#62;|&#x3e;|\\\\[>\\]}]|[>\\]}])?';

/** A fresh scanner (global, sticky-free, with match indices). */
export function tokenScanner(): RegExp {
  return new RegExp(TOKEN_SCAN_SOURCE, 'gid');
}

export type TokenKind = 'counter' | 'hmac';

/** Turn an entity type into the TYPE part of a token: SCREAMING_SNAKE, starting with a letter, ≤ 32. */
export function tokenPrefix(type: string): string {
  let p = type.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^[^A-Z]+/, '').replace(/_+$/, '');
  if (p.length < 2) p = `X${p || 'X'}`;
  return p.slice(0, TOKEN_TYPE_MAX).replace(/_+$/, '');
}

export function counterToken(prefix: string, n: number): string {
  return `<${prefix}_${n}>`;
}

export function hmacToken(prefix: string, suffix: string): string {
  return `<${prefix}_${suffix}>`;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isBase32(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (!((c >= 97 && c <= 122) || (c >= 50 && c <= 55))) return false;
  }
  return true;
}

/**
 * The canonical token for a scanned body, or undefined when it is not token-shaped.
 * `bracketed`: brackets were consumed, so any case is accepted; bare bodies keep an upper-case type.
 */
export function canonicalToken(rawBody: string, bracketed: boolean): string | undefined {
  const body = rawBody.includes('\\') ? rawBody.replace(/\\/g, '') : rawBody;
  const cut = body.lastIndexOf('_');
  if (cut < 2 || cut > TOKEN_TYPE_MAX) return undefined;
  const type = body.slice(0, cut);
  const suffix = body.slice(cut + 1);
  let prevUnderscore = false;
  for (let i = 0; i < type.length; i++) {
    const c = type.charCodeAt(i);
    if (c === 95) {
      if (prevUnderscore || i === 0) return undefined;
      prevUnderscore = true;
    } else if (isAlnum(c)) prevUnderscore = false;
    else return undefined;
  }
  if (prevUnderscore) return undefined;
  const upper = type.toUpperCase();
  if (!bracketed && type !== upper) return undefined;
  let canonicalSuffix: string;
  if (/^[1-9][0-9]{0,8}$/.test(suffix)) canonicalSuffix = suffix;
  else if (suffix.length === HMAC_SUFFIX_LEN && isBase32(suffix)) canonicalSuffix = suffix.toLowerCase();
  else return undefined;
  return `<${upper}_${canonicalSuffix}>`;
}

/** A token-shaped span found by the scanner. */
export interface TokenMatch {
  /** Span to replace (UTF-16, end exclusive). */
  start: number;
  end: number;
  /** Canonical token, e.g. `<PERSON_1>`. */
  token: string;
  /** The text as it appeared. */
  raw: string;
}

const ANGLE_OPEN = new Set(['<', '&lt;', '&#60;', '&#x3c;']);
const ANGLE_CLOSE = new Set(['>', '&gt;', '&#62;', '&#x3e;']);

function classify(b: string | undefined): 'none' | 'angle' | 'other' | 'escaped' {
  if (b === undefined) return 'none';
  if (b.length === 2 && b[0] === '\\') return 'escaped';
  return ANGLE_OPEN.has(b.toLowerCase()) || ANGLE_CLOSE.has(b.toLowerCase()) ? 'angle' : 'other';
}

/**
 * The scanner `scanTokens` uses by default: global, without match indices. The groups are contiguous
 * (only zero-width look-arounds lie between them), so their offsets follow from their lengths; the
 * `d` flag made every match (one per word of the text) build index arrays.
 */
const SCAN = new RegExp(TOKEN_SCAN_SOURCE, 'gi');

/**
 * Every token-shaped span in `text` from `from` (scanning starts there; the character before `from`
 * is still seen by the boundary look-behind). One pass, linear time. `re`: a global regex of
 * TOKEN_SCAN_SOURCE (with or without the `d` flag).
 */
export function scanTokens(text: string, from = 0, re: RegExp = SCAN): TokenMatch[] {
  const out: TokenMatch[] = [];
  if (from === 0 && re === SCAN) {
    scanRuns(text, out);
    return out;
  }
  scanFrom(text, from, re, 0, out);
  return out;
}

/**
 * The default scan, run by run. Every character of a match is a token character (`isTokenChar`), so
 * every match lies inside one maximal run of them, and only a match whose body holds '_' is kept; the
 * look-arounds at a run's edges see a non-token character or the text's end, both of which they treat
 * alike. So scanning only the runs that hold an underscore, each on its own, finds exactly what one
 * scan of the whole text finds. The whole-text scan tried a match at every word of the text and built a
 * match array for each (≈ 11 KB of garbage and ≈ 50 µs per 1 KB prompt that has an underscore
 * anywhere, twice per `anonymise`: input escapes and output check); test/vault/speed-scan.test.ts
 * checks this against that scan on adversarial text.
 */
function scanRuns(text: string, out: TokenMatch[], skip?: (start: number, end: number) => boolean): void {
  const n = text.length;
  let u = text.indexOf('_');
  while (u >= 0) {
    let s = u;
    while (s > 0 && isTokenChar(text.charCodeAt(s - 1))) s--;
    let e = u + 1;
    while (e < n && isTokenChar(text.charCodeAt(e))) e++;
    // A run of one '_' with no letter or digit holds no body.
    if (e - s > 2 && (skip === undefined || !skip(s, e))) scanFrom(s === 0 && e === n ? text : text.slice(s, e), 0, SCAN, s, out);
    u = e < n ? text.indexOf('_', e) : -1;
  }
}

/**
 * `scanTokens(text)` without the runs of token characters that `skip(start, end)` leaves out; runs are
 * offered in text order, each once. A caller that knows what a run holds (anonymise's output check:
 * a run that is exactly a token it inserted) saves the match there.
 */
export function scanTokensExcept(text: string, skip: (start: number, end: number) => boolean): TokenMatch[] {
  const out: TokenMatch[] = [];
  scanRuns(text, out, skip);
  return out;
}

/**
 * Whether `t` is a token exactly as the scanner gives it back: `<TYPE_SUFFIX>`, a capital letter
 * first, canonical. The same answer as `canonicalToken(t.slice(1, -1), true) === t` (tested against
 * it), without building strings: TYPE is 2-32 characters of A-Z, 0-9 and single inner underscores;
 * SUFFIX is a counter (1-9 digits, no leading zero) or 16 lower-case base32 characters.
 */
export function isPlainToken(t: string): boolean {
  const n = t.length;
  if (n < 5 || n > 66 || t.charCodeAt(0) !== 60 || t.charCodeAt(n - 1) !== 62) return false;
  const c1 = t.charCodeAt(1);
  if (c1 < 65 || c1 > 90) return false;
  const cut = t.lastIndexOf('_', n - 2);
  if (cut - 1 < 2 || cut - 1 > TOKEN_TYPE_MAX) return false;
  let prevUnderscore = false;
  for (let i = 1; i < cut; i++) {
    const c = t.charCodeAt(i);
    if (c === 95) {
      if (prevUnderscore) return false;
      prevUnderscore = true;
    } else if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57)) prevUnderscore = false;
    else return false;
  }
  if (prevUnderscore) return false;
  const from = cut + 1;
  const len = n - 1 - from;
  const f = t.charCodeAt(from);
  if (len >= 1 && len <= 9 && f >= 49 && f <= 57) {
    for (let i = from + 1; i < n - 1; i++) {
      const c = t.charCodeAt(i);
      if (c < 48 || c > 57) return false;
    }
    return true;
  }
  if (len !== HMAC_SUFFIX_LEN) return false;
  for (let i = from; i < n - 1; i++) {
    const c = t.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 50 && c <= 55))) return false;
  }
  return true;
}

/** The scanner loop on `text` from `from`; offsets shifted by `shift` (where `text` starts in the caller's text). */
function scanFrom(text: string, from: number, re: RegExp, shift: number, out: TokenMatch[]): void {
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const rawBody = m[2]!;
    // A body without an underscore is never a token (canonicalToken): most matches are plain words.
    if (rawBody.indexOf('_') < 0) continue;
    let open = m[1];
    let close = m[3];
    const bodyStart = m.index + (open === undefined ? 0 : open.length);
    const bodyEnd = bodyStart + rawBody.length;
    let start = open !== undefined ? m.index : bodyStart;
    let end = close !== undefined ? m.index + m[0].length : bodyEnd;
    const o = classify(open);
    const c = classify(close);
    // Escaped brackets count only when both sides are escaped (markdown escaping of a token).
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
    // Square and curly brackets belong to the token only in pairs (markdown links stay intact).
    if (oc === 'other' && cc === 'none') {
      open = undefined;
      start = bodyStart;
    }
    if (cc === 'other' && classify(open) === 'none') {
      close = undefined;
      end = bodyEnd;
    }
    const token = canonicalToken(rawBody, open !== undefined || close !== undefined);
    if (token !== undefined) out.push({ start: start + shift, end: end + shift, token, raw: text.slice(start, end) });
  }
}
