// An anchor spec (patterns/<id>.json `anchors.<pattern name>`): which anchors of pass A a pattern can
// start from, checked and compiled into the tables the shape dispatch (scan.ts) reads.
import { AT, COLON, DIGITS } from '../text/anchors.js';
import { Errors } from '../errors.js';

/** Which anchors a pattern can start from, as written in patterns/<id>.json `anchors.<pattern name>`. */
export interface AnchorSpec {
  /** The anchor every match holds: a digit run, an '@' or an IPv6 ':' (followed by another within 5). */
  on: 'digits' | '@' | ':';
  /** Most characters from a match's start to its first anchor (digits, ':'; default 0). */
  back?: number;
  /** '@': the characters walked back over to the match start (a regex class body, e.g. "A-Za-z0-9._-"). */
  walk?: string;
  /** '@': longest walk; a longer run cannot hold a match (default unlimited). */
  maxWalk?: number;
  /** Digits: lengths of the first digit run, "4|12", "9-18". */
  length?: string;
  /** Digits: values of its first digit, "2-9", "0|9". */
  lead?: string;
  /** Digits: ASCII letters glued right before / after it, "5", "0|2", "1-15". */
  before?: string;
  after?: string;
  /** Digits: the character before the glued letters / right after the run (any of these). */
  prev?: string;
  next?: string;
  /** Digits: the run must be followed by one of these separators and another digit run. */
  sep?: string;
  /** Digits: how many digit runs (of any digit script), each joined to the next by one separator (' ',
   *  '-', '.' or '/', not necessarily the same), start with this one: "4-63" for a number written in
   *  four groups or more. Digits of another script glued to a group belong to its run and chain on
   *  from it, so an upper bound ("2") holds only for a regex that refuses them after its last group. */
  runs?: string;
  /** The first character of a match (a class body, e.g. "A-Z", "(+"): other start positions are not tried. */
  first?: string;
  /** The pattern's look-behind forbids an ASCII letter or digit before the start: such positions are not tried. */
  bound?: boolean;
  /** The pattern's look-behind forbids an ASCII digit followed by one of these characters before the
   *  start (a later group of a grouped number, "1234 5678"): such positions are not tried. */
  notAfter?: string;
  /** Digits: every match has two capital letters A-Z right before the run, or right before one ' ',
   *  '-' or '/' before it ("MH12", "DL 3C"): a run without them is not tried. */
  capsBefore?: boolean;
}

const KEYS = new Set(['on', 'back', 'walk', 'maxWalk', 'length', 'lead', 'before', 'after', 'prev', 'next', 'sep', 'runs', 'first', 'bound', 'notAfter', 'capsBefore']);
const SET = /^\d{1,2}(?:-\d{1,2})?(?:\|\d{1,2}(?:-\d{1,2})?)*$/;
/** A class body of ASCII letters, digits and the punctuation identifiers use (ranges as a-z). */
const WALK = /^[A-Za-z0-9._%+@:/()-]+$/;

/** A compiled anchor spec: filters as 0/1 tables over 0-63 (values above 63 count as 63). */
export interface Shape {
  readonly kind: number;
  readonly back: number;
  readonly walk: Uint8Array | undefined;
  readonly maxWalk: number;
  readonly length: Uint8Array;
  readonly lead: Uint8Array;
  readonly before: Uint8Array;
  readonly after: Uint8Array;
  /** ASCII tables (1 = allowed); undefined = any character. */
  readonly prev: Uint8Array | undefined;
  readonly next: Uint8Array | undefined;
  readonly sep: Uint8Array | undefined;
  /** Chained digit runs starting at the anchor (0-63; values above 63 count as 63). */
  readonly runs: Uint8Array;
  /** Class table of a match's first character (undefined: any), and the look-behind rule. */
  readonly first: Uint8Array | undefined;
  readonly bound: boolean;
  /** ASCII table of the characters of `notAfter` (undefined: no such rule). */
  readonly notAfter: Uint8Array | undefined;
  /** Two capitals before the run (see AnchorSpec.capsBefore). */
  readonly capsBefore: boolean;
}

