// Every patterns/*.json detector file carries `examples.match` / `examples.noMatch`: one generic test
// checks them all, so the data documents itself and cannot drift from the code.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { values } from './helpers.js';

interface Example { text: string; value: string }
interface PatternFile { id: string; type: string; examples?: { match?: Example[]; noMatch?: string[] } }

const dir = join(import.meta.dirname, '..', 'patterns');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ f, data: JSON.parse(readFileSync(join(dir, f), 'utf8')) as PatternFile }))
  .filter(({ data }) => data.examples);

describe.each(files)('patterns/$f', ({ data }) => {
  it.each(data.examples?.match ?? [])('matches %o', (ex) => {
    expect(values(ex.text, data.type)).toContain(ex.value);
  });
  it.each((data.examples?.noMatch ?? []).map((t) => [t]))('does not match %s', (text) => {
    expect(values(text, data.type)).toEqual([]);
  });
});
