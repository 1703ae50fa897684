import { readFileSync } from 'node:fs';
import luhn from 'luhn';
import { describe, expect, it } from 'vitest';
import { CORPUS_FILE, generateAll, generateRecords, RECORDS, TRICKY_FILE } from '../../corpus/generate.js';
import type { CorpusRecord } from '../../corpus/gen/builder.js';
import { digitsOnly } from '../../src/detect/validators/digits.js';
import { gstinValid } from '../../src/detect/validators/gstin.js';
import { verhoeffValid } from '../../src/detect/validators/verhoeff.js';

const read = (f: string): CorpusRecord[] => readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CorpusRecord);
const corpus = read(CORPUS_FILE);
const tricky = read(TRICKY_FILE);
const all = [...corpus, ...tricky];

function spansOf(recs: readonly CorpusRecord[], type: string): string[] {
  return recs.flatMap((r) => r.spans.filter((s) => s.type === type).map((s) => r.text.slice(s.start, s.end)));
}

describe('corpus generator', () => {
  it('regenerates the committed files byte for byte (run `tsx corpus/generate.ts` after changing it)', () => {
    const fresh = generateAll();
    expect(fresh.corpus === readFileSync(CORPUS_FILE, 'utf8')).toBe(true);
    expect(fresh.tricky === readFileSync(TRICKY_FILE, 'utf8')).toBe(true);
  });

  it('is a pure function of the seed', () => {
    const a = JSON.stringify(generateRecords(7, 60));
    expect(JSON.stringify(generateRecords(7, 60))).toBe(a);
    expect(JSON.stringify(generateRecords(8, 60))).not.toBe(a);
  });
});

describe('corpus records', () => {
  it('have unique ids and the documented shape', () => {
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    for (const r of all) {
      expect(typeof r.text).toBe('string');
      expect(Array.isArray(r.spans)).toBe(true);
      expect(r.negative === true).toBe(r.spans.length === 0);
    }
  });

  it('have spans that slice to non-empty, trimmed text inside the record', () => {
    const bad = all.flatMap((r) =>
      r.spans.filter((s) => {
        const v = r.text.slice(s.start, s.end);
        return !(Number.isInteger(s.start) && s.end <= r.text.length && s.start < s.end && v.trim() === v && v.length > 0);
      }).map((s) => `${r.id}:${s.type}`),
    );
    expect(bad).toEqual([]);
  });

  it('have no overlapping gold spans', () => {
    const bad: string[] = [];
    for (const r of all) {
      const s = r.spans.slice().sort((a, b) => a.start - b.start);
      for (let i = 1; i < s.length; i++) if (s[i]!.start < s[i - 1]!.end) bad.push(r.id);
    }
    expect(bad).toEqual([]);
  });

  it('label only checksum-valid Aadhaar/VID, GSTIN and card values (checked with the shipped validators and the luhn package)', () => {
    const aadhaar = spansOf(all, 'AADHAAR').map(digitsOnly);
    expect(aadhaar.length).toBeGreaterThan(100);
    expect(aadhaar.filter((d) => !((d.length === 12 && /^[2-9]/.test(d)) || d.length === 16) || !verhoeffValid(d))).toEqual([]);
    const gstin = spansOf(all, 'GSTIN');
    expect(gstin.filter((g) => !gstinValid(g))).toEqual([]);
    const cards = spansOf(all, 'CREDIT_CARD').map((c) => c.replace(/[\s-]/g, ''));
    expect(cards.filter((c) => !luhn.validate(c))).toEqual([]);
  });

  it('keep PAN, IFSC and PIN shapes', () => {
    expect(spansOf(all, 'PAN').filter((p) => !/^[A-Z]{3}[PCHFATBLJG][A-Z]\d{4}[A-Z]$/.test(p))).toEqual([]);
    expect(spansOf(all, 'IFSC').filter((p) => !/^[A-Z]{4}0[A-Z0-9]{6}$/.test(p))).toEqual([]);
    expect(spansOf(all, 'PIN_CODE').filter((p) => !/^[1-9]\d{5}$/.test(p))).toEqual([]);
    expect(spansOf(all, 'AGE').filter((p) => !/^\d{1,3}$/.test(p))).toEqual([]);
  });

  it('meet the quotas', () => {
    const count = (t: string) => spansOf(corpus, t).length;
    expect(corpus.length).toBe(RECORDS);
    expect(corpus.length).toBeGreaterThanOrEqual(2000);
    expect(corpus.filter((r) => r.negative).length / corpus.length).toBeGreaterThanOrEqual(0.25);
    expect(count('PERSON')).toBeGreaterThanOrEqual(1000);
    expect(count('HEALTH')).toBeGreaterThanOrEqual(400);
    for (const t of ['CITY', 'AGE', 'DATE_OF_BIRTH']) expect(count(t), t).toBeGreaterThanOrEqual(300);
    for (const t of ['AADHAAR', 'PAN', 'GSTIN', 'IFSC', 'BANK_ACCOUNT', 'CREDIT_CARD', 'UPI_ID', 'PHONE', 'EMAIL', 'PASSPORT', 'VOTER_ID', 'DRIVING_LICENCE', 'VEHICLE_REG', 'PIN_CODE', 'ABHA', 'IP_ADDRESS']) {
      expect(count(t), t).toBeGreaterThanOrEqual(50);
    }
    expect(tricky.length).toBeGreaterThanOrEqual(100);
  });

  it('covers Devanagari names, digits and cities', () => {
    expect(spansOf(all, 'PERSON').some((p) => /[\u0900-\u097f]/.test(p))).toBe(true);
    expect(spansOf(all, 'AADHAAR').some((p) => /[०-९]/.test(p))).toBe(true);
    expect(spansOf(all, 'CITY').some((p) => /[\u0900-\u097f]/.test(p))).toBe(true);
  });

  it('never labels an honorific, a relation marker or the unit of an age', () => {
    const persons = spansOf(all, 'PERSON');
    expect(persons.filter((p) => /^(Dr|Mr|Mrs|Ms|Smt|Shri|Prof|Adv)\b\.?\s/.test(p) || /^(S|D|W|C)\/o\b/i.test(p))).toEqual([]);
    expect(spansOf(all, 'DATE_OF_BIRTH').filter((d) => /dob|birth|born/i.test(d))).toEqual([]);
  });
});
