import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, formatTable, matchSpans, nameTokens, scores, type Thresholds } from '../../corpus/eval.js';

const S = (type: string, start: number, end: number) => ({ type, start, end });

describe('matchSpans', () => {
  it('counts each gold and each prediction at most once', () => {
    // Two predictions split one gold name: one true positive, one false positive.
    const m = matchSpans([S('PERSON', 0, 10)], [S('PERSON', 0, 4), S('PERSON', 5, 10)]);
    expect(m.goldHit).toEqual([true]);
    expect(m.predHit.filter(Boolean)).toHaveLength(1);
  });

  it('requires the same type and an overlap', () => {
    const m = matchSpans([S('PAN', 0, 10), S('CITY', 20, 25)], [S('GSTIN', 0, 15), S('CITY', 25, 30)]);
    expect(m.goldHit).toEqual([false, false]);
    expect(m.predHit).toEqual([false, false]);
  });

  it('prefers the exact-boundary prediction and reports exact hits', () => {
    const m = matchSpans([S('AGE', 10, 12)], [S('AGE', 5, 12), S('AGE', 10, 12)]);
    expect(m.predHit).toEqual([false, true]);
    expect(m.exact).toEqual([true]);
    expect(matchSpans([S('AGE', 10, 12)], [S('AGE', 5, 12)]).exact).toEqual([false]);
  });
});

describe('scores', () => {
  it('computes precision, recall and F1', () => {
    const s = scores({ gold: 10, pred: 8, goldHit: 6, predHit: 6, exact: 5 });
    expect(s.precision).toBeCloseTo(0.75);
    expect(s.recall).toBeCloseTo(0.6);
    expect(s.f1).toBeCloseTo((2 * 0.75 * 0.6) / 1.35);
    expect(s.exactRecall).toBeCloseTo(0.5);
    expect(scores({ gold: 3, pred: 0, goldHit: 0, predHit: 0, exact: 0 }).f1).toBe(0);
  });
});

describe('nameTokens', () => {
  it('drops initials and possessives, keeps Devanagari', () => {
    expect(nameTokens("S. R. Iyer's")).toEqual(['iyer']);
    expect(nameTokens('राजेश कुमार')).toEqual(['राजेश', 'कुमार']);
  });
});

describe('evaluate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kavach-eval-'));
  const file = join(dir, 'mini.jsonl');
  const recs = [
    { id: 'a', text: 'Name: Asha Rao, PAN ABCPR1234F', spans: [S('PERSON', 6, 14), S('PAN', 20, 30)] },
    { id: 'b', text: 'Thanks, Zorba', spans: [S('PERSON', 8, 13)] },
    { id: 'c', text: 'OTP is 482913', spans: [], negative: true },
  ];
  writeFileSync(file, recs.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const thresholds: Thresholds = { f1: { PAN: 0.98, PERSON: 0.9 }, personAbsentFromLexiconRecall: 0.93, maxDetectionsOnNegativeRecords: 0 };
  // A fake detector: finds the PAN and "Asha Rao", misses "Zorba", and fires on the OTP.
  const detectFn = (t: string) => {
    const out: Array<{ type: string; start: number; end: number }> = [];
    const pan = t.indexOf('ABCPR1234F');
    if (pan >= 0) out.push({ type: 'PAN', start: pan, end: pan + 10 });
    const n = t.indexOf('Asha Rao');
    if (n >= 0) out.push({ type: 'PERSON', start: n, end: n + 8 });
    const otp = t.indexOf('482913');
    if (otp >= 0) out.push({ type: 'PIN_CODE', start: otp, end: otp + 6 });
    return out;
  };

  it('scores per type, counts detections on negatives and lists the failures', () => {
    const misses: string[] = [];
    const r = evaluate({ files: [file], thresholds, detectFn, lexicon: new Set(['asha', 'rao']), onMiss: (m) => misses.push(`${m.kind} ${m.id} ${m.text}`) });
    expect(r.records).toBe(3);
    expect(r.types.PAN!.f1).toBe(1);
    expect(r.types.PERSON).toMatchObject({ gold: 2, goldHit: 1, recall: 0.5 });
    expect(r.negatives.detections).toBe(1);
    expect(r.negatives.byType.PIN_CODE).toEqual({ count: 1, examples: ['c'] });
    expect(r.person).toMatchObject({ evaluated: 2, absentFromLexicon: 1, absentRecall: 0 });
    expect(misses).toEqual(['FN b Zorba', 'FP c 482913']);
    expect(r.failures.join('\n')).toMatch(/PERSON: F1/);
    expect(r.failures.join('\n')).toMatch(/negative records: 1 detections/);
    expect(r.failures.join('\n')).toMatch(/PERSON absent from lexicon/);
    expect(r.failures.join('\n')).not.toMatch(/PAN/);
    expect(formatTable(r)).toMatch(/PERSON\s+2\s+1/);
  });

  it('restricts to --types and skips the lexicon figure when there is no lexicon', () => {
    const r = evaluate({ files: [file], thresholds, detectFn, types: ['PAN'], lexicon: undefined });
    expect(Object.keys(r.types)).toEqual(['PAN']);
    expect(r.failures).toEqual([]);
    const p = evaluate({ files: [file], thresholds, detectFn, types: ['PERSON'], lexicon: undefined });
    expect(p.person.note).toMatch(/not found/);
    expect(p.person.absentRecall).toBeNull();
  });
});
