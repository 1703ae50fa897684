/**
 * Shared pieces of the benchmarks: the labelled corpus, equal-sized prompts cut from it, the entity
 * lists "with names" and "without names", the machine description, and small statistics helpers.
 * Everything here is deterministic: the same corpus gives the same inputs in every run.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem, availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CorpusRecord as GeneratedRecord } from '../corpus/gen/builder.js';
import { ENTITY_TYPES } from '../src/index.js';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(BENCH_DIR, '..');

// The corpus record shape is the generator's own (corpus/gen/builder.ts); the bench reads only these fields.
export type CorpusRecord = Pick<GeneratedRecord, 'id' | 'text' | 'spans'>;
export type { Span as GoldSpan } from '../corpus/gen/builder.js';

function readJsonl(file: string): CorpusRecord[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as CorpusRecord);
}

/** corpus.jsonl followed by tricky.jsonl, in file order. */
export function loadCorpus(): CorpusRecord[] {
  return [...readJsonl(join(ROOT, 'corpus/corpus.jsonl')), ...readJsonl(join(ROOT, 'corpus/tricky.jsonl'))];
}

export const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Every built-in type: detection "with names". */
export const WITH_NAMES: readonly string[] = [...ENTITY_TYPES];
/** Every built-in type except PERSON: detection "without names". */
export const WITHOUT_NAMES: readonly string[] = ENTITY_TYPES.filter((t) => t !== 'PERSON');

/**
 * Prompts of about `bytes` UTF-8 bytes: whole corpus records joined by blank lines, starting at
 * `count` different places in the corpus, so a latency run cycles through distinct texts. A prompt
 * stops at the first record boundary at or past `bytes`, then is cut to `bytes` (on a character).
 */
export function prompts(records: readonly CorpusRecord[], bytes: number, count: number): string[] {
  const out: string[] = [];
  const stride = Math.max(1, Math.floor(records.length / count));
  for (let k = 0; k < count; k++) {
    let text = '';
    for (let i = k * stride; utf8Bytes(text) < bytes; i = (i + 1) % records.length) {
      text += (text ? '\n\n' : '') + records[i]!.text;
    }
    while (utf8Bytes(text) > bytes) text = text.slice(0, text.length - Math.max(1, Math.floor((utf8Bytes(text) - bytes) / 3)));
    out.push(text);
  }
  return out;
}

/** The 15 identifier types (issue 11's "identifiers only"): every type but PERSON, HEALTH, CITY, AGE, DOB, PIN. */
export const IDENTIFIERS: readonly string[] = ENTITY_TYPES.filter((t) => !['PERSON', 'HEALTH', 'CITY', 'AGE', 'DATE_OF_BIRTH', 'PIN_CODE'].includes(t));

/**
 * Dense text: corpus records joined by blank lines, cut into chunks of about `chunk` bytes (≈ 21 values
 * per KB: far denser than real text). Returned as chunks so every tool sees the same calls.
 */
