// Run by test/detect/gc-deopt.test.ts in a child process under --trace-deopt --expose-gc: short calls
// as a service makes them, with a full garbage collection between rounds. First `detect` and
// `anonymise` alone, then `deanonymise` (whole and streamed) and a record as well. Prints a marker line before each part,
// once the code is warm, after each collection (a deoptimisation is traced when the collection marks
// it) and at each part's end, so the test reads only what the collections cause.
import type * as Kavach from '../../src/index.js';
import { joinRecords as join } from './corpus-texts.js';

const { anonymise, anonymiseRecord, createMemoryVault, deanonymise, detect, StreamingRestorer } = (await import(process.argv[2] || '../../src/index.js')) as typeof Kavach;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const collections = Number(process.argv[3] ?? 8);

const prompts = Array.from({ length: 16 }, (_, k) => join(k * 97, 1024));
const vault = createMemoryVault();

async function round(calls: number, all: boolean): Promise<void> {
  for (let i = 0; i < calls; i++) {
    const t = prompts[i % prompts.length]!;
    detect(t);
    const a = await anonymise(t, { vault });
    if (!all) continue;
    await deanonymise(a.text, { vault, session: a.session });
    const stream = new StreamingRestorer({ vault, session: a.session });
    for (let j = 0; j < a.text.length; j += 64) await stream.push(a.text.slice(j, j + 64));
    await stream.end();
    await anonymiseRecord({ name: 'Ravi Kumar', phone: '9876543210', note: t.slice(0, 200) }, { vault });
  }
}

for (const all of [false, true]) {
  for (let r = 0; r < 6; r++) await round(200, all);
  console.log(all ? '--- restore and records' : '--- detect and anonymise');
  for (let r = 0; r < collections; r++) {
    gc();
    console.log(`--- collection ${r}`);
    await round(60, all);
  }
  console.log('--- end');
}
