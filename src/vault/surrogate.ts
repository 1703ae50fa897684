// Surrogates: realistic fake values of the same shape, derived from a seed (an HMAC of session, type
// and normalised value), so the same value in the same session always gets the same surrogate.
// Trade-off (src/vault/README.md, "Surrogates: the trade-off"): a surrogate reads naturally to a model, but
// it may collide with real text, and restoring is exact-match only — a model that reformats
// "Arjun Mehta" as "MEHTA, Arjun" gets no restore. Tokens are the safer default.
import { createHash } from 'node:crypto';
import { verhoeffDigit } from '../validators/verhoeff.js';

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
// RFC 2606 reserved domains: a surrogate address can never reach a real mailbox.
const MAIL_DOMAINS = ['example.com', 'example.net', 'example.org'];
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

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

/** Replace each digit/letter with a random one of the same class, keeping separators and case. */
function sameShape(value: string, r: Bytes): string {
  let out = '';
  for (const ch of value) {
    if (ch >= '0' && ch <= '9') out += String(r.int(10));
    else if (ch >= '\u0966' && ch <= '\u096f') out += String.fromCharCode(0x0966 + r.int(10));
    else if (ch >= 'A' && ch <= 'Z') out += UPPER[r.int(26)];
    else if (ch >= 'a' && ch <= 'z') out += LOWER[r.int(26)];
    else out += ch;
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
  const r = new Bytes(seed);
  switch (type) {
    case 'PERSON': {
      const first = r.pick(FIRST);
      const last = r.pick(LAST);
      // After a few clashes, widen the space with a middle initial (48 × 26 × 48 names).
      return attempt < 8 ? `${first} ${last}` : `${first} ${UPPER[r.int(26)]}. ${last}`;
    }
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
