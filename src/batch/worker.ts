/**
 * The piscina worker entry (built on its own to dist/worker.js and dist/worker.cjs). Importing it
 * compiles every detector once per thread; the default export resolves to the task handler only
 * after a warm-up pass, so lexicons and the name model are loaded before the first real task.
 * A task carries many records (a chunk), never one, so message passing stays a small cost.
 */
import { workerData } from 'piscina';
import { registerDetector } from '../detect/detect.js';
import { detect } from '../resolve/detect.js';
import type { DetectorSpec } from '../detect/define.js';
import { prepareContext, runTask, type BatchTask, type WorkerSetup } from './tasks.js';

async function load(): Promise<(task: BatchTask) => unknown> {
  const setup = (workerData ?? {}) as WorkerSetup;
  // Users' detectors: a module's default export (or `detectors`) is an array of specs, registered
  // into this thread's own registry (a module calling registerDetector itself would reach another copy).
  for (const mod of setup.detectorModules ?? []) {
    const m = (await import(mod)) as { default?: DetectorSpec[]; detectors?: DetectorSpec[] };
    for (const spec of m.default ?? m.detectors ?? []) registerDetector(spec);
  }
  // Warm-up: the first detect call pulls in lazily built state (lexicons, the name model).
  detect('warm up: Asha Rao, 2345 6789 0124');
  const ctx = prepareContext(setup);
  return (task: BatchTask) => runTask(task, ctx);
}

export default load();
