import { checkParams, isoDate, oneOf, policyError } from '../../decide/params.js';
import { ageBand, bandParamChecks, checkBand } from './age.js';
import { asciiDigits, type RuleDef } from './rule.js';

/**
 * `dob` (DATE_OF_BIRTH): the date becomes its year (`to: 'year'`, default: `12/03/1985` → `1985`)
 * or the person's age band on a given day (`to: 'age-band'`, `asOf: 'YYYY-MM-DD'`, plus the
 * `width` / `top` of `age-band`: `12/03/1985` as of 2025-01-01 → `30-39`). Without `asOf` the band
 * is computed as of the day the policy was compiled. Dates are read day-first (Indian usage):
 * `dd/mm/yyyy`, `dd-mm-yy`, `yyyy-mm-dd`, `12 Mar 1985`, `March 12, 1985`, `१२ मार्च १९८५`, or a bare
 * year. Words around the date (`DOB:`) are kept.
 */

const MONTHS: Readonly<Record<string, number>> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9,
  october: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  'जनवरी': 1, 'फ़रवरी': 2, 'फरवरी': 2, 'मार्च': 3, 'अप्रैल': 4, 'मई': 5, 'जून': 6, 'जुलाई': 7, 'अगस्त': 8,
  'सितंबर': 9, 'सितम्बर': 9, 'अक्टूबर': 10, 'अक्तूबर': 10, 'नवंबर': 11, 'नवम्बर': 11, 'दिसंबर': 12, 'दिसम्बर': 12,
};

const MONTH_ALT = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');
const D = '[0-9\\u0966-\\u096F]';
const B = '(?<![0-9\\u0966-\\u096FA-Za-z])';
const E = '(?![0-9\\u0966-\\u096FA-Za-z])';
const ORD = '(?:st|nd|rd|th)?';

interface Shape {
  re: RegExp;
  read: (m: RegExpExecArray) => { d?: number; m?: number; y: number; yy: boolean };
}

const num = (s: string | undefined): number => Number(asciiDigits(s ?? ''));
const month = (s: string | undefined): number => MONTHS[(s ?? '').toLowerCase()] ?? 0;

const SHAPES: readonly Shape[] = [
  {
    re: new RegExp(`${B}(${D}{4})[-/.](${D}{1,2})[-/.](${D}{1,2})${E}`, 'u'),
    read: (m) => ({ y: num(m[1]), m: num(m[2]), d: num(m[3]), yy: false }),
  },
  {
    re: new RegExp(`${B}(${D}{1,2})[-/.](${D}{1,2})[-/.](${D}{4}|${D}{2})${E}`, 'u'),
    read: (m) => ({ d: num(m[1]), m: num(m[2]), y: num(m[3]), yy: (m[3] ?? '').length === 2 }),
  },
  {
    re: new RegExp(`${B}(${D}{1,2})${ORD}[\\x20.\\-]{1,3}(${MONTH_ALT})\\.?[\\x20,.\\-]{1,3}(${D}{4})${E}`, 'iu'),
    read: (m) => ({ d: num(m[1]), m: month(m[2]), y: num(m[3]), yy: false }),
  },
  {
    re: new RegExp(`(?<![A-Za-z])(${MONTH_ALT})\\.?[\\x20\\-]{1,3}(${D}{1,2})${ORD},?[\\x20]{1,3}(${D}{4})${E}`, 'iu'),
    read: (m) => ({ m: month(m[1]), d: num(m[2]), y: num(m[3]), yy: false }),
  },
  {
    re: new RegExp(`${B}(${D}{4})${E}`, 'u'),
    read: (m) => ({ y: num(m[1]), yy: false }),
  },
];

/** The date shapes (exported for the ReDoS check). */
export const DATE_PATTERNS: readonly RegExp[] = SHAPES.map((s) => s.re);

export interface FoundDate {
  index: number;
  length: number;
  year: number;
  month?: number;
  day?: number;
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The first date in `value`, validated (a real calendar day, year 1900..asOf). */
export function findDate(value: string, asOf: Date): FoundDate | undefined {
  const nowYear = asOf.getUTCFullYear();
  for (const s of SHAPES) {
    const m = s.re.exec(value);
    if (!m) continue;
    const r = s.read(m);
    let y = r.y;
    if (r.yy) y = 2000 + y <= nowYear ? 2000 + y : 1900 + y;
    // The first shape that matches decides: an impossible date is not read as a bare year.
    if (y < 1900 || y > nowYear) return undefined;
    if (r.m !== undefined) {
      if (r.m < 1 || r.m > 12 || r.d === undefined || r.d < 1 || r.d > daysIn(y, r.m)) return undefined;
    }
    const found: FoundDate = { index: m.index, length: m[0].length, year: y };
    if (r.m !== undefined) found.month = r.m;
    if (r.d !== undefined) found.day = r.d;
    return found;
  }
  return undefined;
}

/** Completed years between a (possibly partial) birth date and `asOf`. */
export function ageOn(birth: FoundDate, asOf: Date): number {
  let age = asOf.getUTCFullYear() - birth.year;
  if (birth.month !== undefined && birth.day !== undefined) {
    const m = asOf.getUTCMonth() + 1;
    if (m < birth.month || (m === birth.month && asOf.getUTCDate() < birth.day)) age--;
  }
  return age;
}

export const dobRule: RuleDef = {
  name: 'dob',
  types: ['DATE_OF_BIRTH'],
  builtIn: true,
  prepare(params, path) {
    const p = checkParams(params, path, { to: oneOf(['year', 'age-band'] as const), asOf: isoDate, ...bandParamChecks });
    const to = p.to ?? 'year';
    if (to === 'year' && (p.width !== undefined || p.top !== undefined)) {
      throw policyError(`${path}.${p.width !== undefined ? 'width' : 'top'}`, "applies only with to: 'age-band'");
    }
    const band = checkBand(p, path);
    const now = new Date();
    const asOf = p.asOf ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    return (value) => {
      const d = findDate(value, asOf);
      if (!d) return undefined;
      let out: string;
      if (to === 'year') out = String(d.year);
      else {
        const age = ageOn(d, asOf);
        if (age < 0) return undefined;
        out = ageBand(age, band);
      }
      return value.slice(0, d.index) + out + value.slice(d.index + d.length);
    };
  },
};