export function denseChunks(records: readonly CorpusRecord[], bytes: number, chunk = 64 * 1024): string[] {
  const out: string[] = [];
  let cur = '';
  let total = 0;
  for (let i = 0; total < bytes; i = (i + 1) % records.length) {
    const t = records[i]!.text;
    cur += (cur ? '\n\n' : '') + t;
    total += utf8Bytes(t) + 2;
    if (utf8Bytes(cur) >= chunk) {
      out.push(cur);
      cur = '';
    }
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * Prose: the README files of the installed npm packages (sorted by package name, so the same lockfile
 * gives the same text) with one corpus record inserted every 4 KB — ordinary text where personal data
 * is rare, as in most of what passes through a redactor. Chunks of about `chunk` bytes.
 */
export function proseChunks(records: readonly CorpusRecord[], bytes: number, chunk = 64 * 1024): string[] {
  const nm = join(ROOT, 'node_modules');
  const names = readdirSync(nm).flatMap((d) => (d.startsWith('@') ? readdirSync(join(nm, d)).map((n) => `${d}/${n}`) : [d])).sort();
  const out: string[] = [];
  let cur = '';
  let sinceRecord = 0;
  let total = 0;
  let r = 0;
  for (const name of names) {
    const f = join(nm, name, 'README.md');
    if (!existsSync(f)) continue;
    for (const para of readFileSync(f, 'utf8').split(/\n{2,}/)) {
      cur += `${para}\n\n`;
      sinceRecord += utf8Bytes(para) + 2;
      if (sinceRecord >= 4096) {
        cur += `${records[r++ % records.length]!.text}\n\n`;
        sinceRecord = 0;
      }
      if (utf8Bytes(cur) >= chunk) {
        total += utf8Bytes(cur);
        out.push(cur);
        cur = '';
        if (total >= bytes) return out;
      }
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** One mixed text of `bytes` bytes from the start of the corpus (the per-detector input). */
export function mixedText(records: readonly CorpusRecord[], bytes: number): string {
  return prompts(records, bytes, 1)[0]!;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Nearest-rank percentile, p in [0, 100]. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1]!;
}

export const mbPerSec = (bytes: number, ms: number): number => bytes / 1e6 / (ms / 1000);

/** Run `fn` until both `minRuns` runs and `minMs` milliseconds have passed (JIT warm-up). */
export function warmSync(fn: () => unknown, minRuns = 5, minMs = 500): void {
  const t0 = performance.now();
  for (let i = 0; i < minRuns || performance.now() - t0 < minMs; i++) fn();
}

export async function warmAsync(fn: () => Promise<unknown>, minRuns = 5, minMs = 500): Promise<void> {
  const t0 = performance.now();
  for (let i = 0; i < minRuns || performance.now() - t0 < minMs; i++) await fn();
}

/**
 * CPU time of this process in milliseconds (user + system, all threads). On a shared machine the
 * wall clock also counts the time other processes held the core; CPU time does not, so a
 * single-threaded figure taken in CPU time is the cost "on one core" even when the machine is busy.
 * It includes V8's own helper threads (concurrent GC and compilation): part of the real cost.
 */
export function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export interface Timing {
  wall: number;
  cpu: number;
}

export function measureSync(fn: () => unknown): Timing {
  const c0 = cpuNow();
  const t0 = performance.now();
  fn();
  return { wall: performance.now() - t0, cpu: cpuNow() - c0 };
}

export async function measureAsync(fn: () => Promise<unknown>): Promise<Timing> {
  const c0 = cpuNow();
  const t0 = performance.now();
  await fn();
  return { wall: performance.now() - t0, cpu: cpuNow() - c0 };
}

/**
 * Passes a throughput row runs before it is timed. V8 compiles kavach's functions as they get hot,
 * on helper threads whose CPU time this process's clock counts: measured on 1 MB of dense text in a
 * fresh process, pass 1 took 1,549 ms CPU (835 wall), pass 2 281 (199), passes 3-6 206-234 (181-184),
 * and from pass 7 on 178-192 (177-185), where CPU time first equals wall time; prose settles at the
 * same pass (591/314 ms, then 73-79/69-70 from pass 7). One warm-up pass, as the rows took before,
 * left 10-30 % of compiler CPU inside the timed rounds (prose detect read 10.8 MB/s CPU against
 * 13.9 wall).
 */
export const STEADY_PASSES = 8;

/**
 * Warm-up rounds for rows timed side by side: every pass once per round, in the order the timed
 * rounds run them, `rounds` times (so no pass's feedback is changed by the others after it warmed).
 * Returns, per pass, CPU over wall time in the last round: ~1 once V8's compiler threads are idle.
 */
export async function warmRounds(passes: ReadonlyArray<() => Promise<unknown>>, rounds = STEADY_PASSES): Promise<number[]> {
  const last = passes.map(() => 1);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < passes.length; k++) {
      const t = await measureAsync(passes[k]!);
      last[k] = t.cpu / Math.max(t.wall, 1e-9);
    }
  }
  return last;
}

export function timeSync(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGB: number;
  freeMemoryGB: number;
  /** 1-minute load average when the run started: a figure taken on a busy machine is slower. */
  loadAverage1m: number;
  node: string;
  v8: string;
  platform: string;
  date: string;
}

export function machine(): MachineInfo {
  const c = cpus();
  return {
    cpu: c[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform}-${process.arch}`,
    date: new Date().toISOString(),
  };
}

/** Round to `digits` significant digits (figures in JSON and tables). */
export function sig(x: number, digits = 3): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(digits));
}

/** A plain text table: first row is the header. */
export function table(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? String(sig(c)) : c)));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/**
 * CPU time so far of each thread of process `pid` ('self' for this one), in 10 ms ticks (utime + stime
 * of /proc/<pid>/task/<tid>/stat, 100 Hz), by thread id; undefined where there is no /proc (not Linux)
 * or the process has gone. A thread that ends between the listing and its read is left out.
 */
export function threadTicks(pid: number | 'self'): Map<string, number> | undefined {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  const ticks = new Map<string, number>();
  for (const tid of tids) {
    try {
      const s = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      ticks.set(tid, Number(f[11]) + Number(f[12]));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return ticks;
}
