// Structured records: walk JSON objects and arrays, anonymise every string as text, and use field
// names as context. Keys, numbers, booleans, nulls and the shape are kept; deanonymiseRecord puts
// the originals back. CSV rows go through the same path with header names as field names.
import { randomUUID } from 'node:crypto';
import { emitAudit } from '../audit/index.js';
import { anonymise, getDefaultVault, type AnonymiseAction, type AnonymiseOptions } from '../anonymise.js';
import { deanonymiseDetailed } from '../deanonymise.js';
import { detect } from '../detect/detect.js';
import { KavachError, typeName, Errors } from '../errors.js';
import { countingDecider, type AuditOptions } from '../decide/plan.js';
import { findDate } from '../transform/rules/dob.js';
import type { DetectOptions, Entity } from '../types.js';
import type { TokenMode, Vault } from '../vault/interface.js';
import { recordSpellings } from '../vault/spellings.js';
import { scanTokens, type TokenMatch } from '../token.js';

/**
 * Field names that mark their value's type (compared lower-case with everything but letters and
 * digits removed, so `account_no`, `accountNo` and `Account No` are one name).
 */
export const FIELD_HINTS: Readonly<Record<string, string>> = Object.freeze({
  ...hints('AADHAAR', ['aadhaar', 'aadhar', 'adhaar', 'aadhaarno', 'aadhaarnumber', 'aadharno', 'aadharnumber', 'uid', 'uidai', 'aadhaarid']),
  ...hints('PAN', ['pan', 'panno', 'pannumber', 'pancard', 'panid']),
  ...hints('PHONE', ['mobile', 'mobileno', 'mobilenumber', 'phone', 'phoneno', 'phonenumber', 'contact', 'contactno', 'contactnumber', 'mob', 'cell', 'telephone', 'whatsapp']),
  ...hints('DATE_OF_BIRTH', ['dob', 'dateofbirth', 'birthdate', 'birthday']),
  ...hints('BANK_ACCOUNT', ['accountno', 'accountnumber', 'acno', 'acctno', 'bankaccount', 'bankaccountno', 'bankaccountnumber']),
  ...hints('EMAIL', ['email', 'emailid', 'emailaddress', 'mail']),
  ...hints('PERSON', ['name', 'fullname', 'firstname', 'lastname', 'middlename', 'surname', 'customername', 'patientname', 'fathername', 'mothername', 'nominee', 'nomineename', 'applicantname',
    'holder', 'holdername', 'accountholder', 'accountholdername', 'applicant', 'beneficiary', 'beneficiaryname', 'passengername', 'guardianname', 'spousename', 'employeename']),
  ...hints('CITY', ['city', 'town', 'cityname']),
  ...hints('AGE', ['age', 'ageyears']),
  ...hints('PIN_CODE', ['pincode', 'pin', 'postalcode', 'postcode', 'zip', 'zipcode']),
  ...hints('GSTIN', ['gstin', 'gstno', 'gstnumber']),
  ...hints('IFSC', ['ifsc', 'ifsccode']),
  ...hints('UPI_ID', ['upi', 'upiid', 'vpa']),
  ...hints('PASSPORT', ['passport', 'passportno', 'passportnumber']),
  ...hints('VOTER_ID', ['voterid', 'epic', 'epicno']),
  ...hints('DRIVING_LICENCE', ['dl', 'dlno', 'drivinglicence', 'drivinglicense', 'licenceno', 'licenseno']),
  ...hints('VEHICLE_REG', ['vehicleno', 'vehiclenumber', 'registrationno', 'regno']),
  ...hints('CREDIT_CARD', ['cardno', 'cardnumber', 'creditcard', 'debitcard']),
  ...hints('ABHA', ['abha', 'abhano', 'abhanumber', 'healthid']),
  ...hints('IP_ADDRESS', ['ip', 'ipaddress']),
  ...hints('HEALTH', ['diagnosis', 'condition', 'disease', 'ailment']),
});

