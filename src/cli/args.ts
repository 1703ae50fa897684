/** Argument parsing helpers over node:util parseArgs: usage errors exit 2 with a readable message. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parse(argv: string[], options: Options): Parsed {
  try {
    const r = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: r.values as Parsed['values'], positionals: r.positionals };
  } catch (err) {
    // parseArgs messages name the option, never a value worth hiding.
    throw new UsageError((err as Error).message);
  }
}

export function str(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function flag(p: Parsed, name: string): boolean {
  return p.values[name] === true;
}

/** A repeatable option, each value also split on commas ("--field a --field b" or "--field a,b"). */
export function list(p: Parsed, name: string): string[] {
  const v = p.values[name];
  const raw = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return raw.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
}

export function int(p: Parsed, name: string, min: number): number | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}`);
  return n;
}

export function num(p: Parsed, name: string, lo: number, hi: number): number | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n >= lo && n <= hi)) throw new UsageError(`--${name} must be a number in [${lo}, ${hi}]`);
  return n;
}

/** `--shard k/n`: keep records whose 0-based index i has i % n === k. */
export function shard(p: Parsed): { k: number; n: number } | undefined {
  const v = str(p, 'shard');
  if (v === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(v);
  const k = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || !(n >= 1) || !(k >= 0 && k < n)) throw new UsageError('--shard must be k/n with 0 ≤ k < n, e.g. 0/2');
  return { k, n };
}

/** The options every file-processing command shares. */
export const COMMON = {
  help: { type: 'boolean', short: 'h' },
  quiet: { type: 'boolean', short: 'q' },
  format: { type: 'string' },
  field: { type: 'string', multiple: true },
  columns: { type: 'string', multiple: true },
  threads: { type: 'string', short: 't' },
  'skip-bad': { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  shard: { type: 'string' },
} as const satisfies Options;
