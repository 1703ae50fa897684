// Surrogates: realistic fake values of the same shape, derived from a seed (an HMAC of session, type
// and normalised value), so the same value in the same session always gets the same surrogate.
// Trade-off (src/vault/README.md, "Surrogates: the trade-off"): a surrogate reads naturally to a model, but
// it may collide with real text, and restoring is exact-match only — a model that reformats
// "Arjun Mehta" as "MEHTA, Arjun" gets no restore. Tokens are the safer default.
import { createHash } from 'node:crypto';
import cities from '../../patterns/cities.json';
import ambiguousData from '../../patterns/names/ambiguous.json';
import devaData from '../../patterns/names/devanagari.json';
import firstData from '../../patterns/names/first-names.json';
import surData from '../../patterns/names/surnames.json';
import { verhoeffDigit } from '../detect/validators/verhoeff.js';

// Synthetic name parts (common Indian given names and surnames; any combination is fictional).
const FIRST = [
  'Aarav', 'Aditi', 'Akash', 'Ananya', 'Arjun', 'Bhavna', 'Chetan', 'Deepa', 'Divya', 'Farhan', 'Gauri', 'Harsh',
  'Ishaan', 'Jaya', 'Kabir', 'Kavya', 'Lakshmi', 'Manoj', 'Meera', 'Nikhil', 'Nisha', 'Omkar', 'Pallavi', 'Pranav',
  'Rahul', 'Rekha', 'Rohan', 'Sanjana', 'Siddharth', 'Sneha', 'Tanvi', 'Tarun', 'Uma', 'Varun', 'Vidya', 'Yash',
  'Zoya', 'Anil', 'Bina', 'Dev', 'Esha', 'Girish', 'Hema', 'Imran', 'Jatin', 'Kiran', 'Leela', 'Mohan',
];
const LAST = [
  'Agarwal', 'Bhat', 'Chopra', 'Das', 'Desai', 'Gill', 'Iyer', 'Joshi', 'Kapoor', 'Khan', 'Kulkarni', 'Menon',
  'Mehta', 'Mishra', 'Nair', 'Pandey', 'Patel', 'Pillai', 'Rao', 'Reddy', 'Saxena', 'Sen', 'Shah', 'Sharma',
  'Sinha', 'Thakur', 'Trivedi', 'Varma', 'Yadav', 'Banerjee', 'Chatterjee', 'Ghosh', 'Hegde', 'Jain', 'Kaur', 'Naidu',
  'Pathak', 'Qureshi', 'Rathore', 'Shetty', 'Tiwari', 'Venkatesh', 'Wagh', 'Bose', 'Dutta', 'Goswami', 'Mukherjee', 'Roy',
];
/**
 * Names for PERSON surrogates (issue 14, item 12): the name lexicons the detector uses
 * (patterns/names), given name and surname from the same region or community so the pair reads
 * naturally, without the names that are also English words. About 260k plain names, times 26 with a
 * middle initial (later attempts): a session can hold millions of distinct surrogates before 32 random
 * candidates all clash, where the old 48 × 48 list ran out near 45k. Devanagari input gets a
 * Devanagari name (345 × 141, and a middle name on later attempts). Built once, at first use.
 */
interface NamePools {
  regions: Array<{ first: readonly string[]; last: readonly string[] }>;
  devaFirst: readonly string[];
  devaLast: readonly string[];
}
let pools: NamePools | undefined;
function namePools(): NamePools {
  if (pools) return pools;
  const ambiguous = new Set((ambiguousData as { names: string[] }).names.map((n) => n.toLowerCase()));
  const ok = (n: string): boolean => /^[A-Z][a-z]+$/.test(n) && !ambiguous.has(n.toLowerCase());
  const firsts = (firstData as { regions: Record<string, string[]> }).regions;
  const lasts = (surData as { regions: Record<string, string[]> }).regions;
  const regions = Object.keys(firsts)
    .filter((r) => r !== 'general' && lasts[r])
    .map((r) => ({ first: firsts[r]!.filter(ok), last: lasts[r]!.filter(ok) }))
    .filter((r) => r.first.length > 0 && r.last.length > 0);
  const deva = devaData as { first: string[]; surname: string[] };
  pools = { regions, devaFirst: deva.first, devaLast: deva.surname };
  return pools;
}

