/**
 * What one chunk of work is, and how it runs. Used by the worker thread and by the in-process
 * mode (`threads: 0`) alike, so both produce exactly the same results.
 */
import { detect } from '../detect/detect.js';
import type { DetectOptions, Entity } from '../types.js';

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

export type BatchTask = DetectTask;

/** Per-thread state built once from the setup. */
export interface TaskContext {
  setup: WorkerSetup;
}

export function prepareContext(setup: WorkerSetup): TaskContext {
  return { setup };
}

/** detect() on prefix + text, keeping only spans wholly inside the text, offsets shifted back. */
export function detectWithPrefix(text: string, prefix: string | undefined, options?: DetectOptions): Entity[] {
  if (!prefix) return detect(text, options);
  const shift = prefix.length;
  const out: Entity[] = [];
  for (const e of detect(prefix + text, options)) {
    if (e.start < shift) continue;
    out.push({ ...e, start: e.start - shift, end: e.end - shift });
  }
  return out;
}

export function runTask(task: BatchTask, _ctx: TaskContext): Entity[][] {
  switch (task.op) {
    case 'detect': {
      const { texts, prefixes, options } = task;
      return texts.map((t, i) => detectWithPrefix(t, prefixes?.[i], options));
    }
  }
}
