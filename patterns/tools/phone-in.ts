// Compiles libphonenumber-js's Indian ('IN', +91) numbering plan from its 'max' metadata into
// patterns/phone-in.json, so src/detect/validators/phone.ts classifies an Indian number with a few
// precompiled anchored regexes (≈ 0.1 µs) instead of parsePhoneNumberFromString(...).getType()
// (≈ 12-18 µs). The JSON records the libphonenumber-js version it came from; `--check` exits 1 when
// the committed file differs from what the installed libphonenumber-js gives, so an upgrade of the
// library is noticed (run this tool again and commit the result).
//
//   npx tsx patterns/tools/phone-in.ts            write patterns/phone-in.json
//   npx tsx patterns/tools/phone-in.ts --check    exit 1 (with a message) when it is stale
//   --out <file>                                  another target (tests)
//
// What is compiled, and where it lives in libphonenumber-js (metadata format 4, source/metadata.js):
// the country entry is an array: [2] the general national-number pattern, [3] its possible lengths,
// [5] the national prefix, [7] the national prefix for parsing (0 = same as [5]), [8] its transform
// rule, [11] the per-type [pattern, possibleLengths?] list in the order FIXED_LINE, MOBILE,
// TOLL_FREE, PREMIUM_RATE, PERSONAL_NUMBER, VOICEMAIL, UAN, PAGER, VOIP, SHARED_COST (0 = none).
// Types are written in the order getNumberType() tries them (source/helpers/getNumberType.js):
// FIXED_LINE first, then NON_FIXED_LINE_PHONE_TYPES. A type without its own lengths takes the
// general ones (Type.possibleLengths()); a type with no or an empty pattern never matches
// (isNumberTypeEqualTo), so it is left out.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Errors } from '../../src/errors.js';

const COUNTRY = 'IN';
const FORMAT = 4;
/** Index of each type in the metadata's type list (source/metadata.js getType). */
const TYPE_INDEX = {
  FIXED_LINE: 0,
  MOBILE: 1,
  TOLL_FREE: 2,
  PREMIUM_RATE: 3,
  PERSONAL_NUMBER: 4,
  VOICEMAIL: 5,
  UAN: 6,
  PAGER: 7,
  VOIP: 8,
  SHARED_COST: 9,
} as const;
type Kind = keyof typeof TYPE_INDEX;
/** getNumberType's order: FIXED_LINE, then NON_FIXED_LINE_PHONE_TYPES as listed there. */
const CHECK_ORDER: readonly Kind[] = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

export interface PhoneTypeRule {
  kind: Kind;
  /** `^(?:…)$` around libphonenumber's national-number pattern for the type. */
  pattern: string;
  possibleLengths: number[];
}

export interface PhoneTable {
  about: string;
  source: { package: string; version: string; metadata: string; format: number; licence: string };
  country: string;
  callingCode: string;
  /** Stripped from the front of a national number when what is left is still possible (extractNationalNumber). */
  nationalPrefixForParsing: string;
  general: { pattern: string; possibleLengths: number[] };
  /** True when the metadata has no separate mobile pattern, so a fixed-line match is FIXED_LINE_OR_MOBILE. */
  fixedLineIsMobile: boolean;
  types: PhoneTypeRule[];
}

const anchor = (p: string): string => `^(?:${p})$`;

function lengths(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || v.length === 0 || !v.every((n) => Number.isInteger(n) && n > 0 && n <= 17)) {
    throw Errors.internal(`libphonenumber-js ${COUNTRY} metadata: ${what} lengths are not a list of 1-17`);
  }
  return v as number[];
}