/** City names for CITY surrogates (patterns/cities.json): Latin names, and Devanagari spellings. */
let cityPools: { latin: readonly string[]; deva: readonly string[] } | undefined;
function cityNames(): { latin: readonly string[]; deva: readonly string[] } {
  cityPools ??= {
    latin: [...new Set((cities as { cities: Array<{ name: string }> }).cities.map((c) => c.name))],
    deva: [...new Set((cities as { cities: Array<{ devanagari?: string[] }> }).cities.flatMap((c) => c.devanagari?.slice(0, 1) ?? []))],
  };
  return cityPools;
}
const LOCALITY = ['Nagar', 'Colony', 'Puram', 'Gram'];
const LOCALITY_DEVA = ['नगर', 'पुरम', 'ग्राम'];

/** A Devanagari letter: a name or city spelled in Devanagari (a Devanagari digit glued to a Latin name is not one). */
const DEVANAGARI = /(?=\p{L})\p{Script=Devanagari}/u;

/** Upper-case or lower-case the surrogate like the original ("KAIZAD DASTUR" → "ARJUN MEHTA"). */
function likeCase(original: string, fake: string): string {
  const letters = original.replace(/[^A-Za-z]/g, '');
  if (letters.length >= 2 && letters === letters.toUpperCase()) return fake.toUpperCase();
  if (letters.length >= 2 && letters === letters.toLowerCase()) return fake.toLowerCase();
  return fake;
}

