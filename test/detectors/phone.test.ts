import { describe, expect, it } from 'vitest';
import { detect } from '../../src/index.js';
import { checkIndian, checkInternational } from '../../src/detect/validators/phone.js';
import { find, values } from '../helpers.js';

describe('PHONE', () => {
  it.each([
    // Indian mobiles with every prefix and grouping
    ['+91 98765 43210', '+91 98765 43210'],
    ['+91-98765-43210', '+91-98765-43210'],
    ['+919876543210', '+919876543210'],
    ['(+91) 9876543210', '(+91) 9876543210'],
    ['098765 43210', '098765 43210'],
    ['09876543210', '09876543210'],
    ['91 9876543210', '91 9876543210'],
    ['91-98765-43210', '91-98765-43210'],
    ['9876543210', '9876543210'],
    ['98765 43210', '98765 43210'],
    ['98765-43210', '98765-43210'],
    ['987-654-3210', '987-654-3210'],
    ['9876 543 210', '9876 543 210'],
    ['mobile ९८७६५४३२१०', '९८७६५४३२१०'],
    // fixed lines with STD codes
    ['080-2345 6789', '080-2345 6789'],
    ['011 2345 6789', '011 2345 6789'],
    ['(022) 2345 6789', '(022) 2345 6789'],
    ['080 23456789', '080 23456789'],
    ['+91 80 2345 6789', '+91 80 2345 6789'],
    // international
    ['+1 415 555 2671', '+1 415 555 2671'],
    ['+1 (415) 555-2671', '+1 (415) 555-2671'],
    ['+44 20 7946 0958', '+44 20 7946 0958'],
    ['+44 (0)20 7946 0958', '+44 (0)20 7946 0958'],
    // glued to punctuation and Devanagari
    ['(9876543210)', '9876543210'],
    ['Mob:9876543210,', '9876543210'],
    ['फोन9876543210', '9876543210'],
    ['मोबाइल: +91 98765 43210।', '+91 98765 43210'],
    ['call [+91-98765-43210].', '+91-98765-43210'],
    ['"9876543210"', '9876543210'],
    // payment apps address people by mobile: the app name is context, so a following amount does not erase it
    ['PhonePe on 98765 43210. Amount Rs 500 only.', '98765 43210'],
    ['or GPay number 9876543210. Total ₹ 450', '9876543210'],
    // negative words count only on the value's own line and, after it, up to a sentence end: the
    // amount in the next sentence is 500, and the ten digits are the payee's mobile
    ['send 9876543210. Amount Rs 500', '9876543210'],
  ])('finds %s', (text, value) => {
    expect(values(text, 'PHONE')).toEqual([value]);
  });

  // A 10-digit 6-9 number is a phone for a redactor even where libphonenumber does not list the series
  // as mobile (unallocated, or read as an STD code without its trunk 0); below an allocated one.
  it.each([
    ['Mobile: 6543210987', '6543210987'],
    ['Mob:6543210987', '6543210987'],
    ['Ph 6012345678', '6012345678'],
    ['mera number 6543210987 hai', '6543210987'],
    ['6543210987', '6543210987'],
    ['8023456789', '8023456789'],
    ['Registered Mobile: 06459583591', '06459583591'], // trunk 0 + unlisted series: with a phone word
    ['मोबाइल: 06791400896', '06791400896'],
  ])('finds a mobile shape in a series not listed as mobile: %s', (text, value) => {
    expect(values(text, 'PHONE')).toEqual([value]);
    expect(find(text, 'PHONE')[0]!.score).toBeLessThanOrEqual(find(text.replace(value, '9876543210'), 'PHONE')[0]!.score);
  });

  it.each([['06459583591'], ['ref 06459583591'], ['Order id 6543210987'], ['OTP 6543210987'], ['PNR 6543210987'], ['amount 6543210987']])('drops an unlisted mobile shape with a negative word: %s', (text) => {
    expect(values(text, 'PHONE')).toEqual([]);
  });

  // National formats of other countries only where the line names the country just before.
  it.each([
    ['My Israeli number is 09-7625400', '09-7625400'],
    ['US: 415-555-0132', '415-555-0132'],
    ['United States: (415)555-0132', '(415)555-0132'],
    ['My CN number is 13812345678', '13812345678'],
    ['UK office 020 7946 0958', '020 7946 0958'],
    ['my sister in Dubai, 04 234 5678', '04 234 5678'],
  ])('finds a national-format foreign number after its country: %s', (text, value) => {
    expect(values(text, 'PHONE')).toEqual([value]);
  });

  it.each([['(415) 555-0132'], ['call us at 415-555-0132'], ['US: 123'], ['UK 2024-01-15'], ['USB 415-555-0132'], ['US\n415-555-0132']])(
    'does not claim a foreign national number without its country: %s',
    (text) => expect(values(text.replace('\\n', '\n'), 'PHONE')).toEqual([]),
  );

  it('finds every number of a list, comma- or space-separated', () => {
    expect(values('9876543210, 9123456780', 'PHONE')).toEqual(['9876543210', '9123456780']);
    expect(values('Ravi 9876543210 9123456780', 'PHONE')).toEqual(['9876543210', '9123456780']);
    expect(values('Ravi,9876543210,9123456780', 'PHONE')).toEqual(['9876543210', '9123456780']); // CSV row
  });

  it.each([
    ['2024-01-15 10:30:45'], // timestamp
    ['epoch 1705312245'], // unix time (first digit 1)
    ['5876543210'], // first digit 5 is not a mobile
    ['08023456789'], // fixed line without an STD split: too ambiguous
    ['98765432101234'], // 10 digits inside a longer run
    ['ref 119876543210'], // inside a longer run
    ['98765 43210 12345'], // cut from a longer grouped run
    ['0.9876543210'], // decimal
    ['9876543210.50'], // amount with paise
    ['Order id 9876543210 shipped'], // negative context
    ['Order no 9876543210'], // negative beats the generic "no"
    ['txn 9876543210 ok'],
    ['OTP 9876543210'],
    ['amount Rs 9876543210'],
    ['Paytm order 9876543210 delivered'], // a bare app name is no phone word
    ['₹9876543210'],
    ['₹ 9876543210'],
    ['#9876543210'],
    ['ORD9876543210'], // glued to letters
    ['9876543210X'],
    ['pay 9876543210@ybl'], // UPI ID
    ['9999999999'], // placeholder
    ['+1 2024.01.15'], // + with a date
    ['+91 98765'], // too short
    ['+91 98765 43210 999'], // too long
  ])('rejects %s', (text) => {
    expect(values(text, 'PHONE')).toEqual([]);
  });

  it('scores a bare mobile acceptable, higher with phone words (English, Hinglish, Devanagari)', () => {
    const bare = find('note 9876543210', 'PHONE')[0]!;
    expect(bare.score).toBeGreaterThanOrEqual(0.4);
    for (const ctx of ['phone 9876543210', 'mera number 9876543210 hai', 'whatsapp 9876543210', 'फोन 9876543210', 'ph: 9876543210']) {
      expect(find(ctx, 'PHONE')[0]!.score).toBeGreaterThan(bare.score);
    }
    // "ph" inside "graph" is not context
    expect(find('graph 9876543210', 'PHONE')[0]!.score).toBe(bare.score);
    expect(detect('note 9876543210', { minScore: 0.6 })).toEqual([]);
  });

  it('ranks + form above a prefixed form above a bare one', () => {
    const [intl] = find('x +91 98765 43210', 'PHONE');
    const [pref] = find('x 098765 43210', 'PHONE');
    const [bare] = find('x 98765 43210', 'PHONE');
    expect(intl!.score).toBeGreaterThan(pref!.score);
    expect(pref!.score).toBeGreaterThan(bare!.score);
  });

  it('keeps a + number near a negative word but drops a bare one', () => {
    expect(values('order updates on +91 98765 43210', 'PHONE')).toEqual(['+91 98765 43210']);
    expect(values('order 9876543210', 'PHONE')).toEqual([]);
  });

  it('explains the metadata verdict', () => {
    const [e] = detect('tel +44 20 7946 0958', { explain: true, entities: ['PHONE'] });
    expect(e!.explanation).toMatchObject({ pattern: 'phone-intl', validated: true, notes: ['GB FIXED_LINE'] });
  });
});

