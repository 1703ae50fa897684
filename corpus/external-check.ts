// Outside check: run `detect` over the labelled cases transcribed from ten public projects' tests and
// data sets (../shared/peer-tests/external-cases.jsonl; not shipped, so this is a script and not part
// of `npm test`). A case passes when every `expect` span is found as its type (any overlap counts)
// and no `reject` value is found as its type. Prints the pass rate per source and per type and the
// failing case ids with the type that failed; never the values themselves.
//   npm run check:external [-- --file path/to/external-cases.jsonl]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { detect } from '../src/index.js';

interface Expect { type: string; value: string; start: number; end: number }
interface Reject { type: string; value: string }
interface Case { id: string; source: string; text: string; expect: Expect[]; reject: Reject[] }

const { values: args } = parseArgs({ options: { file: { type: 'string' } } });
const file = args.file ?? join(import.meta.dirname, '..', '..', 'shared', 'peer-tests', 'external-cases.jsonl');
if (!existsSync(file)) {
  console.error(`external-check: ${file} not found (it lives beside the repo, in shared/peer-tests)`);
  process.exit(2);
}
const cases = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Case);

const tally = (m: Map<string, { n: number; pass: number }>, key: string, ok: boolean): void => {
  const t = m.get(key) ?? { n: 0, pass: 0 };
  t.n++;
  if (ok) t.pass++;
  m.set(key, t);
};
const bySource = new Map<string, { n: number; pass: number }>();
const byType = new Map<string, { n: number; pass: number }>();
const failures: string[] = [];
let passed = 0;
for (const c of cases) {
  const found = detect(c.text);
  const problems: string[] = [];
  // Per type, a case is one check: all its expects of that type found and none of its rejects.
  const types = new Set([...c.expect.map((e) => e.type), ...c.reject.map((r) => r.type)]);
  for (const type of types) {
    const missed = c.expect.filter((e) => e.type === type
      && !found.some((f) => f.type === type && f.start < e.end && e.start < f.end));
    const wrong = c.reject.filter((r) => r.type === type
      && found.some((f) => f.type === type && (f.text === r.value || f.text.includes(r.value) || r.value.includes(f.text))));
    const ok = missed.length === 0 && wrong.length === 0;
    tally(byType, `${c.expect.some((e) => e.type === type) ? '+' : '-'}${type}`, ok);
    if (missed.length) problems.push(`missed ${type}`);
    if (wrong.length) problems.push(`false ${type}`);
  }
  const ok = problems.length === 0;
  if (ok) passed++;
  const source = c.source.split(':')[0] ?? c.source;
  tally(bySource, source, ok);
  if (!ok) failures.push(`${c.id.padEnd(34)} ${problems.join(', ')}`);
}

const table = (title: string, m: Map<string, { n: number; pass: number }>): void => {
  console.log(`${title.padEnd(34)} ${'cases'.padStart(6)} ${'pass'.padStart(6)} ${'rate'.padStart(7)}`);
  for (const [k, t] of [...m].sort((a, b) => a[0].localeCompare(b[0]))) {
    console.log(`${k.padEnd(34)} ${String(t.n).padStart(6)} ${String(t.pass).padStart(6)} ${((100 * t.pass) / t.n).toFixed(1).padStart(6)}%`);
  }
  console.log('');
};
table('source', bySource);
table('type (+ must find, - must not find)', byType);
console.log(`TOTAL ${passed}/${cases.length} cases pass (${((100 * passed) / cases.length).toFixed(1)}%)`);
if (failures.length) console.log(`\nfailing cases:\n${failures.join('\n')}`);
