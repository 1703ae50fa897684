// Phone numbers checked against libphonenumber-js "max" metadata (the "min" set only checks lengths).
// Indian numbers (+91, and the national forms the detector reduces to 10 digits) are classified from
// patterns/phone-in.json: libphonenumber-js's IN metadata compiled by patterns/tools/phone-in.ts into
// anchored regexes, built once here and applied exactly as libphonenumber-js applies them
// (extractNationalNumber, then getNumberType). Measured per call (CPU time, this machine):
// parsePhoneNumberFromString('+91…').getType() 11-18 µs, the table ≈ 0.1 µs; the answers agree on
// every number test/validators/phone-table.test.ts generates. '+' numbers of other countries and
// national numbers of a named country (checkNational) still go through libphonenumber-js, which loads
// on the first such number (src/node-require.ts): loading it cost ~110 ms of every process's and
// every worker thread's start, for numbers most texts never hold.
import type { CountryCode, parsePhoneNumberFromString as ParsePhone } from 'libphonenumber-js/max';
import table from '../../../patterns/phone-in.json';
import { Errors } from '../../errors.js';
import { nodeRequire } from '../../node-require.js';

let parsePhone: typeof ParsePhone | undefined;
const library = (): typeof ParsePhone =>
  (parsePhone ??= nodeRequire<{ parsePhoneNumberFromString: typeof ParsePhone }>('libphonenumber-js/max').parsePhoneNumberFromString);

export interface PhoneCheck {
  /** ISO 3166 country of the number, e.g. 'IN'. */
  country: string | undefined;
  /** libphonenumber type: 'MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE', ... (undefined when unknown). */
  kind: string | undefined;
}

/** Possible lengths (all ≤ 17, libphonenumber's longest national number) as a bit set: bit n = length n. */
const lengthMask = (ls: readonly number[]): number => ls.reduce((m, n) => m | (1 << n), 0);
const possible = (mask: number, len: number): boolean => len < 31 && ((mask >>> len) & 1) === 1;

interface Rule { kind: string; re: RegExp; lengths: number }

const GENERAL = new RegExp(table.general.pattern);
const GENERAL_LENGTHS = lengthMask(table.general.possibleLengths);
const MAX_LENGTH = Math.max(...table.general.possibleLengths);
const PREFIX = table.nationalPrefixForParsing;
const RULES: readonly Rule[] = table.types.map((t) => ({ kind: t.kind, re: new RegExp(t.pattern), lengths: lengthMask(t.possibleLengths) }));
const MOBILE = RULES.find((r) => r.kind === 'MOBILE');
if (RULES[0]?.kind !== 'FIXED_LINE' || table.country !== 'IN') throw Errors.internal('patterns/phone-in.json: not an IN table with FIXED_LINE first');
/** One frozen result per kind: classifying allocates nothing. */
const RESULTS: ReadonlyMap<string, PhoneCheck> = new Map(
  [...RULES.map((r) => r.kind), 'FIXED_LINE_OR_MOBILE'].map((kind) => [kind, Object.freeze({ country: table.country, kind })]),
);

const matches = (r: Rule, nsn: string): boolean => possible(r.lengths, nsn.length) && r.re.test(nsn);

/** libphonenumber's getNumberType on an IN national significant number. */
function kindOf(nsn: string): string | undefined {
  if (!GENERAL.test(nsn)) return undefined;
  for (const r of RULES) {
    if (!matches(r, nsn)) continue;
    if (r.kind !== 'FIXED_LINE') return r.kind;
    return table.fixedLineIsMobile || (MOBILE !== undefined && matches(MOBILE, nsn)) ? 'FIXED_LINE_OR_MOBILE' : 'FIXED_LINE';
  }
  return undefined;
}

/**
 * libphonenumber's extractNationalNumber for IN: the trunk prefix is dropped unless the number is
 * valid only with it, or what is left has a length no IN number has (too long still counts as possible).
 */
