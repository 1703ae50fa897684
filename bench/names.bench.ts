// PERSON detection cost: the gated fast path (lexicon + context rules, compromise only on small
// windows) against a full compromise parse of the same text. Run: npx tsx bench/names.bench.ts
//
// Input: a synthetic mixed text (chat, forms, e-mail, Hindi, prose with and without names), built
// here so the bench needs no corpus; every variant gets the same bytes.
import { Bench } from 'tinybench';
import { compromise } from '../src/detect/detectors/person/nlp.js';
import { findNames, findNamesDetailed, warmNames } from '../src/detect/detectors/person/names.js';

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

function makeText(bytes: number): string {
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const p = PIECES[i % PIECES.length]!;
    parts.push(p);
    n += Buffer.byteLength(p) + 2;
  }
  return parts.join('\n\n');
}

const text1k = makeText(1024);
const text16k = makeText(16 * 1024);
const kb1 = Buffer.byteLength(text1k) / 1024;
const kb16 = Buffer.byteLength(text16k) / 1024;

// Warm everything first: the lexicon, compromise's import (≈ 0.6 s) and the JIT.
const t0 = performance.now();
warmNames(true);
const warmMs = performance.now() - t0;
for (let i = 0; i < 20; i++) findNames(text1k);

const bench = new Bench({ time: 1500, warmupTime: 300 });
bench
  .add('gated, 1 KB', () => {
    findNames(text1k);
  })
  .add('gated, 16 KB', () => {
    findNames(text16k);
  })
  .add('full compromise parse only, 1 KB', () => {
    compromise()(text1k).people().json({ offset: true });
  })
  .add('gating off (fast path + full parse), 1 KB', () => {
    findNames(text1k, { gating: false });
  });
await bench.run();

const kbOf = (name: string): number => (name.includes('16 KB') ? kb16 : kb1);
const rows = bench.tasks.map((t) => {
  const r = t.result as { latency?: { mean: number; p99?: number }; mean?: number; p99?: number } | undefined;
  const mean = r?.latency?.mean ?? r?.mean ?? NaN;
  const p99 = r?.latency?.p99 ?? r?.p99 ?? NaN;
  const kb = kbOf(t.name);
  return {
    variant: t.name,
    'ms/op (mean)': mean.toFixed(3),
    'ms/op (p99)': p99.toFixed(3),
    'ms per KB': (mean / kb).toFixed(4),
    'MB/s': ((kb / 1024) / (mean / 1000)).toFixed(2),
  };
});
console.log(`lexicon + compromise warm-up: ${warmMs.toFixed(0)} ms; text: ${kb1.toFixed(2)} KB and ${kb16.toFixed(2)} KB`);
console.table(rows);

// Recall trade: names each way on the same pieces (gated windows vs a full parse as well).
const gated = PIECES.map((p) => findNamesDetailed(p));
const full = PIECES.map((p) => findNames(p, { gating: false }));
const nGated = gated.reduce((a, g) => a + g.spans.length, 0);
const nFull = full.reduce((a, f) => a + f.length, 0);
const windows = gated.reduce((a, g) => a + g.windows, 0);
console.log(`names found in the ${PIECES.length} pieces: gated ${nGated} (compromise windows: ${windows}), gating off ${nFull}`);
for (let i = 0; i < PIECES.length; i++) {
  const g = gated[i]!.spans.map((s) => PIECES[i]!.slice(s.start, s.end));
  const f = full[i]!.map((s) => PIECES[i]!.slice(s.start, s.end));
  const extra = f.filter((x) => !g.includes(x));
  const lost = g.filter((x) => !f.includes(x));
  if (extra.length || lost.length) console.log(`  piece ${i}: only with full parse ${JSON.stringify(extra)}; only gated ${JSON.stringify(lost)}`);
}