describe('phone validators (libphonenumber-js max metadata)', () => {
  it.each([
    ['9876543210', 'MOBILE'],
    ['8023456789', 'FIXED_LINE'],
  ])('%s is %s', (n, kind) => expect(checkIndian(n)?.kind).toBe(kind));
  it.each([['1705312245'], ['98765'], ['98765432100']])('%s is not an Indian number', (n) => expect(checkIndian(n)).toBeUndefined());
  it('reads the country of a + number', () => {
    expect(checkInternational('+1 415 555 2671')?.country).toBe('US');
    expect(checkInternational('+1 2024')).toBeUndefined();
  });
});

describe('PHONE in form-like text', () => {
  it.each([
    ['Phone: 9876543210, A/c: 123456789012', '9876543210'],
    ['mobile 9876543210 account 12345678901', '9876543210'],
    ['PIN 560001 phone 9876543210 a/c 123456789012', '9876543210'],
  ])('a neighbouring field label does not erase a labelled phone: %s', (text, value) => {
    expect(values(text, 'PHONE')).toEqual([value]);
  });

  it.each([['order number 9876543210'], ['a/c no 9876543210'], ['invoice no. 9876543210']])(
    'the generic "number"/"no" is not phone context: %s',
    (text) => expect(values(text, 'PHONE')).toEqual([]),
  );
});