/** Build the table from the installed libphonenumber-js. */
export function generate(): PhoneTable {
  const require = createRequire(import.meta.url);
  const pkg = require('libphonenumber-js/package.json') as { version: string };
  const meta = require('libphonenumber-js/metadata.max.json') as { version: number; countries: Record<string, unknown[]> };
  if (meta.version !== FORMAT) throw Errors.internal(`libphonenumber-js metadata format ${meta.version}, this tool reads format ${FORMAT}`);
  const e = meta.countries[COUNTRY];
  if (!Array.isArray(e)) throw Errors.internal(`libphonenumber-js metadata has no ${COUNTRY} entry`);
  const [callingCode, , general, generalLengths, , nationalPrefix, , prefixForParsing, transformRule, , , types] = e;
  if (typeof callingCode !== 'string' || typeof general !== 'string' || typeof nationalPrefix !== 'string') {
    throw Errors.internal(`libphonenumber-js ${COUNTRY} metadata: calling code, pattern or national prefix missing`);
  }
  // The validator strips a literal prefix; a pattern or a transform rule would need the library's logic.
  const forParsing = prefixForParsing || nationalPrefix;
  if (typeof forParsing !== 'string' || !/^[0-9]+$/.test(forParsing) || transformRule) {
    throw Errors.internal(`libphonenumber-js ${COUNTRY} metadata: national prefix for parsing is not a plain digit string`);
  }
  if (!Array.isArray(types)) throw Errors.internal(`libphonenumber-js ${COUNTRY} metadata has no number types`);
  const generalL = lengths(generalLengths, 'general');
  const rules: PhoneTypeRule[] = [];
  for (const kind of CHECK_ORDER) {
    const t = types[TYPE_INDEX[kind]] as unknown;
    if (!Array.isArray(t) || typeof t[0] !== 'string' || t[0] === '') continue;
    rules.push({ kind, pattern: anchor(t[0]), possibleLengths: t[1] ? lengths(t[1], kind) : generalL });
  }
  if (rules[0]?.kind !== 'FIXED_LINE') throw Errors.internal(`libphonenumber-js ${COUNTRY} metadata has no fixed-line pattern`);
  return {
    about: `libphonenumber-js 'max' metadata for ${COUNTRY} compiled by patterns/tools/phone-in.ts for src/detect/validators/phone.ts. Generated: do not edit; after upgrading libphonenumber-js run the tool again (its --check fails while this file is stale).`,
    source: { package: 'libphonenumber-js', version: pkg.version, metadata: 'metadata.max.json', format: FORMAT, licence: "MIT (libphonenumber-js); metadata from Google's libphonenumber, Apache-2.0" },
    country: COUNTRY,
    callingCode,
    nationalPrefixForParsing: forParsing,
    general: { pattern: anchor(general), possibleLengths: generalL },
    fixedLineIsMobile: !rules.some((r) => r.kind === 'MOBILE'),
    types: rules,
  };
}

export const render = (t: PhoneTable): string => `${JSON.stringify(t, null, 2)}\n`;
export const DEFAULT_OUT = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'phone-in.json');

/** 0 when `file` holds exactly what generate() gives, 1 otherwise (with the reason on stderr). */
export function check(file: string): number {
  let current: string;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    process.stderr.write(`${file} is missing: run npx tsx patterns/tools/phone-in.ts\n`);
    return 1;
  }
  const fresh = generate();
  if (current === render(fresh)) return 0;
  let was = '?';
  try {
    was = (JSON.parse(current) as PhoneTable).source.version;
  } catch {
    // not JSON: reported as stale below
  }
  process.stderr.write(`${file} is stale: built from libphonenumber-js ${was}, installed ${fresh.source.version}; run npx tsx patterns/tools/phone-in.ts and commit it\n`);
  return 1;
}

function main(argv: readonly string[]): number {
  const at = argv.indexOf('--out');
  const out = at >= 0 ? argv[at + 1] : DEFAULT_OUT;
  if (out === undefined) throw Errors.invalidOption('--out needs a file');
  if (argv.includes('--check')) return check(out);
  const t = generate();
  writeFileSync(out, render(t));
  process.stdout.write(`${out}: ${t.types.map((r) => r.kind).join(', ')} from libphonenumber-js ${t.source.version}\n`);
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));
