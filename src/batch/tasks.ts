/**
 * What one chunk of work is, and how it runs. Used by the worker thread and by the in-process
 * mode (`threads: 0`) alike, so both produce exactly the same results.
 *
 * Four kinds of task:
 * - `detect`: spans only. The caller anonymises them (policy, escaping, vault) in its own thread.
 * - `plan`: detect and decide under a policy (`planText`; kavach scrub sends it for one that
 *   pseudonymises, the pool for any that travels): the caller only asks the vault for tokens, builds
 *   the outputs and writes, so tokens come from one vault in input order.
 * - `records`: spans of whole JSON records as the record walker detects them (each string behind its
 *   field's label, src/records/scan.ts). The caller walks the same records and anonymises them with
 *   these spans (or plans, under a policy that travels), in input order (`anonymiseRecordsAnswer`).
 * - `scrub`: the whole job for a policy that pseudonymises nothing (the `dataset` preset): detect,
 *   decide and rewrite here, with a vault that refuses to be asked. A text that does need the vault
 *   anyway (token-shaped input is escaped with a vault token) comes back as its spans, and the caller
 *   anonymises just that text in its thread, in input order, so numbering is what one thread gives.
 */
import { anonymise, planText, type PlannedText } from '../anonymise.js';
import type { BoundPolicy, PolicyInput } from '../decide/input.js';
import { bindPolicy } from '../transform/compile.js';
import { detect, detectMany } from '../resolve/detect.js';
import { detectScans, recordScans } from '../records/scan.js';
import { Errors } from '../errors.js';
import { packPlans, packSpans, type PackedPlans, type PackedSpans } from './packed.js';
import type { DetectOptions, Entity } from '../types.js';
import type { TokenMode, Vault } from '../vault/interface.js';

/** Cloned into every worker once (workerData). Never logged. */
export interface WorkerSetup {
  /** File URLs of modules whose default export (or `detectors` export) is an array of DetectorSpec. */
  detectorModules?: string[];
}

/** Detect in every text of the chunk. */
export interface DetectTask {
  op: 'detect';
  texts: string[];
  /**
   * Context for each text (e.g. a CSV column name "aadhaar: "): detection runs on prefix + text,
   * spans inside the prefix are dropped and offsets are given relative to the text.
   */
  prefixes?: Array<string | undefined>;
  options?: DetectOptions;
}

/**
 * A policy as a worker rebuilds it: its input (a preset name or plain policy data) and the key
 * material it was bound to in the caller's thread, so hashes agree with the caller's byte for byte.
 * `id` names the binding: a thread binds each id once.
 */
export interface PolicySpec {
  id: string;
  input: PolicyInput | undefined;
  keyMaterial?: Uint8Array | undefined;
}

/** Texts to run under a policy: what the scrub and plan tasks share. */
interface PolicyTexts {
  texts: string[];
  prefixes?: Array<string | undefined>;
  detect?: DetectOptions;
  policy: PolicySpec;
  session: string;
  mode: TokenMode;
}

/** Detect, decide and rewrite every text under a policy that pseudonymises nothing. */
export interface ScrubTask extends PolicyTexts {
  op: 'scrub';
}

export interface ScrubTaskResult {
  /** The rewritten texts; null where the text needs the vault (see `redo`). */
  texts: Array<string | null>;
  /** Indices of the texts that need the vault, in order, with their spans. */
  redo: number[];
  found: Entity[][];
  /** Spans replaced or kept per type (escapes not counted), over the texts done here. */
  counts: Array<[string, number]>;
}

/**
 * Detect and plan every text under a policy: what anonymise decides before it asks the vault
 * (src/anonymise.ts `planText`). The caller allocates tokens and writes, in input order.
 */
export interface PlanTask extends PolicyTexts {
  op: 'plan';
}

/**
 * Detect in whole JSON records as anonymiseRecord would, with these `fields` (RecordOptions.fields);
 * with `plan`, also plan each scanned leaf under that policy (its decisions, before any vault request).
 */
export interface RecordsTask {
  op: 'records';
  records: unknown[];
  detect?: DetectOptions;
  fields?: Record<string, string | false>;
  plan?: { policy: PolicySpec; session: string; mode: TokenMode };
}

export interface RecordsTaskResult {
  /** Scanned leaves per record, in order (-1: the walk refused the record; the caller's walk says why). */
  counts: Int32Array;
  /** Their spans, scan after scan (read with `SpanReader`, given each scan's input); without `plan`. */
  spans?: PackedSpans | Entity[][];
  /** Their plans, scan after scan (`unpackPlans`); with `plan`. */
  plans?: PackedPlans | PlannedText[];
}

export type BatchTask = DetectTask | ScrubTask | PlanTask | RecordsTask;

/** Per-thread state built once from the setup. */
export interface TaskContext {
  setup: WorkerSetup;
  /** The last policy bound in this thread (a run uses one). */
  policy?: { id: string; bound: BoundPolicy };
}

export function prepareContext(setup: WorkerSetup): TaskContext {
  return { setup };
}

/**
 * The spans of every text of a task: detection on prefix + text (a field's name as context), keeping
 * only spans wholly inside the text, offsets shifted back. Through `detectMany`: a batch of short
 * records runs part by part (the same spans as text by text, at less cost).
 */
