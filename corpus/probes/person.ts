// PERSON probe: 385 short texts of Indian traffic in 14 kinds (support, bank, HR, logistics, clinical,
// school, legal, Hinglish, Devanagari, news, structured, ordinary-word uses of names, repeated
// mentions, foreign names), written and labelled by a reviewer who had not read the PERSON rules or
// word lists (2026-12-04), to measure PERSON on text the detectors were not tuned to. Names are invented.
//
// Format of person.txt: `## kind` starts a group; each other line is `text ||| name; name …` (`\n` in
// the text is a newline). A label marks every whole-word occurrence of that name in the text, or only
// the k-th with `name#k`; overlapping marks keep the longest. Scoring is strict: a span counts only
// when its start and end are exactly a gold name's.
//   npm run check:person-probe
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detect } from '../../src/index.js';

export const PROBE_FILE = fileURLToPath(new URL('./person.txt', import.meta.url));

interface Span { start: number; end: number }
export interface ProbeText { kind: string; text: string; gold: Span[] }
export interface Score { texts: number; tp: number; fp: number; fn: number; precision: number; recall: number }

const WORD = /[\p{L}\p{M}\p{N}]/u;

/** Whole-word occurrences of `name` in `text` (no letter, mark or digit on either side). */
function occurrences(text: string, name: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
    const before = i > 0 ? text[i - 1]! : '';
    const after = text[i + name.length] ?? '';
    if (!WORD.test(before) && !WORD.test(after)) out.push(i);
  }
  return out;
}

function goldOf(text: string, labels: readonly string[], line: number): Span[] {
  const marks: Span[] = [];
  for (const label of labels) {
    const m = /^(.*?)#(\d+)$/.exec(label);
    const name = m ? m[1]! : label;
    const at = occurrences(text, name);
    if (at.length === 0) throw new Error(`person probe: a label of line ${line} is not in its text`);
    for (const s of m ? [at[Number(m[2]) - 1]!] : at) marks.push({ start: s, end: s + name.length });
  }
  marks.sort((a, b) => b.end - b.start - (a.end - a.start));
  const kept: Span[] = [];
  for (const s of marks) if (!kept.some((k) => s.start < k.end && k.start < s.end)) kept.push(s);
  return kept.sort((a, b) => a.start - b.start);
}

export function loadProbe(file = PROBE_FILE): ProbeText[] {
  const out: ProbeText[] = [];
  let kind = '';
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let no = 1; no <= lines.length; no++) {
    const line = lines[no - 1]!;
    if (!line.trim()) continue;
    if (line.startsWith('## ')) {
      kind = line.slice(3).trim();
      continue;
    }
    const [raw, labels = ''] = line.split(/\s*\|\|\|\s*/);
    const text = raw!.replace(/\\n/g, '\n');
    out.push({ kind, text, gold: goldOf(text, labels.split(';').map((s) => s.trim()).filter(Boolean), no) });
  }
  return out;
}

/** Strict precision and recall of `find` over the probe, overall and by kind. */
export function scoreProbe(texts: readonly ProbeText[], find: (text: string) => Span[]): { all: Score; byKind: Map<string, Score> } {
  const blank = (): Score => ({ texts: 0, tp: 0, fp: 0, fn: 0, precision: 0, recall: 0 });
  const all = blank();
  const byKind = new Map<string, Score>();
  for (const t of texts) {
    const k = byKind.get(t.kind) ?? blank();
    byKind.set(t.kind, k);
    const gold = new Set(t.gold.map((s) => `${s.start}:${s.end}`));
    const got = find(t.text).map((s) => `${s.start}:${s.end}`);
    for (const s of [all, k]) {
      s.texts++;
      for (const g of got) {
        if (gold.has(g)) s.tp++;
        else s.fp++;
      }
      for (const g of gold) if (!got.includes(g)) s.fn++;
    }
  }
  for (const s of [all, ...byKind.values()]) {
    s.precision = s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
    s.recall = s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
  }
  return { all, byKind };
}

export const detectPersons = (text: string): Span[] => detect(text, { entities: ['PERSON'] });

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { all, byKind } = scoreProbe(loadProbe(), detectPersons);
  const row = (name: string, s: Score): string =>
    `${name.padEnd(12)} ${String(s.texts).padStart(5)} ${s.precision.toFixed(3).padStart(9)} ${s.recall.toFixed(3).padStart(7)}   ${s.tp}/${s.fp}/${s.fn}`;
  console.log(`${'kind'.padEnd(12)} ${'texts'.padStart(5)} ${'precision'.padStart(9)} ${'recall'.padStart(7)}   tp/fp/fn`);
  for (const [k, s] of byKind) console.log(row(k, s));
  console.log(row('all', all));
}