function significant(digits: string): string {
  if (!digits.startsWith(PREFIX)) return digits;
  const rest = digits.slice(PREFIX.length);
  if (GENERAL.test(digits) && !GENERAL.test(rest)) return digits;
  return rest.length > MAX_LENGTH || possible(GENERAL_LENGTHS, rest.length) ? rest : digits;
}

/** The IN result for the digits after +91, or undefined when they are no valid IN number. */
function indian(digits: string): PhoneCheck | undefined {
  const kind = kindOf(significant(digits));
  return kind === undefined ? undefined : RESULTS.get(kind);
}

// A '+91' number in the shapes the phone-intl pattern takes ("+91 98765 43210", "(+91) 80-2345-6789",
// "+91 (0) 98765 43210"): ASCII digits and the separators libphonenumber ignores, no extension, so
// libphonenumber reads the calling code 91 and every digit after it. Anything else goes to the library.
const INDIAN_INTL = /^(?:\+91|\(\+91\))[\x20.-]?(?:\([0-9]{1,4}\)[\x20.-]?)?[0-9]{1,12}(?:[\x20.-][0-9]{1,12}){0,5}$/;
const TEN_DIGITS = /^[0-9]{10}$/;

/** The ASCII digits of `raw` after its first `skip` digits (a loop: ≈ 40% cheaper than replace(/[^0-9]/g) + slice). */
function digitsAfter(raw: string, skip: number): string {
  let d = '';
  for (let i = 0, n = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57 && n++ >= skip) d += raw[i];
  }
  return d;
}

function parseWithLibrary(raw: string, country?: string): PhoneCheck | undefined {
  const parse = library();
  const n = country === undefined ? parse(raw) : parse(raw, country as CountryCode);
  if (!n || (country !== undefined && n.country !== country)) return undefined;
  // With the "max" metadata, isValid() is exactly getType() !== undefined (libphonenumber-js
  // isValidNumber: metadata with types → getNumberType(...) !== undefined), so one call does both.
  const kind = n.getType();
  if (kind === undefined) return undefined;
  return Object.freeze({ country: n.country, kind });
}

/**
 * The library's answers for the numbers last asked about (≈ 9 µs a parse; the same number recurs
 * in a conversation, a document, a batch), per country asked for ('' for none) and text. Bounded:
 * emptied when full. The library stays the authority: an entry is its answer for that exact text.
 */
const LIBRARY_MEMO = new Map<string, Map<string, PhoneCheck | null>>();
let memoSize = 0;
const LIBRARY_MEMO_SIZE = 1024;

function viaLibrary(raw: string, country?: string): PhoneCheck | undefined {
  let byText = LIBRARY_MEMO.get(country ?? '');
  const known = byText?.get(raw);
  if (known !== undefined) return known ?? undefined;
  const c = parseWithLibrary(raw, country);
  if (memoSize >= LIBRARY_MEMO_SIZE) {
    LIBRARY_MEMO.clear();
    memoSize = 0;
    byText = undefined;
  }
  if (byText === undefined) LIBRARY_MEMO.set(country ?? '', (byText = new Map()));
  byText.set(raw, c ?? null);
  memoSize++;
  return c;
}

/** Parse a number written in international '+' form; undefined when it is not a valid number. */
export function checkInternational(raw: string): PhoneCheck | undefined {
  if (INDIAN_INTL.test(raw)) return indian(digitsAfter(raw, table.callingCode.length));
  return viaLibrary(raw);
}

/** Parse a number written in the national format of `country` (ISO 3166-1 alpha-2); undefined when not valid there. */
export function checkNational(raw: string, country: string): PhoneCheck | undefined {
  return viaLibrary(raw, country);
}

/** Check an Indian national number (10 digits, no trunk 0, no +91); undefined when not valid. */
export function checkIndian(national: string): PhoneCheck | undefined {
  if (national.length !== 10) return undefined;
  if (TEN_DIGITS.test(national)) return indian(national);
  return viaLibrary(`+91${national}`);
}

/** True for types that can be a mobile. */
export function isMobileKind(kind: string | undefined): boolean {
  return kind === 'MOBILE' || kind === 'FIXED_LINE_OR_MOBILE';
}
