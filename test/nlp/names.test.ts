import { describe, expect, it } from 'vitest';
import ambiguous from '../../patterns/names/ambiguous.json';
import deva from '../../patterns/names/devanagari.json';
import first from '../../patterns/names/first-names.json';
import sur from '../../patterns/names/surnames.json';
import { F, nameLexicon } from '../../src/detect/detectors/person/lexicon.js';
import { detect } from '../../src/index.js';
import { findNames, findNamesDetailed } from '../../src/detect/detectors/person/names.js';

const texts = (t: string): string[] => findNames(t).map((s) => t.slice(s.start, s.end));

describe('name lexicon', () => {
  it('meets the size the issue asks for, across regions', () => {
    const lex = nameLexicon();
    expect(lex.firstNames).toBeGreaterThanOrEqual(3000);
    expect(lex.surnames).toBeGreaterThanOrEqual(1500);
    for (const region of ['north', 'tamil', 'telugu', 'kannada', 'malayalam', 'bengali', 'marathi', 'gujarati', 'punjabi', 'muslim', 'christian', 'northeast']) {
      expect((first.regions as Record<string, string[]>)[region]!.length, region).toBeGreaterThanOrEqual(100);
      expect((sur.regions as Record<string, string[]>)[region]!.length, region).toBeGreaterThanOrEqual(80);
    }
    expect(deva.first.length + deva.surname.length).toBeGreaterThanOrEqual(400);
  });

  it('has no duplicates inside a region and only Devanagari in the Devanagari list', () => {
    for (const list of [...Object.values(first.regions), ...Object.values(sur.regions)] as string[][]) {
      expect(new Set(list.map((n) => n.toLowerCase())).size).toBe(list.length);
    }
    for (const n of [...deva.first, ...deva.surname]) expect(n).toMatch(/^[\u0900-\u097F]+$/);
  });

  it.each([['ray'], ['mark'], ['asha'], ['kiran'], ['deepak'], ['singh'], ['kumar'], ['shah']])('marks %s as ambiguous', (w) => {
    expect(nameLexicon().flagsOf(w) & F.AMBIG).toBeTruthy();
  });

  it('flags English-word names from the word list', () => {
    expect(ambiguous.names).toContain('ray');
    expect(ambiguous.names).not.toContain('priya');
  });
});

describe('findNames', () => {
  it.each([
    ['Mr. Ramesh Iyer', ['Ramesh Iyer'], 'honorific'],
    ['Name: anil', ['anil'], 'label'],
    ['Suresh Yadav D/o Kamla Devi', ['Suresh Yadav', 'Kamla Devi'], 'relation'],
    ['my name is ravi kumar', ['ravi kumar'], 'chat'],
    ['Thanks, Priya', ['Priya'], 'greeting'],
    ['Regards,\nAnita Desai', ['Anita Desai'], 'signoff'],
    ['report by Priya Sharma', ['Priya Sharma'], 'greeting'],
    ['Priya Sharma wrote', ['Priya Sharma'], 'greeting'],
    ['Yesterday Priya Sharma left', ['Priya Sharma'], 'lexicon'],
  ])('%s → %j by %s', (text, names, rule) => {
    const spans = findNames(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(names);
    expect(spans.some((s) => s.rule === rule)).toBe(true);
  });

  it('sends an unknown capitalised word after a name cue to compromise, and only then', () => {
    expect(findNamesDetailed('Thanks, Zorawar').windows).toBe(1);
    expect(texts('Thanks, Zorawar')).toEqual(['Zorawar']);
    expect(findNamesDetailed('Zorawar went home').windows).toBe(0);
    expect(texts('Zorawar went home')).toEqual([]);
    expect(texts('Thanks, Team')).toEqual([]); // a word compromise knows
    expect(texts('Thanks for the Appointment')).toEqual([]);
  });

  it('takes a name from an English first name compromise knows', () => {
    expect(texts('Meeting with Johnathan Trevelyan tomorrow')).toEqual(['Johnathan Trevelyan']);
  });

  it('can switch gating off (full compromise parse) per call, and detect takes it as an option', () => {
    const text = 'Yesterday Johnathan went home. Thanks, Zorawar';
    const gated = texts(text);
    const full = findNames(text, { gating: false }).map((s) => text.slice(s.start, s.end));
    // The full parse finds the English name with no cue; the gated path does not look there.
    expect(full).toContain('Johnathan');
    expect(full).toEqual(expect.arrayContaining(gated));
    expect(texts(text)).toEqual(gated);
    const persons = (o?: { nameGating?: boolean }) => detect(text, { entities: ['PERSON'], ...o }).map((e) => e.text);
    expect(persons({ nameGating: false })).toContain('Johnathan');
    expect(persons()).not.toContain('Johnathan');
    expect(() => detect(text, { nameGating: 'no' as unknown as boolean })).toThrow(/nameGating/);
  });

  it('returns sorted, non-overlapping spans', () => {
    const text = 'Mr. Ravi Kumar S/o Mohan Lal met Dr. Priya Nair and Fatima Sheikh; thanks, Anil';
    const spans = findNames(text);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['Ravi Kumar', 'Mohan Lal', 'Priya Nair', 'Fatima Sheikh', 'Anil']);
  });
});
