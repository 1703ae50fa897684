/**
 * `kavach scrub --threads 2` against `--threads 1` on one generated input, from the BUILT CLI (a
 * private build by source hash, like the tests). Issue 11's target: ≥ 1.8× wall clock, for the
 * `dataset` preset (the worker threads do the whole job) and for `llm` with a SQLite vault (the
 * threads detect; tokens are allocated in the main thread).
 *
 *   tsx bench/scrub-threads.ts [--mb 15] [--format text|jsonl|csv|records] [--cases dataset,llm-sqlite] [--json out.json] [--no-ceiling]
 *
 * `jsonl` scrubs one field (`--field text`); `records` scrubs whole JSONL records through the record
 * walker (no --field): the corpus's JSON texts as they are, the others as a record with a note and
 * a contact.
 *
 * Also a section of `npm run bench` (bench/run.ts), beside the machine's own two-thread ceiling
 * (bench/ceiling.ts), which this script measures too unless --no-ceiling.
 *
 * Each case runs `--threads 1`, `--threads 2`, then `--threads 1` again (drift in the machine's load
 * shows as two different baselines), and checks the two outputs byte for byte. Per run: wall
 * seconds, and CPU seconds of the main thread and of every other thread (worker threads plus V8's
 * helpers), sampled from /proc/<pid>/task every 20 ms. The projected ratio is what the CPU figures
 * give on an idle machine with `cores` cores: a run takes at least its busiest thread's time, at
 * least the main thread's, and at least all its CPU spread over the cores. On a shared machine
 * the wall ratio says little and the projection is the figure to read. Other tenants also inflate
 * the CPU time of two busy threads (shared caches), so a second projection takes the threads' work
 * from the --threads 1 runs for both sides (`projected, same work`).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtCli } from '../test/batch/built.js';
import { generateKey } from '../src/vault/keys.js';
import { twoThreadCeiling, type Ceiling } from './ceiling.js';
import { loadCorpus, threadTicks } from './lib.js';

const TARGET = 1.8;
const ENV = { ...process.env, KAVACH_KEY: generateKey(), KAVACH_KEY_FILE: undefined, KAVACH_VAULT: undefined };

export interface ScrubThreadsOptions {
  /** MB of input generated from the corpus (default 15). */
  mb?: number;
  format?: 'text' | 'jsonl' | 'csv' | 'records';
  /** dataset, llm-sqlite (default both). */
  cases?: string[];
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

export interface ScrubThreadsRow {
  case: string;
  format: string;
  mb: number;
  wall1: number;
  wall2: number;
  wallRatio: number;
  projectedRatio: number;
  projectedSameWork: number;
  /**
   * The most the 2-thread run's CPU allows: the 1-thread wall time over the 2-thread run's CPU (all
   * threads) spread evenly over the cores. No scheduling of that run can beat it.
   */
  cpuBound: number;
  mainCpu1: number;
  otherCpu1: number;
  mainCpu2: number;
  otherCpu2: number;
  /**
   * Of the other threads' CPU, what the threads beyond the `--threads` busiest ones ran (the busiest
   * are the workers): V8's helpers, mostly its optimising compiler, which every worker's isolate
   * runs again for itself (with --no-concurrent-recompilation these threads run ~0.05 s and the
   * workers that much longer). Threads are not named here, so this is by CPU rank.
   */
  helperCpu1: number;
  helperCpu2: number;
  sameBytes: true;
  met: boolean;
}

export interface ScrubThreadsResult {
  target: string;
  cores: number;
  loadBefore: number[];
  loadAfter: number[];
  rows: ScrubThreadsRow[];
}

interface Run {
  threads: number;
  wall: number;
  mainCpu: number;
  otherCpu: number;
  /** CPU of the other threads but the `threads` busiest (see ScrubThreadsRow.helperCpu1). */
  helperCpu: number;
  digest: string;
}

