import { describe, expect, it } from 'vitest';
import lexicon from '../../patterns/health-terms.json';
import { findHealth, healthTrie, isIcd10Shape, termVariants } from '../../src/detect/lexicons/health.js';

function spans(text: string): string[] {
  return findHealth(text).map((c) => text.slice(c.start, c.end));
}

describe('health lexicon', () => {
  const all = Object.values(lexicon.terms).flat();

  it('holds at least 1,500 distinct terms across the categories the issue asks for', () => {
    expect(new Set(all.map((t) => t.toLowerCase())).size).toBeGreaterThanOrEqual(1500);
    for (const cat of ['conditions', 'procedures', 'medicines', 'brands', 'abbreviations', 'hindi'] as const) {
      expect(lexicon.terms[cat].length, cat).toBeGreaterThan(100);
    }
    expect(lexicon.source.length).toBeGreaterThan(40);
    expect(lexicon.licence).toMatch(/MIT/);
  });

  it.each([
    'dolo', 'crocin', 'glycomet', 'pan d', 'telma', 'augmentin', 'calpol', // Indian brands named in the issue
    't2dm', 'htn', 'tb', 'hiv+', 'copd', 'ckd', 'cad', 'mi', 'pcos', 'uti', // abbreviations named in the issue
    'type 2 diabetes mellitus', 'paracetamol', 'angioplasty', 'मधुमेह',
  ])('lists %s', (term) => {
    expect(all.map((t) => t.toLowerCase())).toContain(term);
  });

  it('every needContext entry is a lexicon term, and the ambiguous words from the issue are in it', () => {
    const terms = new Set(all.map((t) => t.toLowerCase()));
    for (const t of lexicon.needContext) expect(terms.has(t), t).toBe(true);
    for (const t of ['mi', 'tb', 'cold', 'pan', 'htn', 'cad', 'uti']) expect(lexicon.needContext).toContain(t);
  });

  it('builds one trie with every term', () => {
    expect(healthTrie().size).toBeGreaterThanOrEqual(new Set(all.map((t) => t.toLowerCase())).size);
  });

  it('spells apostrophe variants', () => {
    expect(termVariants("crohn's disease")).toEqual(["crohn's disease", 'crohns disease', 'crohn disease']);
    expect(termVariants("graves' disease")).toEqual(["graves' disease", 'graves disease']);
    expect(termVariants('asthma')).toEqual(['asthma']);
  });
});

describe('ICD-10 shape', () => {
  it.each(['E11', 'E11.9', 'I10', 'J45.909', 'U07.1', 'M1A.0', 'S72.001A'])('%s is a code shape', (c) => {
    expect(isIcd10Shape(c)).toBe(true);
  });
  it.each(['e11.9', 'E1', 'EE1', 'E11.', 'E11.12345', '11.9', 'E11-9'])('%s is not', (c) => {
    expect(isIcd10Shape(c)).toBe(false);
  });
});

describe('findHealth', () => {
  it.each([
    ['Dx: ICD-10 E11.9, I10 and J45.909', ['E11.9', 'I10', 'J45.909']],
    ['Diagnosis code - E11.9', ['E11.9']],
    ['Type 2 diabetes mellitus (E11.9) noted', ['Type 2 diabetes mellitus', 'E11.9']],
    ['ICD code E11.9 / I10', ['E11.9', 'I10']],
    ['Invoice E11.9 for the order', []], // a code shape alone is too weak
    ['Flat E11, block B', []],
    ['Dx: hypertension', ['hypertension']],
  ])('%s', (text, expected) => {
    expect(spans(text)).toEqual(expected);
  });

  it('lets a strong term vouch for a nearby abbreviation', () => {
    expect(spans('diabetes, HTN')).toEqual(['diabetes', 'HTN']);
    expect(spans('HTN')).toEqual([]);
  });

  it('labels lexicon, context and ICD candidates by pattern', () => {
    const c = findHealth('k/c/o asthma, HTN; Dx E11.9');
    expect(c.map((x) => x.pattern)).toEqual(['health-lexicon', 'health-lexicon-context', 'icd10']);
    expect(c[0]!.score).toBeGreaterThan(c[1]!.score);
  });
});
