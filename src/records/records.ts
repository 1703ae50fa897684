// Structured records: walk JSON objects and arrays, anonymise every string as text, and use field
// names as context. Keys, numbers, booleans, nulls and the shape are kept; deanonymiseRecord puts
// the originals back. CSV rows go through the same path with header names as field names.
import { randomUUID } from 'node:crypto';
import { anonymisePlanned, anonymiseWith, defaultFlow, getDefaultVault, planText, type AnonymiseAction, type AnonymiseOptions, type AnonymiseResult, type Flow, type PlannedText } from '../anonymise.js';
import { audited, countingPlan, startFacts, type AuditOptions } from '../audit/index.js';
import { ActionCounter } from '../audit/event.js';
import { deanonymiseDetailed } from '../deanonymise.js';
import type { PolicyOption } from '../decide/input.js';
import { deciderPlan, KEEP, type Plan } from '../decide/plan.js';
import { Errors } from '../errors.js';
import type { DetectOptions, Entity } from '../types.js';
import type { TokenMode, Vault } from '../vault/interface.js';
import { detectScan, fieldsOption, isScan, leafStep } from './scan.js';
import { BadJsonError, copyJson, JSON_NUMBER, markNumber, restoredValue, type Leaf } from './json.js';
import { coalescingVault } from '../vault/coalescing.js';
import { fieldSheetKeys, saveFieldSpellings, type FieldSpellings } from './sheets.js';

export { FIELD_HINTS, fieldKey, fieldLabel } from './fields.js';
export { BadJsonError, copyJson, isNumberMark, markNumber, restoredValue, scrubbedNumber, type Leaf } from './json.js';

export interface RecordOptions extends AuditOptions {
  /** As for anonymise: a policy, a preset name or a Decider (default: the `llm` preset). */
  policy?: PolicyOption;
  /**
   * Field name → entity type its value holds (added to FIELD_HINTS, matched the same way), or `false`
   * to leave that field's value unscanned: only token-shaped text in it is escaped, as anonymise
   * escapes it, so that restoring gives it back as written.
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

interface LeavesDone {
  session: string;
  entities: RecordEntity[];
  retyped: string[];
  /** With `InBatch.deferSheets`: save the record's spelling sheets (the caller does, in record order). */
  save?: (vault: Vault) => Promise<void>;
}

/**
 * How a record runs inside a batch (`anonymiseRecordsFound`): what was found for its strings
 * elsewhere, and whether its spelling sheets are left for the caller to save.
 */
interface InBatch {
  found?: FoundScans | undefined;
  deferSheets?: boolean;
}

/**
 * Anonymise the leaves of one record in one session, the plan's decisions counted into `counter` when
 * audited; then each field's spelling sheet, filed under the record's `output` (src/records/sheets.ts).
 * `found`: the spans of each scanned leaf, in leaf order, detected elsewhere (a worker thread's
 * `records` task, src/records/scan.ts); without it each scan is detected here.
 */
