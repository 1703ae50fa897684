/**
 * Instructions, not time: an A/B of two versions of `detect` on this shared host, where whole runs
 * move by ±10 % with other tenants and a change worth 1-2 % cannot be seen in CPU time.
 *
 *   npm run bench:instructions -- [--base REV] [--kind dense|prose] [--types all|ids] [--rounds N] [--warm N]
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
const types = opt('types', 'all');
const rounds = Number(opt('rounds', '3'));
const warm = Number(opt('warm', '32'));
if (!['dense', 'prose'].includes(kind) || !['all', 'ids'].includes(types) || !(rounds >= 1) || !(warm >= 1)) {
  throw new Error('usage: bench/instructions.ts [--base REV] [--kind dense|prose] [--types all|ids] [--rounds N] [--warm N]');
}
try {
  execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
} catch {
  throw new Error('valgrind is not on the PATH (apt-get install -y valgrind)');
}

const dir = join(ROOT, '.tmp/instructions');
rmSync(dir, { recursive: true, force: true });
mkdirSync(join(dir, 'base'), { recursive: true });

// The inputs: four 64 KB chunks of the bench's text, the entity list, and the driver each child runs.
const records = loadCorpus();
const texts = (kind === 'dense' ? denseChunks(records, 256 * 1024) : proseChunks(records, 256 * 1024)).slice(0, 4);
writeFileSync(join(dir, 'input.json'), JSON.stringify({ texts, entities: types === 'all' ? WITH_NAMES : IDENTIFIERS }));
writeFileSync(
  join(dir, 'driver.mjs'),
  `import { readFileSync } from 'node:fs';
const [, , bundle, passes] = process.argv;
const k = await import(bundle);
const { texts, entities } = JSON.parse(readFileSync(new URL('./input.json', import.meta.url), 'utf8'));
for (let r = 0; r < +passes; r++) for (const t of texts) k.detect(t, { entities });
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

function count(file: string, passes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', '--smc-check=all-non-file', process.execPath, '--predictable', join(dir, 'driver.mjs'), file, String(passes)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      const m = /I\s+refs:\s+([\d,]+)/.exec(err);
      if (code !== 0 || !m) reject(new Error(`valgrind run failed (exit ${code}): ${err.slice(-400)}`));
      else resolve(Number(m[1]!.replace(/,/g, '')));
    });
  });
}

// Two children at a time (the counts do not depend on how busy the cores are).
const at = async (passes: number): Promise<[number, number]> => Promise.all([count(bundles.base, passes), count(bundles.work, passes)]);
const [b1, w1] = await at(warm + rounds);
const [b2, w2] = await at(warm + rounds + 2);
const kb = texts.reduce((a, t) => a + Buffer.byteLength(t), 0) / 1024;
const pct = (w: number, b: number): string => `${w < b ? '' : '+'}${((100 * (w - b)) / b).toFixed(2)} %`;
console.log(`detect, ${types === 'all' ? 'all types' : 'identifier types'}, ${kind} text (${texts.length} chunks, ${kb.toFixed(0)} KB); base ${base}, work = the working tree`);
console.log(`instructions, ${warm} + ${rounds} passes: base ${b1.toLocaleString('en')}  work ${w1.toLocaleString('en')}  (${pct(w1, b1)})`);
console.log(`instructions, ${warm} + ${rounds + 2} passes: base ${b2.toLocaleString('en')}  work ${w2.toLocaleString('en')}  (${pct(w2, b2)})`);
const pb = (b2 - b1) / 2;
const pw = (w2 - w1) / 2;
console.log(`per pass, coarse (the difference; V8 may still compile inside it): base ${Math.round(pb).toLocaleString('en')}  work ${Math.round(pw).toLocaleString('en')}  (${pct(pw, pb)}; ${(pw / kb / 1024).toFixed(0)} instructions a byte)`);
