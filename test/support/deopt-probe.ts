// Run by test/detect/deopt-storm.test.ts in a child process under --trace-deopt: large texts first
// (a batch, a benchmark's warm-up), then short prompts, as a service sees them. Prints a marker line
// before the short calls, so the test counts only their deoptimisations.
import type * as Kavach from '../../src/index.js';
import { joinRecords as join } from './corpus-texts.js';

// The package as users load it: the built bundle (argv[2], a file URL), else the sources.
const { anonymise, createMemoryVault, detect, ENTITY_TYPES } = (await import(process.argv[2] ?? '../../src/index.js')) as typeof Kavach;

const large = [0, 1, 2, 3].map((k) => join(k * 400, 64 * 1024));
const short = Array.from({ length: 16 }, (_, k) => join(k * 97, 1024));
const vault = createMemoryVault();
for (const t of large) detect(t);
await anonymise(large[0]!, { vault });
console.log('--- short calls');
for (let i = 0; i < 300; i++) detect(short[i % 16]!);
for (let i = 0; i < 300; i++) await anonymise(short[i % 16]!, { vault });
const identifiers = ENTITY_TYPES.filter((t) => !['PERSON', 'HEALTH', 'CITY', 'AGE', 'DATE_OF_BIRTH', 'PIN_CODE'].includes(t));
for (let i = 0; i < 300; i++) detect(short[i % 16]!, { entities: identifiers });
console.log('--- done');