export function detectAllWithPrefix(texts: readonly string[], prefixes: ReadonlyArray<string | undefined> | undefined, options?: DetectOptions): Entity[][] {
  if (!prefixes) return detectMany(texts, options);
  const found = detectMany(texts.map((t, i) => (prefixes[i] ? prefixes[i] + t : t)), options);
  return found.map((f, i) => (prefixes[i] ? inText(f, prefixes[i].length) : f));
}

/** The spans of `found` wholly after a prefix of `shift` units, offsets shifted back. */
function inText(found: readonly Entity[], shift: number): Entity[] {
  const out: Entity[] = [];
  for (const e of found) {
    if (e.start < shift) continue;
    out.push({ ...e, start: e.start - shift, end: e.end - shift });
  }
  return out;
}

/** Thrown by the refusing vault: this text needs tokens, so its caller's thread must anonymise it. */
const NEEDS_VAULT = Symbol('kavach.needsVault');

/**
 * A vault that holds nothing and refuses every request. `anonymise` under a policy that pseudonymises
 * nothing asks a vault only to escape token-shaped input; such a text is handed back (NEEDS_VAULT).
 */
const refusingVault: Vault = {
  store: 'none',
  keyId: 'none',
  ephemeralKey: true,
  tokenize: () => Promise.reject(NEEDS_VAULT),
  reveal: () => Promise.reject(NEEDS_VAULT),
  surrogates: () => Promise.reject(NEEDS_VAULT),
  forgetSession: () => Promise.reject(NEEDS_VAULT),
  forgetValue: () => Promise.reject(NEEDS_VAULT),
  exportValue: () => Promise.reject(NEEDS_VAULT),
  purgeExpired: () => Promise.reject(NEEDS_VAULT),
  rotateKey: () => Promise.reject(NEEDS_VAULT),
  stats: () => Promise.reject(NEEDS_VAULT),
  close: () => Promise.resolve(),
};

function boundPolicy(spec: PolicySpec, ctx: TaskContext): BoundPolicy {
  if (ctx.policy?.id !== spec.id) {
    // A job's binding: `hash` may keep recent outputs (a dataset names the same people again) until
    // the thread is given another job's policy or stops.
    const bound = bindPolicy(spec.input, { ...(spec.keyMaterial !== undefined ? { keyMaterial: spec.keyMaterial } : {}), hashMemo: true });
    ctx.policy = { id: spec.id, bound };
  }
  return ctx.policy.bound;
}

/** The plans go packed (src/batch/packed.ts), with no detected text in them. */
function runPlan(task: PlanTask, ctx: TaskContext): PackedPlans | PlannedText[] {
  const policy = boundPolicy(task.policy, ctx);
  const found = detectAllWithPrefix(task.texts, task.prefixes, task.detect);
  const out: PlannedText[] = new Array(task.texts.length);
  for (let i = 0; i < task.texts.length; i++) out[i] = planText(task.texts[i]!, found[i]!, policy, task.session, task.mode);
  return packPlans(out);
}

async function runScrub(task: ScrubTask, ctx: TaskContext): Promise<ScrubTaskResult> {
  const policy = boundPolicy(task.policy, ctx);
  if (policy.compiled.reversible) throw Errors.internal('a scrub task was given a policy that pseudonymises');
  const out: ScrubTaskResult = { texts: [], redo: [], found: [], counts: [] };
  const counts = new Map<string, number>();
  const all = detectAllWithPrefix(task.texts, task.prefixes, task.detect);
  for (let i = 0; i < task.texts.length; i++) {
    const text = task.texts[i]!;
    const found = all[i]!;
    let r;
    try {
      r = await anonymise(text, { session: task.session, mode: task.mode, policy, vault: refusingVault, detector: () => found });
    } catch (err) {
      if (err !== NEEDS_VAULT) throw err;
      out.texts.push(null);
      out.redo.push(i);
      out.found.push(found);
      continue;
    }
    out.texts.push(r.text);
    for (const e of r.entities) if (e.action !== 'escape') counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
  }
  out.counts = [...counts];
  return out;
}

function runRecords(task: RecordsTask, ctx: TaskContext): RecordsTaskResult {
  const { scans, counts } = recordScans(task.records, task.fields);
  const found = detectScans(scans, task.detect, detect, detectMany);
  if (!task.plan) return { counts, spans: packSpans(found) };
  const { session, mode } = task.plan;
  const policy = boundPolicy(task.plan.policy, ctx);
  const out: PlannedText[] = new Array(scans.length);
  for (let k = 0; k < scans.length; k++) out[k] = planText(scans[k]!.input, found[k]!, policy, session, mode);
  return { counts, plans: packPlans(out) };
}

/** Detect and plan tasks answer packed (src/batch/packed.ts): `unpackAnswer(task, answer)` gives the spans and the plans. */
export function runTask(task: BatchTask, ctx: TaskContext): PackedSpans | Entity[][] | PackedPlans | PlannedText[] | RecordsTaskResult | Promise<ScrubTaskResult> {
  switch (task.op) {
    case 'detect': {
      const { texts, prefixes, options } = task;
      return packSpans(detectAllWithPrefix(texts, prefixes, options));
    }
    case 'scrub':
      return runScrub(task, ctx);
    case 'plan':
      return runPlan(task, ctx);
    case 'records':
      return runRecords(task, ctx);
  }
}
