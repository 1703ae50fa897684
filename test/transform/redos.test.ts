// The transform's own regexes (money amounts, date shapes, PIN, age number) live in code, not in
// patterns/, so test/recheck.test.ts does not see them: the same checker runs on them here.
import { check } from 'recheck';
import { describe, expect, it } from 'vitest';
import { AMOUNT_PATTERN, MoneyFinder } from '../../src/transform/money.js';
import { AGE_NUMBER_PATTERN } from '../../src/transform/rules/age.js';
import { DATE_PATTERNS, findDate } from '../../src/transform/rules/dob.js';
import { PIN_PATTERN } from '../../src/transform/rules/pin.js';

const cases: Array<[string, RegExp]> = [
  ['money amount', AMOUNT_PATTERN],
  ['age number', AGE_NUMBER_PATTERN],
  ['pin', PIN_PATTERN],
  ...DATE_PATTERNS.map((re, i): [string, RegExp] => [`date shape ${i}`, re]),
];

describe('recheck: transform regexes are ReDoS-safe', () => {
  it.each(cases)('%s', async (_name, re) => {
    const result = await check(re.source, re.flags, { timeout: 90_000 });
    expect(result.status).toBe('safe');
  }, 180_000);

  it('a 1 MB hostile input runs through the money finder and the date reader', () => {
    const hostile = 'salary ₹1,00,00,00,00,0 '.repeat(20_000) + '1'.repeat(200_000) + ',12'.repeat(50_000);
    expect(new MoneyFinder().find(hostile).length).toBeGreaterThan(0);
    expect(findDate('1/'.repeat(100_000), new Date())).toBeUndefined();
  });
});