/** One scrub of the built CLI, its wall time and its threads' CPU time (main vs the rest). */
function scrub(args: string[], output: string, threads: number): Promise<Run> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [builtCli(), 'scrub', ...args, '-o', output, '--threads', String(threads), '-q'], {
    env: ENV,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  // Last seen CPU ticks per thread: a thread's counters only grow, and the process's are gone at exit.
  const ticks = new Map<string, number>();
  const sample = (): void => {
    for (const [tid, t] of threadTicks(child.pid!) ?? []) ticks.set(tid, t);
  };
  const timer = setInterval(sample, 20);
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      clearInterval(timer);
      const wall = (performance.now() - t0) / 1000;
      if (code !== 0) return reject(new Error(`scrub --threads ${threads} exited ${code}: ${stderr}`));
      let main = 0;
      let all = 0;
      const others: number[] = [];
      for (const [tid, t] of ticks) {
        all += t;
        if (tid === String(child.pid)) main = t;
        else others.push(t);
      }
      const helpers = others.sort((x, y) => y - x).slice(threads).reduce((x, y) => x + y, 0);
      const digest = createHash('sha256').update(readFileSync(output)).digest('hex');
      resolve({ threads, wall, mainCpu: main / 100, otherCpu: (all - main) / 100, helperCpu: helpers / 100, digest });
    });
  });
}

/** Least wall time the CPU figures allow on an idle machine: busiest thread, main thread, or all CPU over the cores. */
function projectedWall(r: Run, cores: number): number {
  return Math.max(r.mainCpu, r.otherCpu / r.threads, (r.mainCpu + r.otherCpu) / cores);
}

function input(dir: string, mb: number, format: string): { path: string; bytes: number } {
  const texts = loadCorpus().map((r) => r.text);
  const parts: string[] = format === 'csv' ? ['id,note\n'] : [];
  let bytes = 0;
  for (let i = 0; bytes < mb * 1e6; i++) {
    const t = texts[i % texts.length]!;
    const line =
      format === 'jsonl'
        ? `${JSON.stringify({ id: i, text: t })}\n`
        : format === 'records'
          ? `${JSON.stringify(asRecord(i, t))}\n`
          : format === 'csv'
            ? `${i},"${t.replaceAll('"', '""')}"\n`
            : `${t.replace(/\n/g, ' ')}\n`;
    parts.push(line);
    bytes += Buffer.byteLength(line);
  }
  const path = join(dir, `input.${format === 'text' ? 'txt' : format === 'records' ? 'jsonl' : format}`);
  writeFileSync(path, parts.join(''));
  return { path, bytes };
}

/** A corpus text as a whole JSONL record: a JSON object text as it is (its keys are field names), any other in a note. */
function asRecord(id: number, text: string): Record<string, unknown> {
  if (text.startsWith('{')) {
    try {
      const v = JSON.parse(text) as unknown;
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) return { id, ...v };
    } catch {
      // Not JSON after all: a note like any other text.
    }
  }
  return { id, note: text, contact: { city: 'Pune', pincode: 411001 } };
}

