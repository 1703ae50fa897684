// Builds the labelled evaluation corpus: corpus/corpus.jsonl (seeded, templated records) and
// corpus/tricky.jsonl (hand-written cases from corpus/tricky.txt). Same seed → byte-identical files.
//   tsx corpus/generate.ts            write both files
//   tsx corpus/generate.ts --check    exit 1 if the committed files differ from a fresh generation
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CorpusRecord } from './gen/builder.js';
import { valueValid } from './gen/checks.js';
import { Kit } from './gen/kit.js';
import { NEGATIVE } from './gen/negative.js';
import { POSITIVE, type Template } from './gen/positive.js';
import { Rng } from './gen/rng.js';
import { parseTricky } from './gen/tricky.js';

export const SEED = 20240315;
export const RECORDS = 2400;
export const NEGATIVE_SHARE = 0.27;

const HERE = dirname(fileURLToPath(import.meta.url));
export const CORPUS_FILE = join(HERE, 'corpus.jsonl');
export const TRICKY_FILE = join(HERE, 'tricky.jsonl');
export const TRICKY_SOURCE = join(HERE, 'tricky.txt');

function pickTemplate(r: Rng, list: readonly Template[]): Template {
  return r.weighted(list.map((t) => [t.weight, t] as const));
}

/** Structural checks every record must pass; throws with the record id (never the value). */
export function checkRecord(rec: CorpusRecord): void {
  let prevEnd = -1;
  const spans = rec.spans.slice().sort((a, b) => a.start - b.start);
  for (const s of spans) {
    const v = rec.text.slice(s.start, s.end);
    if (v.length === 0 || v.trim() !== v) throw new Error(`${rec.id}: ${s.type} span is empty or padded`);
    if (s.start < prevEnd) throw new Error(`${rec.id}: overlapping spans`);
    if (!valueValid(s.type, v)) throw new Error(`${rec.id}: ${s.type} value fails its check`);
    prevEnd = s.end;
  }
}

export function generateRecords(seed = SEED, n = RECORDS): CorpusRecord[] {
  const r = new Rng(seed);
  const negCount = Math.round(n * NEGATIVE_SHARE);
  const slots: boolean[] = Array.from({ length: n }, (_, i) => i < negCount);
  for (let i = slots.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [slots[i], slots[j]] = [slots[j]!, slots[i]!];
  }
  const out: CorpusRecord[] = [];
  slots.forEach((neg, i) => {
    const t = pickTemplate(r, neg ? NEGATIVE : POSITIVE);
    const k = new Kit(r);
    t.run(k);
    const rec = k.b.build(`c-${String(i + 1).padStart(5, '0')}`, t.kind, t.name);
    if (neg !== (rec.negative === true)) throw new Error(`${rec.id}: template ${t.name} ${neg ? 'emitted spans' : 'emitted no span'}`);
    checkRecord(rec);
    out.push(rec);
  });
  return out;
}

export function toJsonl(records: readonly CorpusRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

export function generateTricky(source = readFileSync(TRICKY_SOURCE, 'utf8')): CorpusRecord[] {
  const recs = parseTricky(source);
  for (const r of recs) checkRecord(r);
  return recs;
}

/** Both files' contents, as they should be committed. */
export function generateAll(seed = SEED): { corpus: string; tricky: string } {
  return { corpus: toJsonl(generateRecords(seed)), tricky: toJsonl(generateTricky()) };
}

function main(): void {
  const { corpus, tricky } = generateAll();
  if (process.argv.includes('--check')) {
    const same = readFileSync(CORPUS_FILE, 'utf8') === corpus && readFileSync(TRICKY_FILE, 'utf8') === tricky;
    if (!same) {
      console.error('corpus files are stale: run `tsx corpus/generate.ts`');
      process.exit(1);
    }
    console.log('corpus files are up to date');
    return;
  }
  writeFileSync(CORPUS_FILE, corpus);
  writeFileSync(TRICKY_FILE, tricky);
  console.log(`wrote ${corpus.split('\n').length - 1} records to corpus/corpus.jsonl, ${tricky.split('\n').length - 1} to corpus/tricky.jsonl`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
