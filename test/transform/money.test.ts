import { describe, expect, it } from 'vitest';
import data from '../../patterns/generalise/money.json';
import { mergeMoney, moneyBand, MoneyFinder, parseAmount } from '../../src/transform/money.js';
import { compilePolicy } from '../../src/transform/compile.js';
import type { Entity } from '../../src/types.js';

const finder = new MoneyFinder();
const found = (text: string): string[] => finder.find(text).map((e) => {
  expect(text.slice(e.start, e.end)).toBe(e.text);
  return e.text;
});

describe('money.json examples', () => {
  it.each(data.examples.match)('finds and bands $text', ({ text, value, band }) => {
    expect(found(text)).toEqual([value]);
    expect(moneyBand(parseAmount(value)!)).toBe(band);
  });
  it.each(data.examples.noMatch.map((t) => [t]))('finds nothing in %s', (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('money amounts', () => {
  it.each([
    ['salary ₹12,50,000', '₹12,50,000', 1250000],
    ['Salary: 12.5L', '12.5L', 1250000],
    ['my take home is Rs 85,000/- monthly', 'Rs 85,000/-', 85000],
    ['net worth ₹2.5 crore', '₹2.5 crore', 25000000],
    ['balance 1.2 cr', '1.2 cr', 12000000],
    ['income 45k per month', '45k', 45000],
    ['वेतन ५०,००० रुपये', '५०,००० रुपये', 50000],
    ['आय 3 लाख', '3 लाख', 300000],
    ['salary 1,250,000', '1,250,000', 1250000],
    ['current CTC is INR 18,00,000 and expected 24 LPA', 'INR 18,00,000', 1800000],
  ])('%s → %s (%d rupees)', (text, value, rupees) => {
    expect(found(text)[0]).toBe(value);
    expect(parseAmount(value)).toBe(rupees);
  });

  it.each([
    ['price ₹12,50,000 for the flat'],
    ['I was born in 1985 and my salary slip is late'],
    ['salary credited on 12/03/2024'],
    ['invoiced Rs. 4,500'],
    ['outcome 45,000'],
  ])('no amount in context: %s', (text) => {
    expect(found(text)).toEqual([]);
  });

  it.each([
    [0, 'under ₹1 lakh'],
    [99999, 'under ₹1 lakh'],
    [100000, '₹1–2.5 lakh'],
    [1250000, '₹10–25 lakh'],
    [2500000, '₹25–50 lakh'],
    [9999999, '₹50 lakh–1 crore'],
    [10000000, '₹1–5 crore'],
    [1e9, '₹10 crore+'],
  ])('%d → %s', (rupees, band) => {
    expect(moneyBand(rupees)).toBe(band);
  });

  it('a context word is a whole word even when the window edge falls inside a surrogate pair', () => {
    // 'salary' lets the text through the gate but lies outside the amount's window. The window's end
    // falls between the halves of 𝟙, so "income𝟙" is cut there: it is not the word "income".
    const at = (tail: string): string => `salary ${'x'.repeat(60)} ₹1${' '.repeat(18)}${tail}`;
    expect(at('income𝟙').indexOf('𝟙')).toBe(68 + 2 + 18 + 6);
    expect(new MoneyFinder().find(at('income𝟙'))).toEqual([]);
    expect(new MoneyFinder().find(at('income 𝟙')).map((e) => e.text)).toEqual(['₹1']);
    expect(new MoneyFinder().find(at('income𝐀x')).map((e) => e.text)).toEqual([]);
  });

  it('a detected entity wins over an overlapping amount', () => {
    const detected: Entity[] = [{ type: 'PHONE', start: 7, end: 17, text: '9876543210', score: 1, detector: 'phone' }];
    const money: Entity[] = [
      { type: 'MONEY', start: 7, end: 17, text: '9876543210', score: 0.85, detector: 'money' },
      { type: 'MONEY', start: 0, end: 3, text: '₹10', score: 0.85, detector: 'money' },
    ];
    expect(mergeMoney(detected, money).map((e) => e.type)).toEqual(['MONEY', 'PHONE']);
  });
});

describe('the money pass in a policy', () => {
  const text = 'my annual income is ₹12,50,000';
  it.each([
    [true, { action: 'replace', text: '₹10–25 lakh', via: 'generalise' }],
    [{ action: 'generalise' }, { action: 'replace', text: '₹10–25 lakh', via: 'generalise' }],
    [{ action: 'redact' }, { action: 'replace', text: '[MONEY]', via: 'redact' }],
    [{ action: 'redact', params: { label: '[AMOUNT]' } }, { action: 'replace', text: '[AMOUNT]', via: 'redact' }],
    [{ action: 'pseudonymise' }, { action: 'pseudonymise', via: 'pseudonymise' }],
    [{ action: 'keep' }, { action: 'keep', via: 'keep' }],
  ] as const)('money: %o', (money, decision) => {
    const p = compilePolicy({ name: 'm', money });
    const spans = p.extraSpans(text);
    expect(spans.map((s) => s.text)).toEqual(['₹12,50,000']);
    expect(p.decider()(spans[0]!)).toEqual(decision);
  });

  it('is off unless the policy turns it on', () => {
    expect(compilePolicy({ name: 'm' }).extraSpans(text)).toEqual([]);
    expect(compilePolicy({ name: 'm', money: false }).extraSpans(text)).toEqual([]);
  });

  it('takes extra context words from the policy', () => {
    expect(compilePolicy({ name: 'm', money: true }).extraSpans('stipendium ₹40,000')).toEqual([]);
    expect(compilePolicy({ name: 'm', money: { context: ['stipendium'] } }).extraSpans('stipendium ₹40,000')).toHaveLength(1);
  });
});
