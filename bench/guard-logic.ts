/**
 * The arithmetic of `npm run bench:guard`, kept pure so it can be tested without timing anything.
 *
 * A guard figure is a ratio: pipeline time / yardstick time, both measured in the same process,
 * interleaved (Y P Y P ... Y), so a machine that is slower or busier for a while slows both sides.
 * Each pipeline sample is divided by the mean of the two yardstick samples around it, and the
 * figure is the median of those ratios. The guard goes round the workloads (Y A Y B Y C Y A ...), so
 * a slow minute on a shared machine lands on every ratio alike instead of on one of them.
 */
import { median } from './lib.js';

export interface LimitEntry {
  /** Fail when the measured ratio is above this. */
  limit: number;
  /** Median ratio measured when the limit was set (for the README and for judging drift). */
  measured: number;
  /** What is being compared, in words. */
  what: string;
}

export interface Limits {
  /** Free text: how the limits were chosen. */
  note?: string;
  ratios: Record<string, LimitEntry>;
}

export interface Verdict {
  name: string;
  ratio: number;
  limit: number;
  ok: boolean;
}

/** One pipeline sample with the yardstick samples taken just before and just after it. */
export interface Bracketed {
  before: number;
  pipe: number;
  after: number;
}

/** Median of pipe / mean(before, after) over the samples. */
export function bracketedRatio(samples: readonly Bracketed[]): number {
  if (samples.length === 0) throw new Error('no pipeline samples');
  const ratios = samples.map(({ before, pipe, after }) => {
    const y = (before + after) / 2;
    if (!(before > 0) || !(after > 0) || !(pipe >= 0)) throw new Error('samples must be positive durations');
    return pipe / y;
  });
  return median(ratios);
}

/**
 * Ratios of interleaved samples: `yard` holds one more sample than `pipe`; pipe[i] ran between
 * yard[i] and yard[i + 1]. Returns the median of pipe[i] / mean(yard[i], yard[i + 1]).
 */
export function interleavedRatio(yard: readonly number[], pipe: readonly number[]): number {
  if (pipe.length === 0) throw new Error('no pipeline samples');
  if (yard.length !== pipe.length + 1) throw new Error('need one more yardstick sample than pipeline samples (Y P Y ... P Y)');
  return bracketedRatio(pipe.map((p, i) => ({ before: yard[i]!, pipe: p, after: yard[i + 1]! })));
}

/** Check a parsed bench/limits.json; throws on a malformed file (a guard must not pass by accident). */
export function parseLimits(json: unknown): Limits {
  if (!json || typeof json !== 'object') throw new Error('limits.json must be an object');
  const ratios = (json as { ratios?: unknown }).ratios;
  if (!ratios || typeof ratios !== 'object' || Object.keys(ratios).length === 0) throw new Error('limits.json needs a non-empty "ratios" object');
  for (const [name, e] of Object.entries(ratios as Record<string, unknown>)) {
    const entry = e as Partial<LimitEntry> | null;
    if (!entry || typeof entry.limit !== 'number' || !(entry.limit > 0) || !Number.isFinite(entry.limit)) {
      throw new Error(`limits.json: ratio "${name}" needs a positive finite "limit"`);
    }
    if (typeof entry.measured !== 'number' || !(entry.measured > 0)) throw new Error(`limits.json: ratio "${name}" needs the "measured" ratio it was set from`);
    if (entry.limit < entry.measured) throw new Error(`limits.json: ratio "${name}" has a limit below the ratio it was measured at`);
  }
  return json as Limits;
}

/**
 * One verdict per limit. A limit with no measurement fails (a renamed or dropped measurement must
 * not silently stop guarding); a measurement with no limit is an error in the guard itself.
 */
export function judge(measured: Readonly<Record<string, number>>, limits: Limits): Verdict[] {
  for (const name of Object.keys(measured)) {
    if (!(name in limits.ratios)) throw new Error(`no limit for measured ratio "${name}": add it to bench/limits.json`);
  }
  return Object.entries(limits.ratios).map(([name, { limit }]) => {
    const ratio = measured[name];
    const ok = ratio !== undefined && Number.isFinite(ratio) && ratio <= limit;
    return { name, ratio: ratio ?? NaN, limit, ok };
  });
}

/** A limit with headroom: `factor` × the measured median ratio, rounded up to 2 significant digits. */
export function limitFor(measuredRatio: number, factor: number): number {
  const x = measuredRatio * factor;
  const p = Math.pow(10, 1 - Math.floor(Math.log10(x)));
  return Math.ceil(x * p) / p;
}
