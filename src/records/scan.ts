// How the record walker scans each leaf of a record: not at all, escaped only (`fields: { x: false }`),
// or detected on the value, behind a label made of its field's name. anonymiseRecord runs the
// detection itself; a batch (the pool's `records` task, src/batch/tasks.ts) runs it in a worker
// thread over many records at once and hands the spans to the caller's walk of the same records.
import { Errors } from '../errors.js';
import type { DetectOptions, Entity } from '../types.js';
import { fieldDetector, fieldHint, fieldKey, fieldLabel, type Detect } from './fields.js';
import { copyJson, type Leaf } from './json.js';

/** A leaf detection runs on: `input` is the value, or `label: value` when the leaf has a label. */
export interface LeafScan {
  leaf: Leaf;
  input: string;
  /** The field's words in front of the value ('' for none). */
  label: string;
  hint: string | undefined;
}

/** What the walk does with one leaf: skip it (undefined), escape only, or detect (`LeafScan`). */
export type LeafStep = LeafScan | { leaf: Leaf; escape: true } | undefined;

/** `RecordOptions.fields` checked and keyed by `fieldKey`. */
export function fieldsOption(fields: Readonly<Record<string, string | false>> | undefined): Map<string, string | false> {
  const out = new Map<string, string | false>();
  for (const [k, v] of Object.entries(fields ?? {})) {
    if (v !== false && typeof v !== 'string') throw Errors.invalidOption(`fields.${k} must be an entity type name or false`);
    out.set(fieldKey(k), v);
  }
  return out;
}

/**
 * What the walker does with `leaf`: numbers only under a hinted field, empty strings never; a field
 * set to `false` is escaped only; a named field is scanned behind its label.
 */
export function leafStep(leaf: Leaf, fields: ReadonlyMap<string, string | false>): LeafStep {
  const key = leaf.field === undefined ? undefined : fieldKey(leaf.field);
  const configured = key === undefined ? undefined : fields.get(key);
  const hint = configured === false ? undefined : configured ?? (key === undefined ? undefined : fieldHint(key));
  if (leaf.wasNumber && !hint) return undefined;
  if (leaf.value.length === 0) return undefined;
  if (configured === false) return { leaf, escape: true };
  const label = leaf.field !== undefined ? fieldLabel(leaf.field, hint) : '';
  return { leaf, input: label ? `${label}: ${leaf.value}` : leaf.value, label, hint };
}

/** Whether a step detects (not skipped, not escape-only). */
export function isScan(step: LeafStep): step is LeafScan {
  return step !== undefined && !('escape' in step);
}

/**
 * The spans of one scan: `detect` on the input, and for a labelled leaf the field detector's rules
 * (spans inside the label dropped, the hinted type forced when the value is plausible for it).
 */
export function detectScan(scan: LeafScan, options: DetectOptions | undefined, detect: Detect): readonly Entity[] {
  return scan.label ? fieldDetector(scan.label, scan.hint, options, detect)(scan.input) : detect(scan.input, options);
}

/** Detects a batch of texts, answering as `Detect` would for each (`detectMany`). */
export type DetectMany = (texts: readonly string[], options?: DetectOptions) => Entity[][];

/** Scans of a batch of records, and per record how many (-1: the walk refused it, see `BadJsonError`). */
export interface RecordScans {
  scans: LeafScan[];
  counts: Int32Array;
}

/** Walk each record (a copy, discarded) for its scans, as anonymiseRecord would with these `fields`. */
export function recordScans(records: readonly unknown[], fields: Readonly<Record<string, string | false>> | undefined): RecordScans {
  const keyed = fieldsOption(fields);
  const scans: LeafScan[] = [];
  const counts = new Int32Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const leaves: Leaf[] = [];
    try {
      copyJson(records[i], leaves);
    } catch {
      // The caller's own walk of this record throws the same error, and reports it its way.
      counts[i] = -1;
      continue;
    }
    const before = scans.length;
    for (const leaf of leaves) {
      const step = leafStep(leaf, keyed);
      if (isScan(step)) scans.push(step);
    }
    counts[i] = scans.length - before;
  }
  return { scans, counts };
}

/**
 * The spans of many scans at once: every input through `detectMany` (part by part over a large
 * batch), then each scan's own rules, whose first detection is the batch's answer for its input.
 * The same spans as `detectScan` on each.
 */
export function detectScans(scans: readonly LeafScan[], options: DetectOptions | undefined, detect: Detect, many: DetectMany): Entity[][] {
  const first = many(
    scans.map((s) => s.input),
    options,
  );
  const out: Entity[][] = new Array(scans.length);
  for (let k = 0; k < scans.length; k++) {
    const scan = scans[k]!;
    const found = first[k]!;
    if (!scan.label) {
      out[k] = found;
      continue;
    }
    // The field detector asks for `detect(input, options)` first: that is the batch's answer. Any
    // other question (the hinted type alone, to confirm a forced value) is asked for real.
    const served: Detect = (text, o) => (o === options && text === scan.input ? found : detect(text, o));
    out[k] = [...detectScan(scan, options, served)];
  }
  return out;
}
