import { describe, expect, it } from 'vitest';
import { detect } from '../../src/index.js';
import { find, values } from '../helpers.js';

describe('HEALTH', () => {
  it.each([
    ['Patient is a known case of type 2 diabetes mellitus.', ['type 2 diabetes mellitus']],
    ['k/c/o T2DM, HTN; on Tab Glycomet GP 2 and Telma 40', ['T2DM', 'HTN', 'Glycomet GP', 'Telma']],
    ['fever x 3 days, took Dolo 650 and Crocin', ['fever', 'Dolo 650', 'Crocin']],
    ['Rx: Augmentin 625 BD, Pan-D OD', ['Augmentin', 'Pan-D']],
    ['h/o MI in 2019, s/p angioplasty', ['MI', 'angioplasty']],
    ['Diagnosed with PCOS; USG done', ['PCOS']], // a test (USG, X-ray, ECG) says a test was done, not what was found: context, not health data
    ['patient is HIV+ and on ART', ['HIV+']],
    ['COPD, CKD stage 3, CAD', ['COPD', 'CKD', 'CAD']],
    ['urine report: UTI', ['UTI']],
    ['Dx: ICD-10 E11.9, I10', ['E11.9', 'I10']],
    ['(asthma)', ['asthma']],
    ['asthma,HTN.', ['asthma', 'HTN']],
    ["Alzheimer's disease", ["Alzheimer's disease"]],
    ['पिता जी को मधुमेह और उच्च रक्तचाप है', ['मधुमेह', 'उच्च रक्तचाप']],
    ['मरीज़ को टीबी है, दवा चल रही है', ['टीबी']],
    ['usko sugar ki bimari hai', ['sugar ki bimari']],
    ['Calpol 500 for the child', ['Calpol']],
    // symptoms
    ['C/o chest pain x 4 days, breathlessness, giddiness', ['chest pain', 'breathlessness', 'giddiness']],
    ['fever with body ache and dizziness', ['fever', 'body ache', 'dizziness']],
    ['kya Crocin le sakte hain sir dard ke liye?', ['Crocin', 'sir dard']],
    ['पापा को सीने में दर्द है', ['सीने में दर्द']],
    // lab tests are context, not health data: the term next to them is reported
    ['HbA1c 9.2, known case of T2DM', ['T2DM']],
    ['LFT deranged; h/o HCV positive', ['HCV positive']],
    // upper-case-only abbreviations in capitals, not identifiers
    ['K/c/o RA, UTI on Meftal Spas', ['RA', 'UTI', 'Meftal Spas']],
    ['Dx: ALL, on chemotherapy', ['ALL', 'chemotherapy']],
    ['k/c/o CKD-5 on dialysis', ['CKD', 'dialysis']],
  ])('finds %s', (text, expected) => {
    expect(values(text, 'HEALTH')).toEqual(expected);
  });

  it.each([
    ['Buy the new MI phone with 1 TB storage'], // MI the brand, TB the terabyte
    ['Xiaomi Redmi Note, MI band'],
    ['Please share your PAN card'],
    ['Pan India delivery available'],
    ['It is cold today, take a jacket'],
    ['cold coffee and cold drink'],
    ['The company pantry is on floor 2'], // no match inside words
    ['Invoice no E11.9 dated today'], // an ICD-10 shape without a diagnosis word
    ['CA final results and CAD drawings'], // chartered accountant, computer-aided design
    ['add 2 tsp sugar to the tea'],
    ['Tata Motors and Reliance Industries'],
    ['a stroke of luck'],
    ['Advice: HbA1c after 3 months'], // a lab test
    ['free blood test for all.'], // "all" the word, beside a lab test
    ['lipid profile and HbA1c at the hospital lab'],
    ['Member ID: RA-32553501'], // an identifier's letter prefix
    ['Member ID: CA-25934559, claim filed'],
    ['Ref CKD/20240118 in the claim'],
    ['ra and ca were written in lower case in the hospital form'],
  ])('rejects %s', (text) => {
    expect(values(text, 'HEALTH')).toEqual([]);
  });

  it('keeps the longest term as one span', () => {
    const [e] = find('type 2 diabetes mellitus', 'HEALTH');
    expect(e).toMatchObject({ start: 0, end: 24 });
  });

  it('scores a term with health context above a bare one', () => {
    const bare = find('asthma', 'HEALTH')[0]!;
    const ctx = find('patient with asthma', 'HEALTH')[0]!;
    expect(ctx.score).toBeGreaterThan(bare.score);
  });

  it('explains how a span was found', () => {
    const [a, b] = detect('k/c/o asthma, HTN', { entities: ['HEALTH'], explain: true });
    expect(a!.explanation).toMatchObject({ pattern: 'health-lexicon' });
    expect(b!.explanation).toMatchObject({ pattern: 'health-lexicon-context' });
  });
});

// Issue 12: words outside the lexicon by shape, eponymous names, tests as context, false alarms.
describe('HEALTH by shape, eponyms and the tests rule', () => {
  it.each([
    ['started on rosuvastatin and ramipril', ['rosuvastatin', 'ramipril']], // INN stems -statin, -pril
    ['Severe rhabdomyolysis after the drug', ['rhabdomyolysis']], // clinical suffix -lysis
    ['a case of prolactinomas in rats', ['prolactinomas']], // -omas
    ['orthotopic liver transplantation because of Wilson\'s disease', ["Wilson's disease"]],
    ["Bell's palsy since Monday", ["Bell's palsy"]],
    ['Haemolytic-uraemic syndrome after treatment', ['Haemolytic-uraemic syndrome']],
    ['given pilocarpine drops', ['pilocarpine']], // WHO essential medicine
    ['Pan 40 before breakfast', ['Pan 40']],
  ])('finds %s', (text, terms) => {
    expect(values(text, 'HEALTH')).toEqual(terms);
  });

  it.each([
    ['Investigations: chest X-ray, ECG and 2D echo done.'], // tests are context, not health data
    ['Lab menu: USG abdomen, lipid profile available from 8 am.'],
    ['Column headers: Date | Narration | Dr. | Cr.\nPAN: not provided'], // the PAN label near "Dr."
    ["Sun sign: Cancer. Today's horoscope for Cancer: a good day."], // the zodiac sign
    ['She has a diploma in academia and a nostalgia for sympathy.'], // shapes that are ordinary words
    ['Diagnosis pending; prognosis unclear.'],
    ['The harmonium and the IFSC checklist.'],
  ])('rejects %s', (text) => {
    expect(values(text, 'HEALTH')).toEqual([]);
  });
});