async function anonymiseLeaves(leaves: readonly Leaf[], options: RecordOptions, flow: Flow, output: () => unknown, audit?: { counter: ActionCounter; named: (name: string | undefined) => void }, batch?: InBatch): Promise<LeavesDone> {
  const session = options.session ?? randomUUID();
  let plan = flow.plan(options.policy);
  if (audit) {
    audit.named(plan.name);
    plan = countingPlan(plan, audit.counter).plan;
  }
  const fields = fieldsOption(options.fields);
  const vault = options.vault ?? getDefaultVault();
  // Every string is started before any is awaited, through a view that sends their vault requests
  // as one (src/vault/coalescing.ts): one SQLite transaction or Redis round trip per record (in a
  // batch, `options.vault` is already the group's view) instead of one per string. Each call asks
  // the vault before it yields, so the requests go in leaf order, the order one string after another
  // would ask in. Sheets are made per field, not per text (spellings: false): see src/records/sheets.ts.
  const base: AnonymiseOptions & { session: string } = { session, policy: plan, spellings: false, vault: batch ? vault : coalescingVault(vault) };
  if (options.mode) base.mode = options.mode;
  if (options.ttl !== undefined) base.ttl = options.ttl;
  const started: Started[] = [];
  try {
    startLeaves(started, leaves, { fields, base, plan, options, flow, audited: audit !== undefined, found: batch?.found });
  } catch (err) {
    // Strings already started settle on their own: none may end as an unhandled rejection.
    for (const s of started) s.done.catch(() => undefined);
    throw err;
  }
  const results = await Promise.all(started.map((s) => s.done));
  const entities: RecordEntity[] = [];
  const retyped: string[] = [];
  const sheets: FieldSpellings[] = [];
  for (let k = 0; k < started.length; k++) {
    const { leaf, label } = started[k]!;
    const r = results[k]!;
    // The label holds no entity (the detector drops spans before the value), so it comes back as written.
    if (label && !r.text.startsWith(`${label}: `)) throw Errors.internal('a field label was rewritten');
    const shift = label ? label.length + 2 : 0;
    let text = shift ? r.text.slice(shift) : r.text;
    for (const e of r.entities) entities.push(recordEntity(leaf.path, e, shift));
    // The spelling sheet belongs to the value as it is written back, without the label.
    // Pushed, not mapped: one elements kind whichever tier builds it (src/text/plain.ts).
    let replaced: FieldSpellings['replaced'] = r.entities;
    if (shift) {
      const shifted: FieldSpellings['replaced'][number][] = [];
      for (const e of r.entities) shifted.push({ ...e, start: e.start - shift, end: e.end - shift, outStart: e.outStart - shift, outEnd: e.outEnd - shift });
      replaced = shifted;
    }
    if (leaf.wasNumber) {
      if (text === leaf.value) continue;
      retyped.push(leaf.path);
      text = markNumber(text); // same length: the offsets in `replaced` still hold
    }
    sheets.push({ path: leaf.path, input: leaf.value, output: text, replaced });
    if (text !== leaf.value) leaf.set(text);
  }
  if (batch?.deferSheets) {
    const out = output();
    return { session, entities, retyped, save: (v) => saveFieldSpellings(v, session, out, sheets) };
  }
  await saveFieldSpellings(vault, session, output(), sheets);
  return { session, entities, retyped };
}

/** One string of a record, its anonymise call started. */
interface Started {
  leaf: Leaf;
  /** The field's words in front of the value ('' for none). */
  label: string;
  done: Promise<AnonymiseResult>;
}

interface LeafCalls {
  fields: ReadonlyMap<string, string | false>;
  base: AnonymiseOptions & { session: string };
  plan: Plan;
  options: RecordOptions;
  flow: Flow;
  audited: boolean;
  found: FoundScans | undefined;
}

/** Start the anonymise call of every string the walk scans or escapes, in leaf order, into `started`. */
function startLeaves(started: Started[], leaves: readonly Leaf[], c: LeafCalls): void {
  const { base, plan, found } = c;
  let scanned = 0;
  for (const leaf of leaves) {
    const step = leafStep(leaf, c.fields);
    if (step === undefined) continue;
    if (!isScan(step)) {
      started.push({ leaf, label: '', done: escapeOnly(leaf.value, base, plan) });
      continue;
    }
    if (found && scanned === found.count) throw Errors.internal('a record was given fewer scans than it has');
    scanned++;
    const given = found?.next(step.input);
    let done: Promise<AnonymiseResult>;
    if (given !== undefined && !isSpans(given)) {
      // Decisions made elsewhere are not counted: an audited record is planned here.
      if (c.audited) throw Errors.internal('an audited record was given plans made elsewhere');
      done = anonymisePlanned(step.input, given, base, plan);
    } else {
      const detector = given ? (): readonly Entity[] => given : (): readonly Entity[] => detectScan(step, c.options.detect, c.flow.detect);
      done = anonymiseWith(step.input, { ...base, detector }, c.flow);
    }
    started.push({ leaf, label: step.label, done });
  }
  if (found && scanned !== found.count) throw Errors.internal('a record was given more scans than it has');
}

