/**
 * `npm run bench:guard`: fails (exit 1) when the pipeline got slower relative to a yardstick
 * measured in the same run. Absolute times depend on the machine and on what else it runs; a ratio
 * of two things measured side by side, interleaved, does much less (see bench/README.md). Both
 * sides are timed in CPU time of this process, so time the core spent on other processes (a busy
 * CI runner) is not counted on either side.
 *
 *   --calibrate   measure, then write bench/limits.json with limit = HEADROOM × measured ratio
 *   --samples N   pipeline samples per ratio (default 15), each between two yardstick samples
 *
 * Runs in well under two minutes on a 2-core CI machine.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { anonymise, createMemoryVault, detect } from '../src/index.js';
import { bracketedRatio, judge, limitFor, parseLimits, type Bracketed, type Limits } from './guard-logic.js';
import { BENCH_DIR, loadCorpus, machine, measureAsync, measureSync, mixedText, prompts, sig, table, warmAsync, warmSync, WITHOUT_NAMES } from './lib.js';

/** Headroom written by --calibrate: noise between runs on a shared 2-core machine reached ~1.4×. */
const HEADROOM = 2;
const LIMITS_FILE = join(BENCH_DIR, 'limits.json');

const args = process.argv.slice(2);
const calibrate = args.includes('--calibrate');
const si = args.indexOf('--samples');
const samples = si >= 0 ? Number(args[si + 1]) : 15;
if (!(Number.isInteger(samples) && samples >= 3)) throw new Error('--samples must be an integer ≥ 3');

const records = loadCorpus();
const text32k = mixedText(records, 32 * 1024);
const prompts1k = prompts(records, 1024, 8);
const vault = createMemoryVault();

/**
 * The yardstick: one simple regex scanning the same 32 KB text for word-ish runs, 4 times
 * (≈ the cost of one tokenising pass, a few milliseconds). Plain V8 regex + loop work, the same
 * kind of work the detectors do, with none of kavach's code in it.
 */
const WORDISH = /[0-9A-Za-z@._-]+/g;
function yardstick(): number {
  let n = 0;
  for (let r = 0; r < 4; r++) {
    WORDISH.lastIndex = 0;
    while (WORDISH.exec(text32k) !== null) n++;
  }
  return n;
}

interface Workload {
  name: string;
  what: string;
  run: () => number | Promise<number>;
}

const workloads: Workload[] = [
  {
    name: 'detect_without_names_32k',
    what: 'detect(32 KB mixed corpus text, every type except PERSON) / yardstick',
    run: () => measureSync(() => detect(text32k, { entities: [...WITHOUT_NAMES] })).cpu,
  },
  {
    name: 'detect_with_names_32k',
    what: 'detect(32 KB mixed corpus text, every type) / yardstick',
    run: () => measureSync(() => detect(text32k)).cpu,
  },
  {
    name: 'anonymise_1k_x8',
    what: 'anonymise of 8 distinct 1 KB prompts, with names, in-memory vault / yardstick',
    run: async () =>
      (
        await measureAsync(async () => {
          for (const p of prompts1k) await anonymise(p, { vault });
        })
      ).cpu,
  },
];

const t0 = performance.now();
warmSync(yardstick, 20, 300);
for (const w of workloads) {
  if (w.name.startsWith('anonymise')) await warmAsync(async () => w.run(), 3, 1000);
  else warmSync(() => w.run(), 3, 1000);
}
// Round-robin over the workloads, a yardstick sample between every two pipeline samples.
const bracketed = new Map<string, Bracketed[]>(workloads.map((w) => [w.name, []]));
let last = measureSync(yardstick).cpu;
for (let i = 0; i < samples; i++) {
  for (const w of workloads) {
    const pipe = await w.run();
    const after = measureSync(yardstick).cpu;
    bracketed.get(w.name)!.push({ before: last, pipe, after });
    last = after;
  }
}
const measured: Record<string, number> = Object.fromEntries([...bracketed].map(([name, s]) => [name, bracketedRatio(s)]));
const seconds = (performance.now() - t0) / 1000;

if (calibrate) {
  const limits: Limits = {
    note:
      `Set by \`npm run bench:guard -- --calibrate\` on ${machine().cpu} (${machine().cores} cores, load ${machine().loadAverage1m}), ` +
      `${new Date().toISOString().slice(0, 10)}: limit = ${HEADROOM} × the median ratio measured then. See bench/README.md.`,
    ratios: Object.fromEntries(workloads.map((w) => [w.name, { limit: limitFor(measured[w.name]!, HEADROOM), measured: sig(measured[w.name]!), what: w.what }])),
  };
  writeFileSync(LIMITS_FILE, `${JSON.stringify(limits, null, 2)}\n`);
  console.log(`wrote ${LIMITS_FILE}`);
}

const limits = parseLimits(JSON.parse(readFileSync(LIMITS_FILE, 'utf8')));
const verdicts = judge(measured, limits);
console.log(
  table([
    ['ratio', 'measured', 'limit', 'set at', 'verdict'],
    ...verdicts.map((v) => [v.name, v.ratio, v.limit, limits.ratios[v.name]!.measured, v.ok ? 'ok' : 'TOO SLOW']),
  ]),
);
console.log(`${samples} interleaved samples per ratio, ${seconds.toFixed(1)} s`);
const failed = verdicts.filter((v) => !v.ok);
if (failed.length > 0) {
  console.error(`bench:guard: ${failed.map((v) => `${v.name} ${sig(v.ratio)} > ${v.limit}`).join('; ')}`);
  process.exit(1);
}
