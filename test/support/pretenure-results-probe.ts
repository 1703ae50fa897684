// Run by test/detect/pretenure.test.ts in a child process under --allow-natives-syntax --expose-gc: the
// public results (`detect`'s entities, `anonymise`'s report) kept alive across minor collections, as a
// caller holds them while a scavenge runs, then whether fresh results are in the young generation.
// Prints one JSON line.
import { anonymise } from '../../src/anonymise.js';
import { detect } from '../../src/resolve/detect.js';
import { createMemoryVault } from '../../src/vault/memory.js';
import { joinRecords } from './corpus-texts.js';

const young = new Function('o', 'return %InYoungGeneration(o)') as (o: object) => boolean;
const gc = (globalThis as { gc?: (o: { type: 'minor' | 'major' }) => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const texts = Array.from({ length: 8 }, (_, k) => joinRecords(k * 151, 32 * 1024));
const vault = createMemoryVault();
const passes = Number(process.argv[2] ?? 3);
for (let p = 0; p < passes; p++) for (const t of texts) await anonymise(t, { vault });

const held: unknown[] = [];
for (let r = 0; r < 3; r++) {
  for (const t of texts.slice(0, 4)) {
    gc({ type: 'minor' });
    held.push(detect(t), await anonymise(t, { vault }));
    gc({ type: 'minor' });
    held.length = 0;
  }
}

const text = texts[5]!;
const old = (xs: object[]): number => xs.filter((x) => !young(x)).length;
// Each result is asked about as soon as it is made: one that lives through two scavenges is promoted.
const entities = detect(text);
const oldEntities = old(entities);
const report = (await anonymise(text, { vault })).entities;
console.log(JSON.stringify({ entities: entities.length, oldEntities, report: report.length, oldReport: old(report) }));
