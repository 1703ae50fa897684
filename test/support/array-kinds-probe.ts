// Run by test/text/array-kinds.test.ts in a child process under --allow-natives-syntax: the elements
// kinds of the entity arrays `detect`, `detectMany` and an engine's detection memo return, from the
// first call until the functions that build them are optimised (thousands of short calls). Prints one
// JSON line: per source, how many arrays were holey and how many packed.
import { detect, detectMany } from '../../src/resolve/detect.js';
import { createEngine } from '../../src/engine.js';

const holey = new Function('a', 'return %HasHoleyElements(a)') as (a: unknown[]) => boolean;
const texts = [
  'Asha Rao, PAN ABCPK1234F, phone 9876543210',
  'Ravi Kumar lives in Pune, mail ravi.k@example.com',
  'Aadhaar 2345 6789 0124 for Meena Iyer, age 42',
  'call me at +91 98450 12345 or write to asha@example.org',
];
const calls = Number(process.argv[2] ?? 6000);
const count = { detect: { holey: 0, packed: 0 }, detectMany: { holey: 0, packed: 0 }, memo: { holey: 0, packed: 0 } };
const note = (k: keyof typeof count, a: unknown[]): void => {
  if (holey(a)) count[k].holey++;
  else count[k].packed++;
};
const engine = createEngine({ detectMemo: 64 });
for (let i = 0; i < calls; i++) {
  const t = texts[i % texts.length]!;
  note('detect', detect(t));
  if (i % 4 === 0) {
    const many = detectMany(texts);
    note('detectMany', many);
    for (const m of many) note('detectMany', m);
  }
  note('memo', engine.detect(t));
}
await engine.close();
console.log(JSON.stringify(count));