function numberSet(v: unknown, what: string, fail: (m: string) => Error): Uint8Array {
  const m = new Uint8Array(64);
  if (v === undefined) return m.fill(1);
  if (typeof v !== 'string' || !SET.test(v)) throw fail(`${what} must be like "4|12" or "9-18"`);
  for (const part of v.split('|')) {
    const [a, b] = part.split('-').map(Number) as [number, number | undefined];
    for (let k = a; k <= (b ?? a); k++) m[Math.min(k, 63)] = 1;
  }
  return m;
}

function classTable(body: string): Uint8Array {
  const t = new Uint8Array(128);
  for (let i = 0; i < body.length; i++) {
    if (i + 2 < body.length && body[i + 1] === '-') {
      for (let c = body.charCodeAt(i); c <= body.charCodeAt(i + 2); c++) t[c] = 1;
      i += 2;
    } else t[body.charCodeAt(i)] = 1;
  }
  return t;
}

/** Check an anchor spec's shape (clear INVALID_DETECTOR errors) and compile it. */
export function compileShape(spec: unknown, where: string): Shape {
  const fail = (m: string): Error => Errors.invalidDetector(`${where}: anchors ${m}`);
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) throw fail('entry must be an object');
  const s = spec as Record<string, unknown>;
  for (const k of Object.keys(s)) if (!KEYS.has(k)) throw fail(`has an unknown field "${k}"`);
  const kind = s.on === 'digits' ? DIGITS : s.on === '@' ? AT : s.on === ':' ? COLON : 0;
  if (!kind) throw fail('"on" must be "digits", "@" or ":"');
  const int = (v: unknown, name: string, dflt: number): number => {
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1000) throw fail(`"${name}" must be an integer 0-1000`);
    return v;
  };
  const chars = (v: unknown, name: string): Uint8Array | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !/^[\x20-\x7e]+$/.test(v)) throw fail(`"${name}" must be a non-empty string of ASCII characters`);
    const t = new Uint8Array(128);
    for (let i = 0; i < v.length; i++) t[v.charCodeAt(i)] = 1;
    return t;
  };
  if (s.first !== undefined && (typeof s.first !== 'string' || !WALK.test(s.first))) throw fail('"first" must be a class body such as "A-Z" or "(+"');
  if (s.bound !== undefined && typeof s.bound !== 'boolean') throw fail('"bound" must be a boolean');
  if (s.capsBefore !== undefined && typeof s.capsBefore !== 'boolean') throw fail('"capsBefore" must be a boolean');
  if (s.capsBefore !== undefined && kind !== DIGITS) throw fail('"capsBefore" only applies to "digits"');
  let walk: Uint8Array | undefined;
  if (kind === AT) {
    if (typeof s.walk !== 'string' || !WALK.test(s.walk)) throw fail('"walk" (the class walked back from "@", e.g. "A-Za-z0-9._-") is required for "@"');
    walk = classTable(s.walk);
  } else if (s.walk !== undefined || s.maxWalk !== undefined) throw fail('"walk" only applies to "@"');
  if (s.runs !== undefined && kind !== DIGITS) throw fail('"runs" only applies to "digits"');
  const runs = numberSet(s.runs, 'runs', fail);
  if (runs[0] === 1 && s.runs !== undefined) throw fail('"runs" counts from 1 (a run alone is 1)');
  return {
    kind,
    back: int(s.back, 'back', 0),
    walk,
    maxWalk: int(s.maxWalk, 'maxWalk', 1000),
    length: numberSet(s.length, 'length', fail),
    lead: numberSet(s.lead, 'lead', fail),
    before: numberSet(s.before, 'before', fail),
    after: numberSet(s.after, 'after', fail),
    prev: chars(s.prev, 'prev'),
    next: chars(s.next, 'next'),
    sep: chars(s.sep, 'sep'),
    runs,
    first: typeof s.first === 'string' ? classTable(s.first) : undefined,
    bound: s.bound === true,
    notAfter: chars(s.notAfter, 'notAfter'),
    capsBefore: s.capsBefore === true,
  };
}
