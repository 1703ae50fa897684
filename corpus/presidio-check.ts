// Outside check: run `detect` over Presidio's own recognizer test cases (../shared/peer-tests,
// extracted as data by the team lead's side; not shipped with the package, so this is a script and
// not part of `npm test`). Prints agreement on the non-ambiguous cases and lists every disagreement,
// so the README can say where kavach deliberately differs.
//   npm run check:presidio [-- --file path/to/presidio-cases.json] [--all]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { detect } from '../src/index.js';

interface Span { type: string; start: number; end: number; value?: string }
interface Case { text: string; expected: Span[]; presidio_entity: string; ambiguous: boolean; test: string; notes?: string[] }

const TYPE_OF: Record<string, string> = {
  IN_AADHAAR: 'AADHAAR', IN_PAN: 'PAN', IN_GSTIN: 'GSTIN', IN_VOTER: 'VOTER_ID', IN_PASSPORT: 'PASSPORT',
  IN_VEHICLE_REGISTRATION: 'VEHICLE_REG', CREDIT_CARD: 'CREDIT_CARD', EMAIL_ADDRESS: 'EMAIL',
  PHONE_NUMBER: 'PHONE', IP_ADDRESS: 'IP_ADDRESS',
};

const { values: args } = parseArgs({ options: { file: { type: 'string' }, all: { type: 'boolean' } } });
const file = args.file ?? join(import.meta.dirname, '..', '..', 'shared', 'peer-tests', 'presidio-cases.json');
if (!existsSync(file)) {
  console.error(`presidio-check: ${file} not found (it lives beside the repo, in shared/peer-tests)`);
  process.exit(2);
}
const cases = JSON.parse(readFileSync(file, 'utf8')) as Case[];
const perType = new Map<string, { n: number; agree: number }>();
const disagreements: string[] = [];
for (const c of cases) {
  if (c.ambiguous && !args.all) continue;
  const type = TYPE_OF[c.presidio_entity] ?? c.presidio_entity;
  const got = detect(c.text, { entities: [type] }).map((e) => `${e.start}-${e.end}`).sort();
  const want = c.expected.filter((s) => s.type === type).map((s) => `${s.start}-${s.end}`).sort();
  const ok = got.length === want.length && got.every((g, i) => g === want[i]);
  const t = perType.get(type) ?? { n: 0, agree: 0 };
  t.n++;
  if (ok) t.agree++;
  perType.set(type, t);
  if (!ok) {
    disagreements.push(`${type.padEnd(12)} ${JSON.stringify(c.text).slice(0, 70).padEnd(72)} want [${want.join(' ')}] got [${got.join(' ')}]${c.ambiguous ? ' (ambiguous)' : ''}`);
  }
}
let n = 0;
let agree = 0;
console.log('type          cases  agree');
for (const [type, t] of [...perType].sort()) {
  console.log(`${type.padEnd(12)} ${String(t.n).padStart(6)} ${String(t.agree).padStart(6)}`);
  n += t.n;
  agree += t.agree;
}
console.log(`${'TOTAL'.padEnd(12)} ${String(n).padStart(6)} ${String(agree).padStart(6)}  (${((100 * agree) / n).toFixed(1)}%)`);
if (disagreements.length) console.log(`\ndisagreements:\n${disagreements.join('\n')}`);