const isSpans = (x: readonly Entity[] | PlannedText): x is readonly Entity[] => Array.isArray(x);

/** Plans no span of its own (no money pass): with nothing detected, only the input's token-shaped text is replaced. */
const NOTHING_FOUND: Plan = deciderPlan(() => KEEP);

/**
 * An excluded field (`fields: { x: false }`): nothing detected, but token-shaped text escaped exactly
 * as anonymise escapes it (planText's input escapes, finished by anonymisePlanned), so `<PERSON_1>`
 * written there comes back as written instead of as whoever PERSON_1 is in the session.
 */
function escapeOnly(value: string, base: AnonymiseOptions & { session: string }, plan: Plan): Promise<AnonymiseResult> {
  return anonymisePlanned(value, planText(value, [], NOTHING_FOUND, base.session, base.mode ?? 'token'), base, plan);
}

function recordEntity(path: string, e: { type: string; start: number; end: number; action: AnonymiseAction; token?: string }, shift: number): RecordEntity {
  const out: RecordEntity = { path, type: e.type, action: e.action, start: e.start - shift, end: e.end - shift };
  if (e.token !== undefined) out.token = e.token;
  return out;
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
  return anonymiseRecordWith(record, options, defaultFlow);
}

/** anonymiseRecord with a flow (an engine's detectors and plans). */
export async function anonymiseRecordWith<T>(record: T, options: RecordOptions, flow: Flow): Promise<AnonymisedRecord<T>> {
  return (await recordRun(record, options, flow)).result;
}

/**
 * What was found elsewhere for a record's scanned leaves, read in leaf order, each given its input:
 * its spans, or its plan (`planText` under this call's policy, session and mode, before any vault
 * request) when the other thread planned too.
 */
export interface FoundScans {
  /** How many scans the record had where they were detected. */
  readonly count: number;
  next(input: string): readonly Entity[] | PlannedText;
}

/**
 * Records started together in `anonymiseRecordsFound`. Measured on the main thread of a whole-record
 * `llm` + SQLite scrub of 3 MB (profiled CPU, two runs each): one request per record 4.8–4.9 s,
 * groups of 8 3.5–3.6, of 32 3.2–3.3; a whole 64 KB task's records at once 3.2–4.2, their promises
 * and results kept alive across turns of the event loop doubling the time in GC (0.63–0.79 s
 * against 0.32–0.34).
 */
export const RECORD_GROUP = 32;

/**
 * anonymiseRecord on a batch of records, each with what was found for it elsewhere (`found[i]`:
 * record i's, or undefined to detect it here), started RECORD_GROUP at a time: a group's strings ask the vault in one request (one SQLite
 * transaction or Redis round trip), in record and leaf order, the order record after record asks in.
 * (A string whose output needs a second escape round, when two replacements side by side read as a
 * token, asks again after the group's first request: its LITERAL token is numbered there, as in the
 * text batches of src/batch/scrub.ts.) A group's spelling sheets are then saved record by record. Each entry is the record's
 * result, or the BadJsonError its walk refused it with; any other error fails the batch.
 * `options.session` should be set: without it each record gets a session of its own.
 */
export async function anonymiseRecordsFound<T>(records: readonly T[], options: RecordOptions, found: ReadonlyArray<FoundScans | undefined>): Promise<Array<AnonymisedRecord<T> | BadJsonError>> {
  const vault = options.vault ?? getDefaultVault();
  const shared = { ...options, vault: coalescingVault(vault) };
  const out: Array<AnonymisedRecord<T> | BadJsonError> = [];
  for (let at = 0; at < records.length; at += RECORD_GROUP) {
    const runs: Array<Promise<RecordRun<T>>> = [];
    for (let i = at; i < Math.min(records.length, at + RECORD_GROUP); i++) runs.push(recordRun(records[i]!, shared, defaultFlow, { found: found[i], deferSheets: true }));
    const settled = await Promise.allSettled(runs);
    for (const s of settled) if (s.status === 'rejected' && !(s.reason instanceof BadJsonError)) throw s.reason;
    for (const s of settled) {
      if (s.status === 'rejected') {
        out.push(s.reason as BadJsonError);
        continue;
      }
      await s.value.save?.(vault);
      out.push(s.value.result);
    }
  }
  return out;
}