function hints(type: string, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, type]));
}

/** The words put in front of a hinted value so the type's own context words are near it. */
const LABELS: Readonly<Record<string, string>> = {
  AADHAAR: 'Aadhaar', PAN: 'PAN', PHONE: 'Mobile', DATE_OF_BIRTH: 'DOB', BANK_ACCOUNT: 'Account no', EMAIL: 'Email',
  PERSON: 'Name', CITY: 'City', AGE: 'Age', PIN_CODE: 'PIN code', GSTIN: 'GSTIN', IFSC: 'IFSC', UPI_ID: 'UPI ID',
  PASSPORT: 'Passport no', VOTER_ID: 'Voter ID', DRIVING_LICENCE: 'Driving licence no', VEHICLE_REG: 'Vehicle no',
  CREDIT_CARD: 'Card no', ABHA: 'ABHA number', IP_ADDRESS: 'IP address', HEALTH: 'Diagnosis',
};

export function fieldKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** `accountNo` / `account_no` → `account no` (the words a detector's context matcher sees). */
function humanise(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_\-.]+/g, ' ').trim().slice(0, 48);
}

/** The words a field name puts in front of its value as detection context (`mobile` → `Mobile`, `accountNo` → `account No`). */
export function fieldLabel(field: string, hint: string | undefined = FIELD_HINTS[fieldKey(field)]): string {
  return (hint ? LABELS[hint] : undefined) ?? humanise(field);
}

/** The one token `s` consists of, if it is exactly one token-shaped span and nothing else. */
function wholeToken(s: string): TokenMatch | undefined {
  const m = scanTokens(s);
  return m.length === 1 && m[0]!.start === 0 && m[0]!.end === s.length ? m[0] : undefined;
}

/**
 * A JSON number replaced by one token is written with curly brackets, `{PHONE_1}` instead of
 * `<PHONE_1>`: the mark, in the record itself, that the original was a number. Restoring reads the
 * mark, not the value's look, so a string "9876543210" stays a string and a number stays a number.
 * The mark cannot be forged by input: anonymise escapes token-shaped text already in a value
 * (`{PHONE_1}` in the input becomes a literal token), so only kavach writes it. Any other
 * replacement of a number (a band, a mask, a token inside longer text) is returned as it is.
 */
export function markNumber(replaced: string): string {
  const m = wholeToken(replaced);
  return m && m.raw === m.token ? `{${m.token.slice(1, -1)}}` : replaced;
}

/** Whether a scrubbed string is a number's token (see markNumber). */
export function isNumberMark(s: string): boolean {
  return s.startsWith('{') && s.endsWith('}') && wholeToken(s) !== undefined;
}

const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** The JSON value to put back for a scrubbed string: a number when it carried the number mark and its original is a number. */
export function restoredValue(scrubbed: string, restored: string): string | number {
  return isNumberMark(scrubbed) && JSON_NUMBER.test(restored) && Number.isFinite(Number(restored)) ? Number(restored) : restored;
}

/** The JSON value to write for a number leaf after scrubbing: the number when untouched, else its (marked) replacement. */
export function scrubbedNumber(original: number, replaced: string): number | string {
  return replaced === String(original) ? original : markNumber(replaced);
}

export interface RecordOptions extends AuditOptions {
  /** As for anonymise: a policy, a preset name or a Decider (default: the `llm` preset). */
  policy?: unknown;
  /**
   * Field name → entity type its value holds (added to FIELD_HINTS, matched the same way), or `false`
   * to leave that field's value untouched.
   */
  fields?: Readonly<Record<string, string | false>>;
  /** One session for the whole record (default: a new one), so a value repeated in two fields gets one token. */
  session?: string;
  vault?: Vault;
  mode?: TokenMode;
  ttl?: number | string;
  detect?: DetectOptions;
}

