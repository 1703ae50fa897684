// Run by test/detect/late-deopt.test.ts in a child process under --trace-deopt: one-off `anonymise`
// calls on 1 KB texts, `detectMany` batches over corpus records, a chat session anonymised and
// restored, and records anonymised and restored, printing a marker line once the first calls are
// done, so the test can look at what V8 deoptimises after them.
import { anonymise } from '../../src/anonymise.js';
import { deanonymise } from '../../src/deanonymise.js';
import { anonymiseRecord, deanonymiseRecord } from '../../src/records/records.js';
import { detectMany } from '../../src/resolve/detect.js';
import { createMemoryVault } from '../../src/vault/memory.js';
import { joinRecords } from './corpus-texts.js';

const texts = Array.from({ length: 16 }, (_, k) => joinRecords(k * 97, 1024));
const batch = Array.from({ length: 96 }, (_, k) => joinRecords(k * 13, 200));
const records = Array.from({ length: 32 }, (_, k) => ({ id: k, name: 'Asha Rao', note: joinRecords(k * 31, 180), phone: '98450 12345', city: 'Pune' }));
const vault = createMemoryVault();
const calls = Number(process.argv[2] ?? 2400);
const warm = Number(process.argv[3] ?? 320);
for (let i = 0; i < calls; i++) {
  if (i === warm) console.log('--- warm');
  const t = texts[i % texts.length]!;
  await anonymise(t, { vault });
  const chat = await anonymise(t, { vault, session: 'chat' });
  await deanonymise(chat.text, { vault, session: 'chat' });
  const r = await anonymiseRecord(records[i % records.length]!, { vault });
  await deanonymiseRecord(r.record, { vault, session: r.session });
  if (i % 64 === 0) detectMany(batch);
}
console.log('--- done');
