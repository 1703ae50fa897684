import { describe, expect, it } from 'vitest';
import { find, values } from '../helpers.js';

describe('PIN_CODE', () => {
  it.each([
    ['PIN 560001', '560001'],
    ['pincode: 110001', '110001'],
    ['pin code 400 069', '400 069'],
    ['postal code 600001.', '600001'],
    ['zip 700001', '700001'],
    ['MG Road, Bangalore 560001', '560001'],
    ['Bengaluru-560001', '560001'],
    ['Andheri East, Mumbai - 400069', '400069'],
    ['Koramangala, Karnataka 560034', '560034'],
    ['Gomti Nagar, Lucknow, Uttar Pradesh 226010', '226010'],
    ['Address: 12 MG Road 560001', '560001'],
    ['(PIN:226001)', '226001'],
    ['पिनकोड: 110001', '110001'],
    ['पिन११०००१', '११०००१'],
    ['मुंबई 400001', '400001'],
    ['APO pin 904001', '904001'], // Army Postal Service
    ['Bangalore 560001 9876543210', '560001'], // an address followed by a phone
    // any unambiguous gazetteer city is context, not only the major ones listed in pin-code.json
    ['Deliver to Flat 12, Kakkanad, Agartala - 799023. Pay by UPI.', '799023'], // "UPI" alone is no UPI PIN
    ['Bill to: A. Rao, Siliguri - 734044, GSTIN 27ABCPE1234F1ZB', '734044'],
    ['residing at 12, Baner, Patiala - 147001 (hereinafter', '147001'],
    ['Gandhinagar - 382010\nContact +91 98765 43210', '382010'],
    ['Bill to: K. Das, 734044', '734044'], // address label
  ])('finds %s', (text, value) => {
    expect(values(text, 'PIN_CODE')).toEqual([value]);
  });

  it.each([
    ['560001'], // no address context
    ['paid 560001 to vendor'],
    ['your OTP is 560001'],
    ['ATM pin 560001'],
    ['UPI PIN 560001'],
    ['pincode 060001'], // first digit 0
    ['pincode 290001'], // unallocated circle prefix
    ['pincode 350001'],
    ['pincode 870001'],
    ['Bangalore 5600012'], // 7 digits
    ['Bangalore 1560001'],
    ['Bangalore 56000'],
    ['Bangalore 560001.50'], // an amount
    ['Bangalore 12,560001'],
    ['Mumbai ₹400001'],
    ['Mumbai Rs 400001'],
    ['Bangalore 1234 560 001 7890'], // cut from a grouped run
    ['pin 560001X'],
    ['Delhi order 110001'],
    ['woh ghar gaya 823001 log aaye'], // "gaya" is a gazetteer city but also a word: not context
    ['Sagar scored 470001 points'], // "Sagar" is a city and a personal name: not context
    ['UPI PIN 560001 Mumbai'], // a UPI PIN, city or not
  ])('rejects %s', (text) => {
    expect(values(text, 'PIN_CODE')).toEqual([]);
  });

  it('notes the postal circle', () => {
    const [e] = find('Chennai 600001', 'PIN_CODE', { explain: true });
    expect(e!.explanation?.notes).toContain('PIN circle Tamil Nadu / Puducherry');
  });

  it('matches city context as whole words ("pune" is not inside "punekar")', () => {
    expect(values('punekar 411001', 'PIN_CODE')).toEqual([]);
    expect(values('Pune 411001', 'PIN_CODE')).toEqual(['411001']);
  });
});

describe('PIN_CODE in form-like text', () => {
  it('the next field label after a PIN does not count against it', () => {
    expect(values('PIN 560001 phone 9876543210 a/c 123456789012', 'PIN_CODE')).toEqual(['560001']);
    expect(values('560001 is my pincode', 'PIN_CODE')).toEqual(['560001']);
  });
});