// RFC 2606 reserved domains: a surrogate address can never reach a real mailbox.
const MAIL_DOMAINS = ['example.com', 'example.net', 'example.org'];
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Deterministic byte stream from a seed (the seed is already an HMAC output: uniform). */
class Bytes {
  private i = 0;
  private block: Uint8Array;
  private round = 0;
  constructor(private readonly seed: Uint8Array) {
    this.block = seed;
  }
  next(): number {
    if (this.i >= this.block.length) {
      // Extend the stream: SHA-256(seed || round).
      this.round++;
      this.block = createHash('sha256').update(this.seed).update(String(this.round)).digest();
      this.i = 0;
    }
    return this.block[this.i++]!;
  }
  int(n: number): number {
    return ((this.next() << 8) | this.next()) % n;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

/**
 * Runs of interchangeable characters, as [first code, count]: ASCII digits, Devanagari digits, A-Z,
 * a-z, Devanagari consonants, and the full-width digits, A-Z and a-z people paste from CJK input
 * methods and PDFs. A character of a run is replaced by one of the same run. (A full-width letter
 * used to take any letter of its 128-code-point block: "Ａ" could become the half-width katakana
 * "ｰ", which a reply's restore then read as glued to the word before it; full-width digits were
 * kept as they were.)
 */
const RUNS: ReadonlyArray<readonly [number, number]> = [
  [48, 10], [0x0966, 10], [65, 26], [97, 26], [0x0915, 0x39 - 0x15 + 1], [0xff10, 10], [0xff21, 26], [0xff41, 26],
];

function runOf(ch: string): readonly [number, number] | undefined {
  if (ch.length !== 1) return undefined;
  const c = ch.charCodeAt(0);
  for (const run of RUNS) if (c >= run[0] && c < run[0] + run[1]) return run;
  return undefined;
}

/** Replace each digit/letter with a random one of the same class, keeping separators and case. */
function sameShape(value: string, r: Bytes): string {
  let out = '';
  for (const ch of value) {
    const run = runOf(ch);
    if (run) out += String.fromCharCode(run[0] + r.int(run[1]));
    else if (/\p{L}/u.test(ch)) out += otherLetter(ch, r);
    else out += ch;
  }
  // Every random choice can land on the original (1 in 37 per Devanagari consonant, 1 in 10 per
  // digit): a surrogate equal to its value would give the value away, so one character moves on.
  return out === value ? nudged(value) : out;
}

/** `value` with its first digit or letter replaced by the next one of its kind (never itself). */
function nudged(value: string): string {
  let i = 0;
  for (const ch of value) {
    const run = runOf(ch);
    const next = run ? String.fromCharCode(run[0] + ((ch.charCodeAt(0) - run[0] + 1) % run[1])) : /\p{L}/u.test(ch) ? nextLetter(ch) : ch;
    if (next !== ch) return value.slice(0, i) + next + value.slice(i + ch.length);
    i += ch.length;
  }
  return value;
}

/** The next letter after `ch` in its 128-code-point block, wrapping (itself when it is the only one). */
function nextLetter(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const block = cp - (cp % 128);
  for (let k = 1; k < 128; k++) {
    const c = String.fromCodePoint(block + ((cp - block + k) % 128));
    if (/\p{L}/u.test(c)) return c;
  }
  return ch;
}

/** A letter of another script: a random letter from the same 128-code-point block (else the next one). */
function otherLetter(ch: string, r: Bytes): string {
  const cp = ch.codePointAt(0)!;
  const block = cp - (cp % 128);
  for (let i = 0; i < 8; i++) {
    const c = String.fromCodePoint(block + r.int(128));
    if (/\p{L}/u.test(c) && c !== ch) return c;
  }
  return nextLetter(ch);
}

/**
 * Dates (issue 14, item 12): a real-looking date in the original's format, script and style. Month
 * names (English full or short, any case; Hindi in Devanagari) become another month written the same
 * way — a Devanagari month used to survive unchanged — ordinal suffixes follow the new day, and digits
 * keep their script and width. The date is valid (day 1-28, month 1-12, year 1940-2006).
 */
const MONTHS_EN = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTHS_HI = ['जनवरी', 'फ़रवरी', 'मार्च', 'अप्रैल', 'मई', 'जून', 'जुलाई', 'अगस्त', 'सितंबर', 'अक्टूबर', 'नवंबर', 'दिसंबर'];
const MONTH_HI_FORMS = new Set([...MONTHS_HI, 'फरवरी', 'अप्रेल', 'सितम्बर', 'अक्तूबर', 'नवम्बर', 'दिसम्बर']);

function monthWord(word: string): 'en-full' | 'en-short' | 'hi' | undefined {
  const w = word.toLowerCase();
  if (MONTH_HI_FORMS.has(word)) return 'hi';
  if (MONTHS_EN.includes(w)) return 'en-full';
  if (w.length >= 3 && MONTHS_EN.some((m) => m.startsWith(w)) && (w.length <= 4)) return 'en-short';
  return undefined;
}

function ordinal(day: number): string {
  if (day >= 11 && day <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th';
}

function writeDigits(n: number, width: number, deva: boolean): string {
  const s = String(n).padStart(width, '0').slice(-Math.max(width, String(n).length));
  return deva ? s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0966 + Number(d))) : s;
}

function fakeDate(value: string, r: Bytes): string {
  const parts = value.match(/[0-9\u0966-\u096f]+|[A-Za-z]+|[\u0900-\u0965\u0970-\u097f]+|[^0-9A-Za-z\u0900-\u097f]+/gu) ?? [];
  const day = 1 + r.int(28);
  const month = 1 + r.int(12);
  const year = 1940 + r.int(67);
  const hasMonthWord = parts.some((p) => monthWord(p) !== undefined);
  const numeric = parts.filter((p) => /^[0-9\u0966-\u096f]+$/.test(p));
  // Which number is which: with a month word, the first short number is the day and the rest the year;
  // numbers only: Y-M-D when the first has four digits, else D-M-Y (Indian order); one run: DDMMYYYY.
  let roles: Array<'d' | 'm' | 'y'>;
  if (hasMonthWord) roles = numeric.map((p, i) => (p.length <= 2 && i === numeric.findIndex((q) => q.length <= 2) ? 'd' : 'y'));
  else if (numeric.length === 3) roles = numeric[0]!.length === 4 ? ['y', 'm', 'd'] : ['d', 'm', 'y'];
  else if (numeric.length === 2) roles = numeric[0]!.length === 4 ? ['y', 'm'] : ['m', 'y'];
  else return sameShape(value, r);
  let k = 0;
  let lastDay = false;
  let out = '';
  for (const p of parts) {
    if (/^[0-9\u0966-\u096f]+$/.test(p)) {
      const deva = /[\u0966-\u096f]/.test(p);
      const role = roles[k++]!;
      const n = role === 'd' ? day : role === 'm' ? month : p.length === 2 ? year % 100 : year;
      out += writeDigits(n, p.length === 1 ? 1 : p.length, deva);
      lastDay = role === 'd';
      continue;
    }
    const kind = monthWord(p);
    if (kind === 'hi') out += MONTHS_HI[month - 1];
    else if (kind) {
      const m = MONTHS_EN[month - 1]!;
      const w = kind === 'en-short' ? m.slice(0, p.length === 4 && m !== 'september' ? 3 : p.length) : m;
      out += likeCase(p, w[0]!.toUpperCase() + w.slice(1));
    } else if (lastDay && /^(st|nd|rd|th)$/i.test(p)) out += likeCase(p, ordinal(day));
    else out += p;
    lastDay = false;
  }
  return out;
}

/** Overwrite the digits of `shape` (ASCII or Devanagari) with `digits`, keeping its separators. */
function fillDigits(shape: string, digits: string): string {
  let k = 0;
  let out = '';
  for (const ch of shape) {
    if (ch >= '0' && ch <= '9') out += digits[k++] ?? '0';
    else if (ch >= '\u0966' && ch <= '\u096f') out += String.fromCharCode(0x0966 + Number(digits[k++] ?? '0'));
    else out += ch;
  }
  return out;
}

function countDigits(s: string): number {
  let n = 0;
  for (const ch of s) if ((ch >= '0' && ch <= '9') || (ch >= '\u0966' && ch <= '\u096f')) n++;
  return n;
}

function randomDigits(r: Bytes, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(r.int(10));
  return s;
}

/**
 * A surrogate for `value` (an entity of `type`) from `seed`. `attempt` > 0 asks for an alternative
 * when the first one is already taken in the session (the caller retries with a new seed as well).
 */
export function makeSurrogate(type: string, value: string, seed: Uint8Array, attempt = 0): string {
  return surrogateFrom(type, value, new Bytes(seed), attempt);
}

/**
 * `count` candidate surrogates for `value`, all drawn from one byte stream seeded with `seed` (one
 * hash per 32 bytes, not one per candidate: large surrogate sessions allocate quickly).
 */
export function surrogateCandidates(type: string, value: string, seed: Uint8Array, count: number): string[] {
  const r = new Bytes(seed);
  const out: string[] = [];
  for (let a = 0; a < count; a++) out.push(surrogateFrom(type, value, r, a));
  return out;
}

function surrogateFrom(type: string, value: string, r: Bytes, attempt: number): string {
  switch (type) {
    case 'PERSON': {
      const p = namePools();
      if (DEVANAGARI.test(value)) {
        const first = r.pick(p.devaFirst);
        const last = r.pick(p.devaLast);
        return attempt < 16 ? `${first} ${last}` : `${first} ${r.pick(p.devaFirst)} ${last}`;
      }
      const region = r.pick(p.regions);
      const first = r.pick(region.first);
      const last = r.pick(region.last);
      // After 16 clashes, widen the space with a middle initial.
      return likeCase(value, attempt < 16 ? `${first} ${last}` : `${first} ${UPPER[r.int(26)]}. ${last}`);
    }
    case 'CITY': {
      const c = cityNames();
      if (DEVANAGARI.test(value)) {
        const city = r.pick(c.deva);
        return attempt < 16 ? city : `${city} ${r.pick(LOCALITY_DEVA)}`;
      }
      const city = r.pick(c.latin);
      return likeCase(value, attempt < 16 ? city : `${city} ${r.pick(LOCALITY)}`);
    }
    case 'DATE_OF_BIRTH':
      return fakeDate(value, r);
    case 'AADHAAR': {
      const n = countDigits(value);
      const len = n === 16 ? 16 : 12;
      const body = String(2 + r.int(8)) + randomDigits(r, len - 2);
      const digits = body + verhoeffDigit(body);
      return countDigits(value) === len ? fillDigits(value, digits) : digits;
    }
    case 'PAN': {
      // AAAPA9999A: 3 letters, holder type P (person), surname initial, 4 digits, check letter.
      let s = '';
      for (let i = 0; i < 3; i++) s += UPPER[r.int(26)];
      s += 'P' + UPPER[r.int(26)] + randomDigits(r, 4) + UPPER[r.int(26)];
      return s;
    }
    case 'PHONE': {
      // Indian mobile: 10 digits starting 6-9; the original's prefix and grouping are kept.
      const n = countDigits(value);
      const mobile = String(6 + r.int(4)) + randomDigits(r, 9);
      if (n < 10) return fillDigits(value, mobile);
      let prefixDigits = '';
      let k = 0;
      for (const ch of value) {
        if ((ch >= '0' && ch <= '9') || (ch >= '\u0966' && ch <= '\u096f')) {
          if (k < n - 10) prefixDigits += ch >= '0' && ch <= '9' ? ch : String(ch.charCodeAt(0) - 0x0966);
          k++;
        }
      }
      return fillDigits(value, prefixDigits + mobile);
    }
    case 'EMAIL': {
      const first = r.pick(FIRST).toLowerCase();
      const last = r.pick(LAST).toLowerCase();
      return `${first}.${last}${r.int(100)}@${r.pick(MAIL_DOMAINS)}`;
    }
    default:
      return sameShape(value, r);
  }
}
