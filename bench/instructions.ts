/**
 * Instructions, not time: an A/B of two versions of `detect` on this shared host, where whole runs
 * move by ±10 % with other tenants and a change worth 1-2 % cannot be seen in CPU time.
 *
 *   npm run bench:instructions -- [--base REV] [--kind dense|prose|records|joined] [--types all|ids]
 *                                  [--op detect|anonymise] [--cache] [--rounds N] [--warm N]
 *
 * Bundles `src/index.ts` of the working tree (and of git revision REV, default HEAD, from
 * `git archive`) with esbuild, then runs each bundle in a child `node --predictable` under valgrind's
 * cachegrind without its cache model (instruction counting only, ~1 min a run): WARM passes (32) over four
 * 64 KB chunks (the bench's dense or prose text), then N more. `--predictable` makes V8 run its
 * compilers and collectors on the main thread, so the count is the same from run to run to ~0.001 %
 * (whatever else the host runs); without it the tiering and GC timing move it by percents. Both
 * counts include the warm-up and compilation, so compare them at the same N; a round's own count is
 * estimated from runs at N and N + 2, which is coarser (V8 may still compile inside the difference).
 * An instruction count says nothing of cache misses or branch mispredictions: a change that moves
 * memory around needs CPU time too. Nor is it the native cost: under valgrind V8 runs ~1,200
 * instructions a byte of dense text where the native run takes ~140 ns, so compare versions with
 * it, never price one (bench/README.md, thirteenth stop). Needs valgrind on the PATH.
 *
 * `--kind records` runs 640 corpus records one call each, `--kind joined` the same records 64 to a
 * call; `--op anonymise` runs `anonymise` (llm preset, a memory vault, a new session per call)
 * instead of `detect`. `--cache` turns on cachegrind's cache model (the host's I1, D1 and last-level
 * sizes; ~1.3× slower) and prints the misses per pass beside the instructions: what a record-by-record
 * call pays that the same text in one call does not is misses, not instructions (twenty-third stop).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { denseChunks, IDENTIFIERS, loadCorpus, proseChunks, ROOT, WITH_NAMES } from './lib.js';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1]! : fallback;
};
const base = opt('base', 'HEAD');
const kind = opt('kind', 'dense');
const op = opt('op', 'detect');
const cache = args.includes('--cache');
const types = opt('types', 'all');
const rounds = Number(opt('rounds', '3'));
const warm = Number(opt('warm', '32'));
if (!['dense', 'prose', 'records', 'joined'].includes(kind) || !['all', 'ids'].includes(types) || !['detect', 'anonymise'].includes(op) || !(rounds >= 1) || !(warm >= 1)) {
  throw new Error('usage: bench/instructions.ts [--base REV] [--kind dense|prose|records|joined] [--types all|ids] [--op detect|anonymise] [--cache] [--rounds N] [--warm N]');
}
try {
  execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
} catch {
  throw new Error('valgrind is not on the PATH (apt-get install -y valgrind)');
}

const dir = join(ROOT, '.tmp/instructions');
rmSync(dir, { recursive: true, force: true });
mkdirSync(join(dir, 'base'), { recursive: true });

// The inputs: four 64 KB chunks of the bench's text, or 640 corpus records one or 64 to a call; the
// entity list; and the driver each child runs.
const records = loadCorpus();
const firstRecords = records.slice(0, 640).map((r) => r.text);
const texts =
  kind === 'records' ? firstRecords
    : kind === 'joined' ? Array.from({ length: 10 }, (_, i) => firstRecords.slice(64 * i, 64 * i + 64).join('\n\n'))
      : (kind === 'dense' ? denseChunks(records, 256 * 1024) : proseChunks(records, 256 * 1024)).slice(0, 4);
writeFileSync(join(dir, 'input.json'), JSON.stringify({ texts, entities: types === 'all' ? WITH_NAMES : IDENTIFIERS }));
writeFileSync(
  join(dir, 'driver.mjs'),
  `import { readFileSync } from 'node:fs';
const [, , bundle, passes] = process.argv;
const k = await import(bundle);
const { texts, entities } = JSON.parse(readFileSync(new URL('./input.json', import.meta.url), 'utf8'));
${op === 'detect'
    ? 'for (let r = 0; r < +passes; r++) for (const t of texts) k.detect(t, { entities });'
    : 'const vault = k.createMemoryVault();\nfor (let r = 0; r < +passes; r++) for (const t of texts) await k.anonymise(t, { vault, detect: { entities } });'}
`,
);

// The base revision's sources (src and the pattern data it imports), beside the working tree's.
execFileSync('sh', ['-c', `git archive ${JSON.stringify(base)} src patterns package.json | tar -x -C ${JSON.stringify(join(dir, 'base'))}`], { cwd: ROOT });
const bundle = async (root: string, out: string): Promise<string> => {
  const file = join(dir, out);
  await build({ entryPoints: [join(root, 'src/index.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'error', outfile: file, nodePaths: [join(ROOT, 'node_modules')] });
  return file;
};
// External packages resolve from the bundle's folder up: .tmp/instructions is inside the repo.
const bundles = { base: await bundle(join(dir, 'base'), 'base.mjs'), work: await bundle(ROOT, 'work.mjs') };

/** A run's counts: instructions, and with `--cache` the misses of the first-level caches and the last level. */
interface Counts { refs: number; i1: number; d1: number; ll: number }

