/**
 * `npm run bench:peers`: the labelled corpus through kavach and the two npm alternatives, in one
 * process, record by record. For each: throughput (MB/s, one thread) and how many labelled values
 * are still in its output. A gold span counts as leaked when its original text appears verbatim
 * anywhere in that record's output. Writes bench/peers.json and prints the tables.
 *
 *   --rounds N   timed passes per tool, interleaved (default 3; one untimed warm-up pass first)
 *
 * Peers run with their documented default API: redact-pii `new SyncRedactor().redact(text)`,
 * openredaction `await new OpenRedaction().detect(text)` → `.redacted`. Construction is outside the
 * timed region. kavach runs `anonymise` with the `strict` preset (nothing found passes, like a
 * redactor) and, for reference, with its default `llm` preset, which keeps HEALTH, AGE and CITY on
 * purpose (those rows are leaks by design, not misses).
 *
 * Throughput is corpus bytes per CPU second of this process (all tools run in the same process,
 * one thread), with the wall-clock figure beside it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenRedaction } from 'openredaction';
import { SyncRedactor } from 'redact-pii';
import { anonymise, createMemoryVault } from '../src/index.js';
import { BENCH_DIR, ROOT, loadCorpus, machine, mbPerSec, measureAsync, median, sig, table, utf8Bytes, type CorpusRecord, type Timing } from './lib.js';

const args = process.argv.slice(2);
const ri = args.indexOf('--rounds');
const rounds = ri >= 0 ? Number(args[ri + 1]) : 3;
if (!(Number.isInteger(rounds) && rounds >= 1)) throw new Error('--rounds must be a positive integer');

interface Tool {
  name: string;
  version: string;
  redact: (text: string) => Promise<string> | string;
}

/** Version of an installed package, or of kavach itself for '.'. */
const pkgVersion = (name: string): string => {
  const file = name === '.' ? join(ROOT, 'package.json') : join(ROOT, 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
};

const vault = createMemoryVault();
const redactPii = new SyncRedactor();
const openRedaction = new OpenRedaction();
const tools: Tool[] = [
  { name: 'kavach (strict)', version: pkgVersion('.'), redact: async (t) => (await anonymise(t, { vault, policy: 'strict' })).text },
  { name: 'kavach (llm, default)', version: pkgVersion('.'), redact: async (t) => (await anonymise(t, { vault })).text },
  { name: 'redact-pii', version: pkgVersion('redact-pii'), redact: (t) => redactPii.redact(t) },
  { name: 'openredaction', version: pkgVersion('openredaction'), redact: async (t) => (await openRedaction.detect(t)).redacted },
];

const records: CorpusRecord[] = loadCorpus();
const bytes = records.reduce((a, r) => a + utf8Bytes(r.text), 0);

async function pass(tool: Tool): Promise<string[]> {
  const out: string[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) out[i] = await tool.redact(records[i]!.text);
  return out;
}

/** Leaked gold values per type: the span's text still present verbatim in that record's output. */
function leaks(outputs: readonly string[]): Map<string, { gold: number; leaked: number }> {
  const m = new Map<string, { gold: number; leaked: number }>();
  records.forEach((r, i) => {
    for (const s of r.spans) {
      const c = m.get(s.type) ?? { gold: 0, leaked: 0 };
      c.gold++;
      if (outputs[i]!.includes(r.text.slice(s.start, s.end))) c.leaked++;
      m.set(s.type, c);
    }
  });
  return m;
}

const info = machine();
console.error(`warm-up pass (also the outputs scored for leaks) ...`);
const outputs = new Map<string, string[]>();
for (const tool of tools) outputs.set(tool.name, await pass(tool));
const times = new Map<string, Timing[]>(tools.map((t) => [t.name, []]));
for (let r = 0; r < rounds; r++) {
  console.error(`timed round ${r + 1}/${rounds} ...`);
  for (const tool of tools) times.get(tool.name)!.push(await measureAsync(() => pass(tool)));
}

const leakBy = new Map(tools.map((t) => [t.name, leaks(outputs.get(t.name)!)]));
const types = [...leakBy.get(tools[0]!.name)!.keys()].sort();
const summary = tools.map((t) => {
  const l = leakBy.get(t.name)!;
  let gold = 0;
  let leaked = 0;
  for (const c of l.values()) {
    gold += c.gold;
    leaked += c.leaked;
  }
  const cpu = median(times.get(t.name)!.map((x) => x.cpu));
  const wall = median(times.get(t.name)!.map((x) => x.wall));
  return { tool: t.name, version: t.version, mbPerSec: mbPerSec(bytes, cpu), wallMBps: mbPerSec(bytes, wall), cpuMsPerPass: cpu, gold, leaked, leakRate: leaked / gold };
});
const kavach = summary[0]!;
const verdicts = summary.slice(2).map((p) => ({
  peer: p.tool,
  faster: kavach.mbPerSec > p.mbPerSec ? 'kavach' : p.tool,
  speedRatioKavachOverPeer: kavach.mbPerSec / p.mbPerSec,
  fewerLeaks: kavach.leaked < p.leaked ? 'kavach' : kavach.leaked === p.leaked ? 'tie' : p.tool,
  leakedKavach: kavach.leaked,
  leakedPeer: p.leaked,
}));

const result = {
  machine: info,
  loadAverage1mAtEnd: machine().loadAverage1m,
  corpus: { records: records.length, bytes, goldSpans: kavach.gold },
  rounds,
  rule: "a gold span is leaked when text.slice(start, end) occurs verbatim in that record's output",
  clock: 'mbPerSec = corpus bytes per CPU second of this process (one thread); wallMBps = per wall-clock second',
  tools: summary.map((s) => ({ ...s, mbPerSec: sig(s.mbPerSec), wallMBps: sig(s.wallMBps), cpuMsPerPass: sig(s.cpuMsPerPass), leakRate: sig(s.leakRate) })),
  leaksByType: Object.fromEntries(
    types.map((ty) => [ty, Object.fromEntries(tools.map((t) => [t.name, leakBy.get(t.name)!.get(ty) ?? { gold: 0, leaked: 0 }]))]),
  ),
  verdicts: verdicts.map((v) => ({ ...v, speedRatioKavachOverPeer: sig(v.speedRatioKavachOverPeer) })),
};
writeFileSync(join(BENCH_DIR, 'peers.json'), `${JSON.stringify(result, null, 2)}\n`);

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
console.log(`peers — ${info.cpu}, ${info.cores} cores, Node ${info.node}, load ${info.loadAverage1m} → ${result.loadAverage1mAtEnd}, ${info.date}`);
console.log(`corpus: ${records.length} records, ${(bytes / 1e6).toFixed(2)} MB, ${kavach.gold} labelled values; median of ${rounds} interleaved passes\n`);
console.log(table([['tool', 'MB/s (CPU)', 'MB/s (wall)', 'leaked', 'leak rate'], ...summary.map((s) => [`${s.tool} ${s.version}`, s.mbPerSec, s.wallMBps, `${s.leaked}/${s.gold}`, pct(s.leakRate)])]));
console.log('\nLeaked labelled values per type (leaked/gold)');
console.log(
  table([
    ['type', ...tools.map((t) => t.name)],
    ...types.map((ty) => [ty, ...tools.map((t) => {
      const c = leakBy.get(t.name)!.get(ty)!;
      return `${c.leaked}/${c.gold}`;
    })]),
  ]),
);
console.log('\nkavach (strict) against each peer');
for (const v of verdicts) {
  const speed = v.faster === 'kavach' ? `kavach is ${sig(v.speedRatioKavachOverPeer, 2)}× faster` : `${v.peer} is FASTER (${sig(1 / v.speedRatioKavachOverPeer, 2)}× kavach)`;
  const leak = v.fewerLeaks === 'kavach' ? `kavach leaks fewer (${v.leakedKavach} vs ${v.leakedPeer})` : v.fewerLeaks === 'tie' ? `same leaks (${v.leakedKavach})` : `${v.peer} LEAKS FEWER (${v.leakedPeer} vs ${v.leakedKavach})`;
  console.log(`  vs ${v.peer}: ${speed}; ${leak}`);
}
