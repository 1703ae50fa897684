// Run by test/detect/pretenure.test.ts in a child process under --allow-natives-syntax --expose-gc: detection
// over 64 KB texts of corpus records, minor collections with a call's candidates alive, then whether the objects a call makes per candidate
// are still allocated in the young generation. Prints one JSON line.
import { defaultRegistry, listDetectors } from '../../src/detect/detect.js';
import { detect } from '../../src/resolve/detect.js';
import { joinRecords } from './corpus-texts.js';

// %InYoungGeneration is V8 syntax, not TypeScript: compiled at run time.
const young = new Function('o', 'return %InYoungGeneration(o)') as (o: object) => boolean;

const gc = (globalThis as { gc?: (o: { type: 'minor' | 'major' }) => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const texts = Array.from({ length: 16 }, (_, k) => joinRecords(k * 151, 64 * 1024));
const passes = Number(process.argv[2] ?? 4);
for (let p = 0; p < passes; p++) for (const t of texts) detect(t);
// What happens when a scavenge runs in the middle of a call, made to happen: a minor collection with
// one call's candidates alive finds nearly every object their sites made since the last one alive.
const held: unknown[] = [];
for (let r = 0; r < 3; r++) {
  for (const t of texts.slice(0, 4)) {
    gc({ type: 'minor' });
    held.push(defaultRegistry.find(t));
    for (const det of listDetectors()) if (det.find) held.push([...det.find(t, { nameGating: true })]);
    gc({ type: 'minor' });
    held.length = 0;
  }
}

const text = texts[3]!;
const found = defaultRegistry.find(text);
const candidates = found.candidates;
const ctx = { nameGating: true };
const raws: Record<string, { made: number; old: number }> = {};
for (const det of listDetectors()) {
  if (!det.find) continue;
  const out = [...det.find(text, ctx)];
  raws[det.id] = { made: out.length, old: out.filter((r) => !young(r)).length };
}
console.log(JSON.stringify({ candidates: candidates.length, oldCandidates: candidates.filter((c) => !young(c)).length, raws }));
