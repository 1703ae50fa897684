/**
 * `kavach scrub --threads 2` against `--threads 1` on one generated input, from the BUILT CLI (a
 * private build by source hash, like the tests). Issue 11's target: ≥ 1.8× wall clock, for the
 * `dataset` preset (the worker threads do the whole job) and for `llm` with a SQLite vault (the
 * threads detect; tokens are allocated in the main thread).
 *
 *   tsx bench/scrub-threads.ts [--mb 15] [--format text|jsonl|csv] [--cases dataset,llm-sqlite] [--json out.json]
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
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtCli } from '../test/batch/built.js';
import { generateKey } from '../src/vault/keys.js';
import { loadCorpus } from './lib.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : dflt;
};
const MB = Number(arg('mb', '15'));
const FORMAT = arg('format', 'text');
const CASES = arg('cases', 'dataset,llm-sqlite').split(',');
const JSON_OUT = arg('json', '');
const TARGET = 1.8;
const ENV = { ...process.env, KAVACH_KEY: generateKey(), KAVACH_KEY_FILE: undefined, KAVACH_VAULT: undefined };

interface Run {
  threads: number;
  wall: number;
  mainCpu: number;
  otherCpu: number;
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
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${child.pid}/task`);
    } catch {
      return;
    }
    for (const tid of tids) {
      try {
        const s = readFileSync(`/proc/${child.pid}/task/${tid}/stat`, 'utf8');
        const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
        ticks.set(tid, Number(f[11]) + Number(f[12])); // utime + stime, 100 Hz
      } catch {
        // The thread ended between the listing and the read.
      }
    }
  };
  const timer = setInterval(sample, 20);
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      clearInterval(timer);
      const wall = (performance.now() - t0) / 1000;
      if (code !== 0) return reject(new Error(`scrub --threads ${threads} exited ${code}: ${stderr}`));
      let main = 0;
      let all = 0;
      for (const [tid, t] of ticks) {
        all += t;
        if (tid === String(child.pid)) main = t;
      }
      const digest = createHash('sha256').update(readFileSync(output)).digest('hex');
      resolve({ threads, wall, mainCpu: main / 100, otherCpu: (all - main) / 100, digest });
    });
  });
}

/** Least wall time the CPU figures allow on an idle machine: busiest thread, main thread, or all CPU over the cores. */
function projectedWall(r: Run, cores: number): number {
  return Math.max(r.mainCpu, r.otherCpu / r.threads, (r.mainCpu + r.otherCpu) / cores);
}

function input(dir: string): { path: string; bytes: number } {
  const texts = loadCorpus().map((r) => r.text);
  const parts: string[] = FORMAT === 'csv' ? ['id,note\n'] : [];
  let bytes = 0;
  for (let i = 0; bytes < MB * 1e6; i++) {
    const t = texts[i % texts.length]!;
    const line =
      FORMAT === 'jsonl' ? `${JSON.stringify({ id: i, text: t })}\n` : FORMAT === 'csv' ? `${i},"${t.replaceAll('"', '""')}"\n` : `${t.replace(/\n/g, ' ')}\n`;
    parts.push(line);
    bytes += Buffer.byteLength(line);
  }
  const path = join(dir, `input.${FORMAT === 'text' ? 'txt' : FORMAT}`);
  writeFileSync(path, parts.join(''));
  return { path, bytes };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kavach-bench-scrub-threads-'));
  const cores = availableParallelism();
  const loadBefore = loadavg().map((l) => +l.toFixed(2));
  const rows: Array<Record<string, unknown>> = [];
  try {
    process.stderr.write('building (private, by source hash)…\n');
    builtCli();
    const { path, bytes } = input(dir);
    process.stderr.write(`input: ${(bytes / 1e6).toFixed(1)} MB of ${FORMAT}; ${cores} cores, load ${loadBefore.join(' ')}\n`);
    const fieldArgs = FORMAT === 'jsonl' ? ['--field', 'text'] : FORMAT === 'csv' ? ['--columns', 'note'] : [];
    for (const name of CASES) {
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
        process.stderr.write(`${name} --threads ${threads}: ${r.wall.toFixed(2)} s wall, CPU main ${r.mainCpu.toFixed(2)} s, other threads ${r.otherCpu.toFixed(2)} s\n`);
      }
      const [a, b, c] = runs as [Run, Run, Run];
      if (a.digest !== b.digest || a.digest !== c.digest) throw new Error(`${name}: --threads 2 did not write the same bytes as --threads 1`);
      const base = Math.min(a.wall, c.wall);
      const projected = Math.min(projectedWall(a, cores), projectedWall(c, cores)) / projectedWall(b, cores);
      const work = Math.min(a.otherCpu, c.otherCpu);
      const sameWork = Math.min(projectedWall(a, cores), projectedWall(c, cores)) / projectedWall({ ...b, otherCpu: work }, cores);
      rows.push({
        case: name,
        format: FORMAT,
        mb: +(bytes / 1e6).toFixed(1),
        wall1: +base.toFixed(2),
        wall2: +b.wall.toFixed(2),
        wallRatio: +(base / b.wall).toFixed(2),
        projectedRatio: +projected.toFixed(2),
        projectedSameWork: +sameWork.toFixed(2),
        mainCpu1: +Math.min(a.mainCpu, c.mainCpu).toFixed(2),
        otherCpu1: +Math.min(a.otherCpu, c.otherCpu).toFixed(2),
        mainCpu2: +b.mainCpu.toFixed(2),
        otherCpu2: +b.otherCpu.toFixed(2),
        sameBytes: true,
        met: base / b.wall >= TARGET,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const result = { target: `--threads 2 ≥ ${TARGET}× --threads 1 (wall)`, cores, loadBefore, loadAfter: loadavg().map((l) => +l.toFixed(2)), rows };
  console.table(rows.map((r) => ({ case: r.case, 'MB': r.mb, 'wall 1t s': r.wall1, 'wall 2t s': r.wall2, 'wall ×': r.wallRatio, 'projected ×': r.projectedRatio, 'same work ×': r.projectedSameWork, 'CPU main 1t': r.mainCpu1, 'CPU other 1t': r.otherCpu1, 'CPU main 2t': r.mainCpu2, 'CPU other 2t': r.otherCpu2 })));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (JSON_OUT) writeFileSync(JSON_OUT, `${JSON.stringify(result, null, 2)}\n`);
}

await main();