/** Each case: --threads 1, 2, 1 on the same input; the same bytes out every time, or it throws. */
export async function scrubThreads(o: ScrubThreadsOptions = {}): Promise<ScrubThreadsResult> {
  const mbWanted = o.mb ?? 15;
  const format = o.format ?? 'text';
  const cases = o.cases ?? ['dataset', 'llm-sqlite'];
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dir = mkdtempSync(join(tmpdir(), 'kavach-bench-scrub-threads-'));
  const cores = availableParallelism();
  const loadBefore = loadavg().map((l) => +l.toFixed(2));
  const rows: ScrubThreadsRow[] = [];
  try {
    log('building (private, by source hash)…');
    builtCli();
    const { path, bytes } = input(dir, mbWanted, format);
    log(`input: ${(bytes / 1e6).toFixed(1)} MB of ${format}; ${cores} cores, load ${loadBefore.join(' ')}`);
    const fieldArgs = format === 'jsonl' ? ['--field', 'text'] : format === 'csv' ? ['--columns', 'note'] : [];
    for (const name of cases) {
      const caseArgs = (run: string): string[] => {
        if (name === 'dataset') return ['--policy', 'dataset'];
        if (name === 'llm-sqlite') return ['--policy', 'llm', '--vault', `sqlite:${join(dir, `${run}.db`)}`, '--session', 'bench'];
        throw new Error(`unknown case ${name} (dataset, llm-sqlite)`);
      };
      const runs: Run[] = [];
      for (const [k, threads] of [1, 2, 1].entries()) {
        const run = `${name}-${k}`;
        const r = await scrub([path, ...fieldArgs, ...caseArgs(run)], join(dir, `${run}.out`), threads);
        runs.push(r);
        log(`${name} --threads ${threads}: ${r.wall.toFixed(2)} s wall, CPU main ${r.mainCpu.toFixed(2)} s, other threads ${r.otherCpu.toFixed(2)} s (of which V8 helpers ${r.helperCpu.toFixed(2)} s)`);
      }
      const [a, b, c] = runs as [Run, Run, Run];
      if (a.digest !== b.digest || a.digest !== c.digest) throw new Error(`${name}: --threads 2 did not write the same bytes as --threads 1`);
      const base = Math.min(a.wall, c.wall);
      const projected = Math.min(projectedWall(a, cores), projectedWall(c, cores)) / projectedWall(b, cores);
      const work = Math.min(a.otherCpu, c.otherCpu);
      const sameWork = Math.min(projectedWall(a, cores), projectedWall(c, cores)) / projectedWall({ ...b, otherCpu: work }, cores);
      rows.push({
        case: name,
        format,
        mb: +(bytes / 1e6).toFixed(1),
        wall1: +base.toFixed(2),
        wall2: +b.wall.toFixed(2),
        wallRatio: +(base / b.wall).toFixed(2),
        projectedRatio: +projected.toFixed(2),
        projectedSameWork: +sameWork.toFixed(2),
        cpuBound: +((base * cores) / (b.mainCpu + b.otherCpu)).toFixed(2),
        mainCpu1: +Math.min(a.mainCpu, c.mainCpu).toFixed(2),
        otherCpu1: +Math.min(a.otherCpu, c.otherCpu).toFixed(2),
        mainCpu2: +b.mainCpu.toFixed(2),
        otherCpu2: +b.otherCpu.toFixed(2),
        helperCpu1: +Math.min(a.helperCpu, c.helperCpu).toFixed(2),
        helperCpu2: +b.helperCpu.toFixed(2),
        sameBytes: true,
        met: base / b.wall >= TARGET,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { target: `--threads 2 ≥ ${TARGET}× --threads 1 (wall)`, cores, loadBefore, loadAfter: loadavg().map((l) => +l.toFixed(2)), rows };
}

/** A row's speed-ups as a fraction of the machine's two-thread ceiling (bench/ceiling.ts). */
export function ofCeiling(row: ScrubThreadsRow, ceiling: Ceiling): { wall: number; projected: number } {
  return { wall: +(row.wallRatio / ceiling.wallRatio).toFixed(2), projected: +(row.projectedRatio / ceiling.projectedRatio).toFixed(2) };
}

export function printScrubThreads(result: ScrubThreadsResult, ceiling: Ceiling | undefined): void {
  console.table(
    result.rows.map((r) => ({
      case: r.case, MB: r.mb, 'wall 1t s': r.wall1, 'wall 2t s': r.wall2, 'wall ×': r.wallRatio, 'projected ×': r.projectedRatio, 'same work ×': r.projectedSameWork, 'CPU allows ×': r.cpuBound,
      ...(ceiling ? { 'of ceiling (wall)': ofCeiling(r, ceiling).wall, 'of ceiling (proj.)': ofCeiling(r, ceiling).projected } : {}),
      'CPU main 1t': r.mainCpu1, 'CPU other 1t': r.otherCpu1, 'CPU main 2t': r.mainCpu2, 'CPU other 2t': r.otherCpu2,
      'V8 helpers 1t': r.helperCpu1, 'V8 helpers 2t': r.helperCpu2,
    })),
  );
  if (ceiling) {
    console.log(`machine ceiling (pure-JS loop, 1 vs 2 worker threads, bench/ceiling.ts): ${ceiling.wallRatio.toFixed(2)}× wall, ${ceiling.projectedRatio.toFixed(2)}× projected from CPU time`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string, dflt: string): string => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : dflt;
  };
  const jsonOut = arg('json', '');
  const result = await scrubThreads({ mb: Number(arg('mb', '15')), format: arg('format', 'text') as 'text', cases: arg('cases', 'dataset,llm-sqlite').split(',') });
  const ceiling = process.argv.includes('--no-ceiling') ? undefined : await twoThreadCeiling();
  printScrubThreads(result, ceiling);
  const out = { ...result, ceiling };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(out, null, 2)}\n`);
}
