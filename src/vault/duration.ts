// Durations of vault options (ttl): a positive number of ms, or "90d" / "12h" / "30m" / "45s" / "500ms".
import { Errors } from '../errors.js';

export const DAY_MS = 24 * 60 * 60 * 1000;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS };

/** Parse a duration option: a positive number of ms or "<n><ms|s|m|h|d>". */
export function parseDuration(v: number | string, what = 'ttl'): number {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
  if (typeof v === 'string') {
    const m = /^(\d{1,12})(ms|s|m|h|d)$/.exec(v.trim());
    if (m) return Number(m[1]) * UNITS[m[2]!]!;
  }
  throw Errors.invalidOption(`${what} must be a positive number of milliseconds or a string like "90d"`);
}
