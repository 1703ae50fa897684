import { KavachError } from '../errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90d", "12h", "30m", "45s", "500ms" or a number of milliseconds. */
export function parseDuration(v: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(v.trim());
  if (!m) throw new KavachError('INVALID_OPTION', `${what} must be a duration such as 90d, 12h or 30m`);
  const ms = Number(m[1]) * UNITS[m[2] ?? 'ms']!;
  if (!(ms > 0)) throw new KavachError('INVALID_OPTION', `${what} must be more than 0`);
  return ms;
}
