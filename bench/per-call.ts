/**
 * The fixed cost of one `detect` call: a 45-character text with no values (10,000 distinct texts, so
 * no per-text memo helps), CPU time per call, best of 3 after a warm-up, for all types, all but
 * PERSON and the 15 identifier types; then the corpus record by record (~185 bytes a call).
 *   npx tsx bench/per-call.ts
 */
import { detect } from '../src/index.js';
import { IDENTIFIERS, loadCorpus, WITHOUT_NAMES } from './lib.js';

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const best = (f: () => void): number => {
  f();
  let b = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = cpu();
    f();
    b = Math.min(b, cpu() - t);
  }
  return b;
};
const sets: Array<[string, readonly string[] | undefined]> = [['all types', undefined], ['all but PERSON', WITHOUT_NAMES], ['15 identifier types', IDENTIFIERS]];
const base = 'hello there, how are you doing today? ';
const tiny = Array.from({ length: 10000 }, (_, i) => `${base}${'x'.repeat(i % 7)} w${(i % 5000).toString(36)}`);
const records = loadCorpus().map((r) => r.text);
const bytes = records.reduce((a, t) => a + Buffer.byteLength(t), 0);
for (const [label, e] of sets) {
  const opts = e ? { entities: [...e] } : undefined;
  const ms = best(() => { for (const t of tiny) detect(t, opts); });
  const rec = best(() => { for (const t of records) detect(t, opts); });
  console.log(`${label.padEnd(20)} tiny text ${(ms * 1000 / tiny.length).toFixed(2)} µs/call   corpus records ${(rec * 1000 / records.length).toFixed(1)} µs/record (${(bytes / 1e3 / rec).toFixed(2)} MB/s)`);
}
