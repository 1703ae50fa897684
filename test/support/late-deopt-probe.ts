// Run by test/detect/late-deopt.test.ts in a child process under --trace-deopt: one-off `anonymise`
// calls on 1 KB texts and `detectMany` batches over corpus records, printing a marker line once the
// first calls are done, so the test can look at what V8 deoptimises after them.
import { anonymise } from '../../src/anonymise.js';
import { detectMany } from '../../src/resolve/detect.js';
import { createMemoryVault } from '../../src/vault/memory.js';
import { joinRecords } from './corpus-texts.js';

const texts = Array.from({ length: 16 }, (_, k) => joinRecords(k * 97, 1024));
const batch = Array.from({ length: 96 }, (_, k) => joinRecords(k * 13, 200));
const vault = createMemoryVault();
const calls = Number(process.argv[2] ?? 3200);
const warm = Number(process.argv[3] ?? 320);
for (let i = 0; i < calls; i++) {
  if (i === warm) console.log('--- warm');
  await anonymise(texts[i % texts.length]!, { vault });
  if (i % 64 === 0) detectMany(batch);
}
console.log('--- done');