/** A record's result, and (in a batch) the saving of its spelling sheets, left to the caller. */
interface RecordRun<T> {
  result: AnonymisedRecord<T>;
  save?: (vault: Vault) => Promise<void>;
}

async function recordRun<T>(record: T, options: RecordOptions, flow: Flow, batch?: InBatch): Promise<RecordRun<T>> {
  let copy: { value: unknown } | undefined;
  const out = await auditedLeaves(options, flow, () => {
    const leaves: Leaf[] = [];
    copy = copyJson(record, leaves);
    return leaves;
  }, () => copy!.value, batch);
  const result = { record: copy!.value as T, session: out.session, entities: out.entities, retyped: out.retyped };
  return out.save ? { result, save: out.save } : { result };
}

/** anonymiseLeaves with one audit event for the whole record when `options.audit` is set. */
async function auditedLeaves(options: RecordOptions, flow: Flow, leavesOf: () => Leaf[], output: () => unknown, batch?: InBatch): Promise<LeavesDone> {
  if (!options.audit) return anonymiseLeaves(leavesOf(), options, flow, output, undefined, batch);
  const facts = startFacts('anonymise', options);
  const counter = new ActionCounter();
  let policy: string | undefined;
  const named = (name: string | undefined): void => {
    policy = name;
  };
  return audited(options.audit, facts, () => anonymiseLeaves(leavesOf(), options, flow, output, { counter, named }, batch), (r) => ({ session: r.session, policy, entities: counter.counts }));
}

/** Put the originals back into every string of a record anonymised with `anonymiseRecord`. */
export async function deanonymiseRecord<T>(record: T, options: DeanonymiseRecordOptions): Promise<DeanonymisedRecord<T>> {
  if (!options || typeof options !== 'object') throw Errors.invalidOption('deanonymiseRecord needs { session }');
  const facts = startFacts('deanonymise', options);
  const leaves: Leaf[] = [];
  const copy = copyJson(record, leaves);
  const retyped = new Set(options.retyped ?? []);
  let restored = 0;
  const unknown: string[] = [];
  const seen = new Set<string>();
  // Each field's own spellings (src/records/sheets.ts), for exactly the record anonymiseRecord returned.
  const sheetKey = fieldSheetKeys(record);
  const restore = async (): Promise<void> => {
    for (const leaf of leaves) {
      if (leaf.wasNumber) continue;
      const r = await deanonymiseDetailed(leaf.value, { session: options.session, spellingsKey: sheetKey(leaf.path), ...(options.vault ? { vault: options.vault } : {}) });
      restored += r.restored.length;
      for (const u of r.unknown) {
        if (seen.has(u)) continue;
        seen.add(u);
        unknown.push(u);
      }
      let v: unknown = restoredValue(leaf.value, r.text);
      if (typeof v === 'string' && retyped.has(leaf.path) && JSON_NUMBER.test(v) && Number.isFinite(Number(v))) v = Number(v);
      if (v !== leaf.value) leaf.set(v);
    }
  };
  if (options.audit) await audited(options.audit, facts, restore, () => ({ restored, unknown: unknown.length }));
  else await restore();
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
  const r = await auditedLeaves(options, defaultFlow, () => leaves, () => out);
  return { row: out, session: r.session, entities: r.entities };
}

/** Restore a CSV row anonymised with `anonymiseCsvRow`. */
export async function deanonymiseCsvRow(row: readonly string[], options: DeanonymiseRecordOptions): Promise<{ row: string[]; restored: number; unknown: string[] }> {
  checkRow([], row);
  const r = await deanonymiseRecord(row.slice(), options);
  return { row: r.record, restored: r.restored, unknown: r.unknown };
}
