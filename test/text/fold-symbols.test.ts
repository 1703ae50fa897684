// A run of format characters between two symbols (the zero-width joiner of an emoji sequence) stays
// in the folded view, and a text with nothing else to fold is not copied. These tests check which
// runs stay, and that a joiner kept in place reads as any other symbol would: detection on corpus
// records with emoji sequences put anywhere equals detection with each kept joiner replaced by '★'.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect, detectMany } from '../../src/resolve/detect.js';
import { anchorsOf } from '../../src/text/anchors.js';
import { foldText, originalSpan } from '../../src/text/fold.js';
import type { DetectOptions, Entity } from '../../src/types.js';

const records = readFileSync(new URL('../../corpus/corpus.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => (JSON.parse(l) as { text: string }).text);

/** Emoji sequences whose format characters stand between two symbols: they stay. */
const JOINED = [
  '👮\u200d♂️', // police officer, ZWJ, male sign, VS16
  '🏃\u200d♀', // runner, ZWJ, female sign
  '👨\u200d👩\u200d👧\u200d👦', // family
  '🧑🏽\u200d💻', // a skin-tone modifier before the joiner
  '👩\u200d⚕', // health worker
  '🐕\u200d🦺', // service dog
  '★\u00ad★', // a soft hyphen between two stars
  '─\u200b─', // a zero-width space inside a box line
  '🙂\u2060\u200b🙂', // a run of two format characters
];
/** Each with its folded form: a mark, letter, digit, ASCII, lone surrogate or edge next to the run. */
const REMOVED: Array<[string, string]> = [
  ['❤️\u200d🔥', '❤️🔥'], // a variation selector (a mark) before the joiner
  ['🏳️\u200d🌈', '🏳️🌈'],
  ['a\u200d👍', 'a👍'],
  ['👍\u200d1', '👍1'],
  ['👍\u200d.', '👍.'],
  ['\ud83d\u200d\udc4d', '\ud83d\udc4d'], // two lone surrogates
  ['\u200d👍', '👍'],
  ['👍\u200d', '👍'],
  ['👍\u00a0👍', '👍 👍'],
];
const STAND_IN = '★';

const IDS: DetectOptions = {
  entities: ['AADHAAR', 'PAN', 'GSTIN', 'IFSC', 'BANK_ACCOUNT', 'CREDIT_CARD', 'UPI', 'PHONE', 'EMAIL', 'PASSPORT', 'VOTER_ID', 'DRIVING_LICENCE', 'VEHICLE_REG', 'IP_ADDRESS', 'ABHA'],
};

/** `text` with each format character of a JOINED sequence replaced by the stand-in symbol (same length). */
function standIn(text: string): string {
  let out = text;
  for (const s of JOINED) out = out.split(s).join(s.replace(/[\u200b\u200d\u2060\u00ad]/g, STAND_IN));
  return out;
}

/** The spans without their texts (the stand-in changes the text of a span over a sequence). */
const bare = (found: Entity[]): Array<Omit<Entity, 'text'>> => found.map(({ text: _t, ...rest }) => rest);

/** `text` with `insert` put at code point boundaries `at` (indexes into its code points). */
function withInserts(text: string, inserts: Array<[number, string]>): string {
  const points = [...text];
  for (const [at, s] of [...inserts].sort((a, b) => b[0] - a[0])) points.splice(at % (points.length + 1), 0, s);
  return points.join('');
}

describe('format characters between symbols', () => {
  it('stay: a text with nothing else to fold is not copied', () => {
    for (const s of JOINED) {
      const text = `Call Rahul at 98765 43210 ${s} or mail rahul@example.com ${s}`;
      expect(foldText(text), JSON.stringify(s)).toBeUndefined();
      // Pass A still says the text may need folding; the registry asks foldText, which declines.
      expect(anchorsOf(text).foldable).toBe(true);
    }
    expect(foldText(JOINED.join(' '))).toBeUndefined();
  });

  it('stay in a text that folds elsewhere, and the map skips only what was removed', () => {
    const text = '👮\u200d♂️ Ku\u00admar\u00a0Singh 🧑🏽\u200d💻 ９８';
    const fold = foldText(text)!;
    expect(fold.text).toBe('👮\u200d♂️ Kumar Singh 🧑🏽\u200d💻 98');
    for (let i = 0; i < fold.text.length; i++) {
      const o = fold.originalIndex(i);
      const c = text.charCodeAt(o);
      expect(fold.text[i] === text[o] || (c === 0xa0 && fold.text[i] === ' ') || c - 0xfee0 === fold.text.charCodeAt(i), `unit ${i}`).toBe(true);
    }
    expect(originalSpan(fold, fold.text.indexOf('Kumar'), fold.text.indexOf('Kumar') + 5)).toEqual({ start: 6, end: 12 });
  });

  it.each(REMOVED)('are removed next to anything but a symbol: %j', (s, want) => {
    expect(foldText(`x ${s} y`)?.text).toBe(`x ${want} y`);
    expect(foldText(s)?.text).toBe(want);
  });

  it('read as any other symbol: every corpus record with emoji sequences, all types', () => {
    let checked = 0;
    for (let r = 0; r < records.length; r++) {
      const text = records[r]!;
      const points = [...text];
      const s = JOINED[r % JOINED.length]!;
      // At both ends, around the middle and next to the first digit or '@' (a value's edge).
      const digit = Math.max(0, points.findIndex((c) => /[0-9@]/.test(c)));
      const decorated = withInserts(text, [[0, s], [points.length >> 1, s], [digit, s], [points.length, `${s}!`]]);
      const got = detect(decorated);
      for (const e of got) expect(decorated.slice(e.start, e.end)).toBe(e.text);
      expect(bare(got), `record ${r}`).toEqual(bare(detect(standIn(decorated))));
      checked++;
    }
    expect(checked).toBe(records.length);
  });

  it('property: emoji sequences anywhere in corpus records, all types or identifiers, one text or a batch', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: records.length - 1 }),
        fc.array(fc.tuple(fc.nat(4000), fc.constantFrom(...JOINED)), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (r, inserts, ids) => {
          const text = withInserts(records[r]!, inserts);
          const options = ids ? IDS : undefined;
          const want = bare(detect(standIn(text), options));
          expect(bare(detect(text, options))).toEqual(want);
          expect(bare(detectMany([text, records[(r + 1) % records.length]!], options)[0]!)).toEqual(want);
        },
      ),
      { numRuns: 400, seed: 20261207 },
    );
  });

  it('a long two-byte text with one emoji sequence: not copied, the same spans', () => {
    let text = '';
    for (let i = 0; text.length < 80_000; i++) text += `${records[i % records.length]!} ✓\n\n`;
    const decorated = `${text.slice(0, 40_000)} 👮\u200d♂️ ${text.slice(40_000)}`;
    expect(foldText(decorated)).toBeUndefined();
    expect(bare(detect(decorated))).toEqual(bare(detect(standIn(decorated))));
  });
});
