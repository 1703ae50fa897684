// PERSON detection cost, one thread, CPU time. Run: npx tsx bench/names.bench.ts [MB per input, default 1]
//
// 1. PERSON-only `detect` (detect(text, { entities: ['PERSON'] })) on dense corpus text and on prose
//    (bench/lib.ts: the same 64 KB calls `npm run bench` makes), in MB/s of CPU time.
// 2. The PERSON finder alone, today's against the single-file finder it was split from
//    (test/support/person-oracle.ts), on the same calls in the same run: the ratio is the gain,
//    whatever the machine's load.
// 3. Gated (compromise judges only the words a name cue points at) against gating off (a full
//    compromise parse as well) on a few pieces: what the full parse would add, and what it costs.
import { detect } from '../src/index.js';
import { compromise } from '../src/detect/detectors/person/nlp.js';
import { findNames, findNamesDetailed, warmNames } from '../src/detect/detectors/person/names.js';
import { findNames as oracleFindNames } from '../test/support/person-oracle.js';
import { cpuNow, denseChunks, loadCorpus, machine, proseChunks, utf8Bytes } from './lib.js';

const mb = Number(process.argv[2] ?? 1);
const records = loadCorpus();
const inputs = { dense: denseChunks(records, mb * 1e6), prose: proseChunks(records, mb * 1e6) };

const t0 = performance.now();
warmNames(true);
console.log(`lexicon + compromise warm-up: ${(performance.now() - t0).toFixed(0)} ms; ${JSON.stringify(machine())}`);

/** CPU MB/s of `fn` over `chunks`: one warm-up pass, then the median of five. */
function mbps(chunks: readonly string[], fn: (t: string) => unknown): number {
  const bytes = chunks.reduce((a, t) => a + utf8Bytes(t), 0);
  for (const t of chunks) fn(t);
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const c0 = cpuNow();
    for (const t of chunks) fn(t);
    runs.push(cpuNow() - c0);
  }
  runs.sort((a, b) => a - b);
  return bytes / 1e6 / (runs[2]! / 1000);
}

const rows = [];
for (const [text, chunks] of Object.entries(inputs)) {
  const detectPerson = mbps(chunks, (t) => detect(t, { entities: ['PERSON'] }));
  const finder = mbps(chunks, (t) => findNames(t));
  const oracle = mbps(chunks, (t) => oracleFindNames(t));
  rows.push({
    text,
    'MB': (chunks.reduce((a, t) => a + utf8Bytes(t), 0) / 1e6).toFixed(2),
    'detect PERSON MB/s': detectPerson.toFixed(1),
    'findNames MB/s': finder.toFixed(1),
    'pre-split finder MB/s': oracle.toFixed(1),
    'gain': `${(finder / oracle).toFixed(1)}×`,
  });
}
console.table(rows);

// Gated vs gating off on a few pieces.
const PIECES = [
  'Hi team, please ask Suresh to share the invoice with Mr. Ramesh Iyer before Monday.',
  'Name: SUNITA DEVI W/O RAJ KUMAR, Age: 45, Address: 12 MG Road, Jaipur 302001.',
  'my name is ravi kumar and my order from Flipkart has not arrived yet',
  'Regards,\nAnita Desai\nTata Consultancy Services',
  'mera naam priya hai, main kal Pune aaungi',
  'नाम: रमेश शर्मा, पिता का नाम: मोहन शर्मा',
  'The quarterly report shows revenue growth across all regions and segments.',
  'Meeting with Zorawar Sandhu and Johnathan Trevelyan is moved to Friday.',
  'Thanks, Kavya! Jai Shri Ram. Ganesh Chaturthi holidays start on 7 September.',
  'Payment of Rs 4,500 received via Paytm from HDFC Bank account ending 1234.',
  'K. Venkatesh and S. R. Iyer will join the call; Fatima Sheikh is on leave.',
  'Dear Hrithvik, your appointment with Dr. Meera Nair is confirmed for 10 am.',
];
const joined = PIECES.join('\n\n');
const kb = utf8Bytes(joined) / 1024;
const perKb = (fn: () => unknown): number => {
  fn();
  const c0 = cpuNow();
  for (let r = 0; r < 5; r++) fn();
  return (cpuNow() - c0) / 5 / kb;
};
console.log(
  `ms per KB: gated ${perKb(() => findNames(joined)).toFixed(4)}, full compromise parse only ${perKb(() => compromise()(joined).people().json({ offset: true })).toFixed(2)}, ` +
    `gating off (rules + full parse) ${perKb(() => findNames(joined, { gating: false })).toFixed(2)}`,
);
const gated = PIECES.map((p) => findNamesDetailed(p));
const full = PIECES.map((p) => findNames(p, { gating: false }));
const windows = gated.reduce((a, g) => a + g.windows, 0);
console.log(`names in the ${PIECES.length} pieces: gated ${gated.reduce((a, g) => a + g.spans.length, 0)} (words sent to compromise's lexicon: ${windows}), gating off ${full.reduce((a, f) => a + f.length, 0)}`);
for (let i = 0; i < PIECES.length; i++) {
  const g = gated[i]!.spans.map((s) => PIECES[i]!.slice(s.start, s.end));
  const f = full[i]!.map((s) => PIECES[i]!.slice(s.start, s.end));
  const extra = f.filter((x) => !g.includes(x));
  const lost = g.filter((x) => !f.includes(x));
  if (extra.length || lost.length) console.log(`  piece ${i}: only with full parse ${JSON.stringify(extra)}; only gated ${JSON.stringify(lost)}`);
}
