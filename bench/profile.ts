/**
 * Where the time goes: CPU profiles of the corpus pipeline, steady state only (the profiler starts
 * after a warm-up pass, so module loading and JIT warm-up are not in it).
 *
 *   tsx bench/profile.ts [detect-with-names|detect-without-names|anonymise-with-names|anonymise-without-names|
 *                        joined-64|dense-all|dense-identifiers|prose-all|prose-identifiers ...]
 *
 * Writes .tmp/bench-profiles/<case>.cpuprofile (open in Chrome DevTools → Performance, or VS Code)
 * and prints the functions with the most self time, and the same time grouped by source file.
 * The same profiles can be taken with `node --cpu-prof --import tsx bench/profile.ts`; those also
 * contain start-up, which is why this script drives the inspector itself.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { anonymise, createMemoryVault, detect, listDetectors } from '../src/index.js';
import { denseChunks, IDENTIFIERS, loadCorpus, measureSync, proseChunks, ROOT, WITH_NAMES, WITHOUT_NAMES } from './lib.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const records = loadCorpus();
const texts = records.map((r) => r.text);
// The density rows' inputs (bench/run.ts): 1 MB of dense corpus text and of prose, in 64 KB chunks,
// built when a case asks (prose reads every installed package's README).
let denseText: string[] | undefined;
let proseText: string[] | undefined;
const dense = (): string[] => (denseText ??= denseChunks(records, 1024 * 1024));
const prose = (): string[] => (proseText ??= proseChunks(records, 1024 * 1024));
// The same corpus records as detect-with-names, 64 to a call: what per-call costs weigh.
const joined64 = Array.from({ length: Math.ceil(texts.length / 64) }, (_, i) => texts.slice(i * 64, i * 64 + 64).join('\n\n'));
const vault = createMemoryVault();
const CASES: Record<string, () => Promise<void>> = {
  'detect-with-names': async () => { for (const t of texts) detect(t, { entities: [...WITH_NAMES] }); },
  'detect-without-names': async () => { for (const t of texts) detect(t, { entities: [...WITHOUT_NAMES] }); },
  'anonymise-with-names': async () => { for (const t of texts) await anonymise(t, { vault, detect: { entities: [...WITH_NAMES] } }); },
  'anonymise-without-names': async () => { for (const t of texts) await anonymise(t, { vault, detect: { entities: [...WITHOUT_NAMES] } }); },
  'dense-all': async () => { for (const t of dense()) detect(t); },
  'dense-identifiers': async () => { for (const t of dense()) detect(t, { entities: [...IDENTIFIERS] }); },
  'joined-64': async () => { for (const t of joined64) detect(t); },
  'prose-all': async () => { for (const t of prose()) detect(t); },
  'prose-identifiers': async () => { for (const t of prose()) detect(t, { entities: [...IDENTIFIERS] }); },
};
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : ['detect-with-names', 'detect-without-names'];
for (const c of chosen) if (!(c in CASES)) throw new Error(`unknown case ${c}; one of ${Object.keys(CASES).join(', ')}`);

const where = (url: string): string => {
  const rel = url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '').replace(/^\/?/, '');
  const nm = rel.lastIndexOf('node_modules/');
  return nm >= 0 ? rel.slice(nm + 'node_modules/'.length).split('/').slice(0, 1).join('/') : rel || '(native)';
};

/** Samples taken while the inspector itself was serialising (Session.post) are not the pipeline's. */
function excluded(p: Profile): Set<number> {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const out = new Set<number>();
  for (const n of p.nodes) {
    for (let q: number | undefined = n.id; q !== undefined; q = parent.get(q)) {
      if (byId.get(q)!.callFrame.url.startsWith('node:inspector')) {
        out.add(n.id);
        break;
      }
    }
  }
  return out;
}

function summarise(p: Profile, top: number): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const skip = excluded(p);
  const selfFn = new Map<string, number>();
  const selfFile = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  const label = (cf: ProfileNode['callFrame']): string => `${cf.functionName || '(anonymous)'}  ${where(cf.url)}`;
  p.samples.forEach((id, i) => {
    const d = p.timeDeltas[i] ?? 0;
    const cf = byId.get(id)!.callFrame;
    if (skip.has(id) || cf.functionName === '(idle)' || cf.functionName === '(program)') return;
    total += d;
    selfFn.set(label(cf), (selfFn.get(label(cf)) ?? 0) + d);
    selfFile.set(where(cf.url), (selfFile.get(where(cf.url)) ?? 0) + d);
    const seen = new Set<string>();
    for (let q: number | undefined = id; q !== undefined; q = parent.get(q)) {
      const c = byId.get(q)!.callFrame;
      if (!c.url.includes('/src/')) continue;
      const k = label(c);
      if (seen.has(k)) continue; // recursion counts once
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + d);
    }
  });
  const rows = (m: Map<string, number>, n: number): string =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)} %  ${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`).join('\n');
  return (
    `self time by function (top ${top}; regex matching is counted in the function that calls exec):\n${rows(selfFn, top)}\n` +
    `total (inclusive) time of kavach functions (top 15):\n${rows(inclusive, 15)}\n` +
    `self time by file / package:\n${rows(selfFile, 12)}`
  );
}

/** Regex matching is not split out in V8 profiles: time every pattern alone over the corpus. */
function regexCosts(): string {
  const rows: Array<[string, number, number]> = [];
  for (const det of listDetectors()) {
    for (const pat of det.patterns) {
      const re = pat.regex;
      const scan = (): number => {
        let n = 0;
        for (const t of texts) {
          re.lastIndex = 0;
          let m: RegExpExecArray | null;
          while ((m = re.exec(t)) !== null) {
            n++;
            if (m[0].length === 0) re.lastIndex++;
          }
        }
        return n;
      };
      scan();
      let n = 0;
      const { cpu } = measureSync(() => (n = scan()));
      rows.push([`${det.id}/${pat.name}`, cpu, n]);
    }
  }
  rows.sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((a, r) => a + r[1], 0);
  return (
    `regex patterns alone, one pass over the corpus, CPU ms (${rows.length} patterns, ${total.toFixed(0)} ms in all; top 12):\n` +
    rows.slice(0, 12).map(([k, ms, n]) => `  ${ms.toFixed(1).padStart(7)} ms  ${String(n).padStart(6)} matches  ${k}`).join('\n')
  );
}

const dir = join(ROOT, '.tmp', 'bench-profiles');
mkdirSync(dir, { recursive: true });
const session = new Session();
session.connect();
await session.post('Profiler.enable');
for (const name of chosen) {
  const run = CASES[name]!;
  // Warm-up: V8 keeps compiling for several passes (bench/lib.ts, STEADY_PASSES); profile after it.
  for (let i = 0; i < 8; i++) await run();
  await session.post('Profiler.start');
  const t0 = performance.now();
  await run();
  await run();
  const ms = performance.now() - t0;
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
  const file = join(dir, `${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  console.log(`\n== ${name}: 2 passes in ${ms.toFixed(0)} ms; profile ${file}`);
  console.log(summarise(profile, 25));
}
session.disconnect();
console.log(`\n${regexCosts()}`);