function count(file: string, passes: number): Promise<Counts> {
  return new Promise((resolve, reject) => {
    const p = spawn('valgrind', ['--tool=cachegrind', `--cache-sim=${cache ? 'yes' : 'no'}`, '--cachegrind-out-file=/dev/null', '--smc-check=all-non-file', process.execPath, '--predictable', join(dir, 'driver.mjs'), file, String(passes)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      const read = (label: string): number => {
        const m = new RegExp(`${label}:\\s+([\\d,]+)`).exec(err);
        return m ? Number(m[1]!.replace(/,/g, '')) : NaN;
      };
      const c = { refs: read('I\\s+refs'), i1: read('I1\\s+misses'), d1: read('D1\\s+misses'), ll: read('LL misses') };
      if (code !== 0 || !(c.refs > 0) || (cache && !(c.i1 >= 0 && c.d1 >= 0 && c.ll >= 0))) reject(new Error(`valgrind run failed (exit ${code}): ${err.slice(-400)}`));
      else resolve(c);
    });
  });
}

// Two children at a time (the counts do not depend on how busy the cores are).
const at = async (passes: number): Promise<[Counts, Counts]> => Promise.all([count(bundles.base, passes), count(bundles.work, passes)]);
const [b1, w1] = await at(warm + rounds);
const [b2, w2] = await at(warm + rounds + 2);
const kb = texts.reduce((a, t) => a + Buffer.byteLength(t), 0) / 1024;
const pct = (w: number, b: number): string => `${w < b ? '' : '+'}${((100 * (w - b)) / b).toFixed(2)} %`;
const calls = kind === 'records' || kind === 'joined' ? `${texts.length} calls` : `${texts.length} chunks`;
console.log(`${op}, ${types === 'all' ? 'all types' : 'identifier types'}, ${kind} text (${calls}, ${kb.toFixed(0)} KB); base ${base}, work = the working tree`);
console.log(`instructions, ${warm} + ${rounds} passes: base ${b1.refs.toLocaleString('en')}  work ${w1.refs.toLocaleString('en')}  (${pct(w1.refs, b1.refs)})`);
console.log(`instructions, ${warm} + ${rounds + 2} passes: base ${b2.refs.toLocaleString('en')}  work ${w2.refs.toLocaleString('en')}  (${pct(w2.refs, b2.refs)})`);
const pb = (b2.refs - b1.refs) / 2;
const pw = (w2.refs - w1.refs) / 2;
console.log(`per pass, coarse (the difference; V8 may still compile inside it): base ${Math.round(pb).toLocaleString('en')}  work ${Math.round(pw).toLocaleString('en')}  (${pct(pw, pb)}; ${(pw / kb / 1024).toFixed(0)} instructions a byte)`);
if (cache) {
  // Misses per KB of input in one pass (the same coarse difference), comparable across --kind runs.
  for (const [label, k] of [['I1 misses', 'i1'], ['D1 misses', 'd1'], ['LL misses', 'll']] as const) {
    const mb = (b2[k] - b1[k]) / 2;
    const mw = (w2[k] - w1[k]) / 2;
    console.log(`${label} per pass: base ${Math.round(mb).toLocaleString('en')}  work ${Math.round(mw).toLocaleString('en')}  (${mb > 0 ? pct(mw, mb) : 'n/a'}; ${(mw / kb).toFixed(1)} per KB)`);
  }
}
