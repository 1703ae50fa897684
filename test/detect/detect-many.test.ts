// detectMany runs the detectors part by part over a batch of texts (the names detector over all of
// them, then the others) instead of text by text. Its answer must be detect's on each text, whatever
// the texts, the types asked for, the options and the registry.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DetectorRegistry } from '../../src/detect/registry.js';
import { detect, detectMany, detectManyWith, detectWith, PART_BATCH } from '../../src/resolve/detect.js';
import { KavachError } from '../../src/errors.js';
import { createEngine } from '../../src/engine.js';
import { detectAllWithPrefix } from '../../src/batch/tasks.js';
import { detectWithPrefix } from '../support/fixtures.js';

const root = join(import.meta.dirname, '..', '..');
const read = (f: string): string[] =>
  readFileSync(join(root, f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { text: string }).text);
const records = [...read('corpus/corpus.jsonl'), ...read('corpus/tricky.jsonl'), ...read('corpus/independent.jsonl')];

const IDENTIFIERS = ['AADHAAR', 'PHONE', 'PAN', 'GSTIN', 'IFSC', 'BANK_ACCOUNT', 'CREDIT_CARD', 'UPI_ID', 'EMAIL', 'IP_ADDRESS', 'PASSPORT', 'VOTER_ID', 'DRIVING_LICENCE', 'VEHICLE_REG', 'PIN_CODE', 'ABHA'];

describe('detectMany', () => {
  it('gives detect\'s entities for every corpus record, for every set of types asked', () => {
    const sets: Array<readonly string[] | undefined> = [undefined, IDENTIFIERS, ['PERSON'], ['PERSON', 'PAN', 'CITY'], ['HEALTH', 'AGE', 'DATE_OF_BIRTH']];
    for (const entities of sets) {
      const options = entities ? { entities: [...entities] } : undefined;
      expect(detectMany(records, options)).toEqual(records.map((t) => detect(t, options)));
    }
  });

  it('runs part by part from PART_BATCH texts on, and text by text below', () => {
    expect(PART_BATCH).toBeGreaterThan(1);
    const registry = new DetectorRegistry();
    let parts = 0;
    const find = registry.find.bind(registry);
    registry.find = (input, options, part) => {
      if (part !== undefined) parts++;
      return find(input, options, part);
    };
    const texts = records.slice(0, PART_BATCH);
    expect(detectManyWith(registry, texts.slice(1))).toEqual(texts.slice(1).map((t) => detectWith(registry, t)));
    expect(parts).toBe(0);
    expect(detectManyWith(registry, texts)).toEqual(texts.map((t) => detectWith(registry, t)));
    expect(parts).toBe(2 * PART_BATCH);
  });

  it('keeps minScore, nameGating and explain as detect reads them', () => {
    const some = records.slice(0, 400);
    for (const options of [{ minScore: 0.7 }, { nameGating: false }, { explain: true }, { minScore: 0.2, entities: ['PERSON', 'PHONE'] }]) {
      expect(detectMany(some, options)).toEqual(some.map((t) => detect(t, options)));
    }
  });

  it('maps folded texts back as detect does (NBSP, zero-width and soft hyphen separators, full-width digits)', () => {
    const folded = [
      'Ravi\u00a0Kumar, Aadhaar 2345\u00a06789\u00a00124',
      'PAN ABC\u200bPK1234F of Priya Raghavan',
      'call ９８７６５４３２１０ — Anita Desai',
      '',
      '\u200b\u200b',
      'mobile 98765\u00ad43210, Sunil Menon, Pune 411001',
    ];
    // Among enough records that the batch runs part by part.
    const texts = records.slice(0, PART_BATCH).flatMap((t, i) => (i < folded.length ? [folded[i]!, t] : [t]));
    expect(detectMany(texts)).toEqual(texts.map((t) => detect(t)));
  });

  it('gives detect\'s entities for generated batches of record pieces, noise and separators', () => {
    const piece = fc.oneof(
      fc.constantFrom(...records.slice(0, 300)),
      fc.constantFrom('Ravi Kumar', 'ravi kumar', 'RAVI KUMAR', 'Dr. Anita Desai', 'श्री राम शर्मा', 'A/c No. 50100234567812', 'DOB 12/03/1985', 'Age 42', 'diabetes', 'Mumbai'),
      fc.string({ maxLength: 30 }),
    );
    const text = fc.array(fc.tuple(piece, fc.constantFrom(' ', '\n', ', ', '\u00a0', '\t', '')), { maxLength: 6 }).map((xs) => xs.map(([p, s]) => p + s).join(''));
    fc.assert(
      fc.property(fc.array(text, { minLength: PART_BATCH, maxLength: PART_BATCH + 16 }), (texts) => {
        expect(detectMany(texts)).toEqual(texts.map((t) => detect(t)));
      }),
      { numRuns: 40 },
    );
  });

  it('runs a registry\'s own detectors, custom ones among them, as detectWith does', () => {
    const registry = new DetectorRegistry();
    registry.register({ id: 'employee-id', type: 'EMPLOYEE_ID', patterns: [{ name: 'emp', source: '\\bEMP-[0-9]{5}\\b', score: 0.8 }], context: ['employee'] });
    const texts = records.slice(0, 300).map((t, i) => (i % 3 === 0 ? `${t} employee EMP-${String(10000 + i)}` : t));
    expect(detectManyWith(registry, texts)).toEqual(texts.map((t) => detectWith(registry, t)));
    expect(registry.parts()).toBe(2);
    expect(registry.parts(['PERSON'])).toBe(1);
    expect(registry.parts(['EMPLOYEE_ID', 'PAN'])).toBe(1);
    expect(registry.parts(['EMPLOYEE_ID', 'PERSON'])).toBe(2);
    const engine = createEngine();
    engine.registerDetector({ id: 'employee-id', type: 'EMPLOYEE_ID', patterns: [{ name: 'emp', source: '\\bEMP-[0-9]{5}\\b', score: 0.8 }], context: ['employee'] });
    expect(engine.detectMany(texts)).toEqual(texts.map((t) => engine.detect(t)));
    expect(engine.detectMany(texts).flat().some((e) => e.type === 'EMPLOYEE_ID')).toBe(true);
  });

  it('gives a batch task\'s spans: detection on prefix + text, spans inside the text, as text by text', () => {
    const texts = records.slice(0, 200);
    const prefixes = texts.map((_, i) => (i % 4 === 0 ? undefined : ['aadhaar: ', 'account_no: ', 'name: '][i % 3]));
    expect(detectAllWithPrefix(texts, prefixes)).toEqual(texts.map((t, i) => detectWithPrefix(t, prefixes[i])));
    expect(detectAllWithPrefix(texts, undefined, { entities: ['PERSON', 'PHONE'] })).toEqual(texts.map((t) => detectWithPrefix(t, undefined, { entities: ['PERSON', 'PHONE'] })));
  });

  it('refuses what detect refuses, naming the position and never the value', () => {
    expect(() => detectMany('Ravi Kumar' as unknown as string[])).toThrow(TypeError);
    let err: unknown;
    try {
      detectMany(['Ravi Kumar', 9876543210 as unknown as string, 'Anita Desai']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TypeError);
    expect(String(err)).toContain('texts[1]');
    expect(String(err)).not.toContain('9876543210');
    expect(() => detectMany(['x', 'y'], { entities: 'PERSON' as unknown as string[] })).toThrow(KavachError);
    expect(detectMany([])).toEqual([]);
  });
});
