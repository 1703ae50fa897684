// Corpus records joined into texts of a given size, for the probes run in child processes
// (deopt-probe.ts, gc-probe.ts).
import { readFileSync } from 'node:fs';

const records = readFileSync(new URL('../../corpus/corpus.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => (JSON.parse(l) as { text: string }).text);

/** Corpus records back to back from record `from` until `size` characters. */
export function joinRecords(from: number, size: number): string {
  let text = '';
  for (let i = from; text.length < size; i = (i + 1) % records.length) text += (text ? '\n\n' : '') + records[i]!;
  return text;
}