/** A replaced span inside one string of the record (offsets into that string). Never the value. */
export interface RecordEntity {
  /** JSON Pointer (RFC 6901) of the string, e.g. `/patients/0/name`; for CSV rows `/<column index>`. */
  path: string;
  type: string;
  action: AnonymiseAction;
  start: number;
  end: number;
  token?: string;
}

export interface AnonymisedRecord<T = unknown> {
  record: T;
  session: string;
  entities: RecordEntity[];
  /**
   * JSON Pointers of numbers that became strings (a token, a band, a mask). Pass them to
   * deanonymiseRecord to get numbers back.
   */
  retyped: string[];
}

export interface DeanonymiseRecordOptions extends AuditOptions {
  session: string;
  vault?: Vault;
  /** From AnonymisedRecord.retyped: these paths are restored as numbers when their text is a number. */
  retyped?: readonly string[];
}

export interface DeanonymisedRecord<T = unknown> {
  record: T;
  restored: number;
  unknown: string[];
}

const MAX_DEPTH = 64;

function pointer(parts: readonly (string | number)[]): string {
  return parts.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * Where a problem is, for messages: each step is a position counted from 0 (an object's keys in
 * their order, an array's items), never a key's text — keys are data too ("Ravi Kumar 9876543210").
 */
function positionPath(positions: readonly number[]): string {
  return positions.length ? `/${positions.join('/')}` : '';
}

/** BAD_RECORD from the record walk: what is wrong (`problem`) and where (`at`, by position). */
export class BadJsonError extends KavachError {
  /** `/1/0/3` (positions from 0), or '' for the value itself. */
  readonly at: string;
  readonly problem: string;
  constructor(positions: readonly number[], problem: string) {
    const at = positionPath(positions);
    super('BAD_RECORD', `record${at ? ` at position ${at}` : ''}: ${problem}`);
    this.at = at;
    this.problem = problem;
  }

  /** The problem and its position, for a caller that names the record its own way (`line 7: …`). */
  get located(): string {
    return `${this.problem}${this.at ? ` at position ${this.at}` : ''}`;
  }
}

function badRecord(positions: readonly number[], problem: string): KavachError {
  return new BadJsonError(positions, problem);
}

/** Types whose value can be forced from the field name alone (no checksum to confirm it). */
function lenientlyValid(type: string, value: string): boolean {
  switch (type) {
    case 'PERSON':
    case 'CITY':
    case 'HEALTH':
      return /\p{L}/u.test(value) && value.length <= 100 && value.split(/\s+/).length <= 8;
    case 'AGE':
      return /^[0-9\u0966-\u096F]{1,3}$/.test(value) && Number(value.replace(/[\u0966-\u096F]/g, (c) => String(c.charCodeAt(0) - 0x0966))) <= 130;
    case 'DATE_OF_BIRTH':
      return findDate(value, new Date()) !== undefined;
    case 'PIN_CODE':
      return /^[1-9\u0967-\u096F][0-9\u0966-\u096F]{2}\x20?[0-9\u0966-\u096F]{3}$/.test(value);
    default:
      return false;
  }
}

/** A string or number inside a JSON value, with a setter that writes into the walked copy. */
export interface Leaf {
  /** JSON Pointer (key text included: for results, never for messages). */
  path: string;
  /** The keys and indexes the pointer is made of. */
  parts: readonly (string | number)[];
  field: string | undefined;
  value: string;
  wasNumber: boolean;
  set: (v: unknown) => void;
}

/** Find what to scan in a labelled value: detected spans inside the value, the hinted type forced when it validates. */
function fieldDetector(label: string, hint: string | undefined, detectOptions: DetectOptions | undefined) {
  const off = label.length + 2;
  return (text: string): Entity[] => {
    const found = detect(text, detectOptions).filter((e) => e.end > off).map((e) => (e.start < off ? { ...e, start: off, text: text.slice(off, e.end) } : e));
    if (!hint) return found;
    const raw = text.slice(off);
    const lead = raw.length - raw.trimStart().length;
    const value = raw.trim();
    if (!value) return found;
    const start = off + lead;
    const end = start + value.length;
    const whole = found.find((e) => e.start <= start && e.end >= end);
    if (whole && whole.type === hint) return found;
    if (found.some((e) => e.type === hint)) return found;
    let valid = lenientlyValid(hint, value);
    if (!valid) {
      const strict = detect(text, { entities: [hint], minScore: 0 });
      valid = strict.some((e) => e.start <= start && e.end >= end);
    }
    if (!valid) return found;
    const forced: Entity = { type: hint, start, end, text: value, score: 1, detector: 'field-name' };
    return [...found.filter((e) => e.end <= start || e.start >= end), forced].sort((a, b) => a.start - b.start);
  };
}

async function anonymiseLeaves(leaves: readonly Leaf[], options: RecordOptions): Promise<{ session: string; entities: RecordEntity[]; retyped: string[]; counts: ReturnType<typeof countingDecider> }> {
  const session = options.session ?? randomUUID();
  const counting = countingDecider(options.policy);
  const fields = new Map<string, string | false>();
  for (const [k, v] of Object.entries(options.fields ?? {})) {
    if (v !== false && typeof v !== 'string') throw Errors.invalidOption(`fields.${k} must be an entity type name or false`);
    fields.set(fieldKey(k), v);
  }
  const base: AnonymiseOptions = { session, policy: counting.decide };
  if (options.vault) base.vault = options.vault;
  if (options.mode) base.mode = options.mode;
  if (options.ttl !== undefined) base.ttl = options.ttl;
  const entities: RecordEntity[] = [];
  const retyped: string[] = [];
  for (const leaf of leaves) {
    const key = leaf.field === undefined ? undefined : fieldKey(leaf.field);
    const configured = key === undefined ? undefined : fields.get(key);
    if (configured === false) continue;
    const hint = configured ?? (key === undefined ? undefined : FIELD_HINTS[key]);
    if (leaf.wasNumber && !hint) continue;
    if (leaf.value.length === 0) continue;
    const label = leaf.field !== undefined ? fieldLabel(leaf.field, hint) : '';
    let text: string;
    let shift: number;
    if (label) {
      const input = `${label}: ${leaf.value}`;
      const r = await anonymise(input, { ...base, spellings: false, detector: fieldDetector(label, hint, options.detect) });
      // The label holds no entity (the detector drops spans before the value), so it comes back as written.
      if (!r.text.startsWith(`${label}: `)) throw Errors.internal('a field label was rewritten');
      shift = label.length + 2;
      text = r.text.slice(shift);
      for (const e of r.entities) entities.push(recordEntity(leaf.path, e, shift));
      // The spelling sheet belongs to the value as it is written back, without the label.
      const value = r.entities.map((e) => ({ ...e, start: e.start - shift, end: e.end - shift, outStart: e.outStart - shift, outEnd: e.outEnd - shift }));
      await recordSpellings(options.vault ?? getDefaultVault(), session, leaf.value, text, value);
    } else {
      const r = await anonymise(leaf.value, { ...base, ...(options.detect ? { detect: options.detect } : {}) });
      text = r.text;
      for (const e of r.entities) entities.push(recordEntity(leaf.path, e, 0));
    }
    if (leaf.wasNumber) {
      if (text === leaf.value) continue;
      retyped.push(leaf.path);
      text = markNumber(text);
    }
    if (text !== leaf.value) leaf.set(text);
  }
  return { session, entities, retyped, counts: counting };
}

function recordEntity(path: string, e: { type: string; start: number; end: number; action: AnonymiseAction; token?: string }, shift: number): RecordEntity {
  const out: RecordEntity = { path, type: e.type, action: e.action, start: e.start - shift, end: e.end - shift };
  if (e.token !== undefined) out.token = e.token;
  return out;
}

/**
 * Deep-copy a JSON value into `box.value`, collecting its string leaves (and numbers, as candidates
 * for hinted fields) with setters that write into the copy. `field` names the value itself (the key
 * it sits under, when the caller walks a part of a larger record); array items inherit their
 * array's field. Refuses what is not JSON with BAD_RECORD, located by position, never by key text.
 */
export function copyJson(value: unknown, leaves: Leaf[], field?: string): { value: unknown } {
  const seen = new Set<object>();
  const walk = (v: unknown, parts: (string | number)[], positions: number[], field: string | undefined, set: (x: unknown) => void): unknown => {
    if (typeof v === 'string') {
      leaves.push({ path: pointer(parts), parts, field, value: v, wasNumber: false, set });
      return v;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw badRecord(positions, 'numbers must be finite');
      leaves.push({ path: pointer(parts), parts, field, value: String(v), wasNumber: true, set });
      return v;
    }
    if (v === null || typeof v === 'boolean') return v;
    if (typeof v !== 'object') throw badRecord(positions, `${typeName(v)} is not JSON`);
    if (parts.length >= MAX_DEPTH) throw badRecord(positions, `nested deeper than ${MAX_DEPTH}`);
    if (seen.has(v)) throw badRecord(positions, 'has a cycle');
    seen.add(v);
    let out: unknown;
    if (Array.isArray(v)) {
      const arr: unknown[] = new Array(v.length);
      for (let i = 0; i < v.length; i++) arr[i] = walk(v[i], [...parts, i], [...positions, i], field, (x) => (arr[i] = x));
      out = arr;
    } else {
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) throw badRecord(positions, `${typeName(v)} is not a plain JSON object`);
      const obj: Record<string, unknown> = {};
      let i = 0;
      for (const [k, x] of Object.entries(v)) {
        Object.defineProperty(obj, k, { value: undefined, writable: true, enumerable: true, configurable: true });
        obj[k] = walk(x, [...parts, k], [...positions, i++], k, (y) => (obj[k] = y));
      }
      out = obj;
    }
    seen.delete(v);
    return out;
  };
  const box: { value: unknown } = { value: undefined };
  box.value = walk(value, [], [], field, (x) => (box.value = x));
  return box;
}

/**
 * Anonymise a JSON value (object, array, or anything nested): every string is scanned as text with
 * its field name as context; a field named like `aadhaar`, `pan`, `mobile`, `dob`, `account_no`,
 * `email`, `name`, `city`, `age`, `pincode` (FIELD_HINTS, plus `options.fields`) marks its value even
 * when the value alone is too weak to detect (`"name": "Ravi"`, `"age": "42"`), provided it is
 * plausible for the type (a checksum passes, a date parses, a name has letters). Numbers under such
 * fields (`"age": 42`, `"mobile": 9876543210`) are anonymised too: a kept number stays a number,
 * anything else becomes a string and its path is listed in `retyped`. Other numbers, booleans, null,
 * keys and the shape are untouched; keys are not scanned. Returns a new value.
 */
export async function anonymiseRecord<T>(record: T, options: RecordOptions = {}): Promise<AnonymisedRecord<T>> {
  const start = performance.now();
  const startTime = new Date();
  const leaves: Leaf[] = [];
  const facts = { op: 'anonymise' as const, start, startTime, caller: options.caller, purpose: options.purpose };
  let copy: { value: unknown };
  let out: Awaited<ReturnType<typeof anonymiseLeaves>>;
  try {
    copy = copyJson(record, leaves);
    out = await anonymiseLeaves(leaves, options);
  } catch (error) {
    if (options.audit) await emitAudit(options.audit, { ...facts, session: options.session, error });
    throw error;
  }
  if (options.audit) await emitAudit(options.audit, { ...facts, session: out.session, policy: out.counts.name, entities: out.counts.counter.counts });
  return { record: copy.value as T, session: out.session, entities: out.entities, retyped: out.retyped };
}

/** Put the originals back into every string of a record anonymised with `anonymiseRecord`. */
export async function deanonymiseRecord<T>(record: T, options: DeanonymiseRecordOptions): Promise<DeanonymisedRecord<T>> {
  if (!options || typeof options !== 'object') throw Errors.invalidOption('deanonymiseRecord needs { session }');
  const start = performance.now();
  const startTime = new Date();
  const leaves: Leaf[] = [];
  const copy = copyJson(record, leaves);
  const retyped = new Set(options.retyped ?? []);
  let restored = 0;
  const unknown: string[] = [];
  const facts = { op: 'deanonymise' as const, start, startTime, session: options.session, caller: options.caller, purpose: options.purpose };
  try {
    for (const leaf of leaves) {
      if (leaf.wasNumber) continue;
      const r = await deanonymiseDetailed(leaf.value, { session: options.session, ...(options.vault ? { vault: options.vault } : {}) });
      restored += r.restored.length;
      for (const u of r.unknown) if (!unknown.includes(u)) unknown.push(u);
      let v: unknown = restoredValue(leaf.value, r.text);
      if (typeof v === 'string' && retyped.has(leaf.path) && JSON_NUMBER.test(v) && Number.isFinite(Number(v))) v = Number(v);
      if (v !== leaf.value) leaf.set(v);
    }
  } catch (error) {
    if (options.audit) await emitAudit(options.audit, { ...facts, error });
    throw error;
  }
  if (options.audit) await emitAudit(options.audit, { ...facts, restored, unknown: unknown.length });
  return { record: copy.value as T, restored, unknown };
}

export interface AnonymisedCsvRow {
  row: string[];
  session: string;
  entities: RecordEntity[];
}

function checkRow(headers: unknown, row: unknown): asserts row is readonly string[] {
  if (!Array.isArray(headers) || headers.some((h) => typeof h !== 'string')) throw Errors.invalidInput('CSV headers must be an array of strings');
  if (!Array.isArray(row) || row.some((c) => typeof c !== 'string')) throw Errors.invalidInput('a CSV row must be an array of strings');
}

/**
 * Anonymise one CSV row: each cell is scanned with its column's header as the field name (so a
 * `mobile` or `pincode` column marks its cells). Cells past the last header have no field name.
 * Paths in `entities` are `/<column index>`.
 */
export async function anonymiseCsvRow(headers: readonly string[], row: readonly string[], options: RecordOptions = {}): Promise<AnonymisedCsvRow> {
  checkRow(headers, row);
  const out = row.slice();
  const leaves: Leaf[] = row.map((value, i) => ({ path: `/${i}`, parts: [i], field: headers[i], value, wasNumber: false, set: (v) => (out[i] = String(v)) }));
  const start = performance.now();
  const startTime = new Date();
  const facts = { op: 'anonymise' as const, start, startTime, caller: options.caller, purpose: options.purpose };
  let r: Awaited<ReturnType<typeof anonymiseLeaves>>;
  try {
    r = await anonymiseLeaves(leaves, options);
  } catch (error) {
    if (options.audit) await emitAudit(options.audit, { ...facts, session: options.session, error });
    throw error;
  }
  if (options.audit) await emitAudit(options.audit, { ...facts, session: r.session, policy: r.counts.name, entities: r.counts.counter.counts });
  return { row: out, session: r.session, entities: r.entities };
}

/** Restore a CSV row anonymised with `anonymiseCsvRow`. */
export async function deanonymiseCsvRow(row: readonly string[], options: DeanonymiseRecordOptions): Promise<{ row: string[]; restored: number; unknown: string[] }> {
  checkRow([], row);
  const r = await deanonymiseRecord(row.slice(), options);
  return { row: r.record, restored: r.restored, unknown: r.unknown };
}
