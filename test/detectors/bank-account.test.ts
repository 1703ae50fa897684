import { describe, expect, it } from 'vitest';
import { detect } from '../../src/index.js';
import { all, find, values } from '../helpers.js';

describe('BANK_ACCOUNT', () => {
  it.each([
    ['A/c No. 12345678901', '12345678901'],
    ['a/c no.12345678901', '12345678901'],
    ['Acct: 123456789', '123456789'], // 9 digits
    ['account no 123456789012345678', '123456789012345678'], // 18 digits
    ['account number:5010 0123 4567 89,', '5010 0123 4567 89'],
    ['(savings account 917010012345678)', '917010012345678'],
    ['current a/c 0012-3456-7890', '0012-3456-7890'],
    ['beneficiary account 50100123456789', '50100123456789'], // Luhn-valid with a Maestro prefix: still an account
    ['IBAN / account 000123456789', '000123456789'],
    ['khata no 0012-3456-7890', '0012-3456-7890'],
    ['mera khata 31234567890 hai', '31234567890'],
    ['खाता संख्या १२३४५६७८९०१', '१२३४५६७८९०१'], // Devanagari digits
    ['खाता31234567890', '31234567890'], // glued to Devanagari
    ['31234567890 मेरा खाता है', '31234567890'], // context after
    ['account 123456789012 3 May', '123456789012'],
    ['A/c 12345678901 credited with Rs. 500', '12345678901'],
  ])('finds %s', (text, value) => {
    expect(values(text, 'BANK_ACCOUNT')).toEqual([value]);
  });

  it.each([
    ['number 12345678901'], // no context: too weak a shape
    ['customer 31234567890'],
    ['account 12345678'], // 8 digits
    ['account 1234567890123456789'], // 19 digits
    ['account X12345678901'], // glued to a letter
    ['account 12345678901X'],
    ['account balance ₹1,23,45,678'], // amount, Indian grouping
    ['account credited ₹123456789'],
    ['credited Rs. 500000000 to account'],
    ['credited Rs500000000 to account'],
    ['INR 1000000000 sent to account'],
    ['account 1000000000.00 credited'],
    ['account 500000000/- credited'],
    ['account 9876543210'], // mobile number
    ['account +91 98765 43210'],
    ['account +919876543210'],
    ['account 09876543210'],
    ['account 919876543210'],
    ['account 022 2345 6789'], // landline with trunk 0
    ['account 1800 123 4567'], // toll-free
    ['account 234567890124'], // Aadhaar (Verhoeff-valid, first digit 2-9)
    ['account 2345 6789 0124'],
    ['account 4111 1111 1111 1111'], // a card, grouped like one
    ['account 202305121030'], // timestamp
    ['account 20230512103059'],
    ['account 111111111111'], // placeholder
    ['UTR 12345678901 for a/c'], // reference number
    ['a/c credited, ref no 412345678901'],
    ['account 12-05-2023'], // date
    ['account 1234 5678 9012 3456 7890'], // 20 digits grouped
    ['account 12 34 56 78 90 12'], // six groups: cut from a longer run
    ['account 0012-3456 7890'], // mixed separators
  ])('rejects %s', (text) => {
    expect(values(text, 'BANK_ACCOUNT')).toEqual([]);
  });

  it('never reports without context, whatever the score floor', () => {
    expect(find('number 12345678901', 'BANK_ACCOUNT', { minScore: 0 })).toEqual([]);
  });

  it('does not read a phone number as an account even with account words near', () => {
    const found = detect('call 9876543210 about account 12345678901', { entities: ['BANK_ACCOUNT'] });
    expect(found.map((e) => e.text)).toEqual(['12345678901']);
  });

  describe('phone- and Aadhaar-shaped numbers (many banks issue 10-digit accounts from 6-9)', () => {
    it.each([
      ['A/c No. 9876543210 at Kotak', '9876543210'],
      ['Account Number: 7624079357, IFSC CBIN0246869', '7624079357'],
      ['Salary A/c: 9876543210 (Kotak Mahindra Bank)', '9876543210'],
      ["to the OWNER's account no. 9876543210 (IFSC", '9876543210'],
      ['a/c no 6384593797, IFSC', '6384593797'],
      ['savings account number 7239629259.', '7239629259'],
      ['khata number 9876543210', '9876543210'],
      ['खाता संख्या ९८७६५४३२१०', '९८७६५४३२१०'],
      ['A/C #09876543210', '09876543210'], // 0-prefixed, 11 digits
      ['Beneficiary account no. 234567890124, IFSC ICIC0001234', '234567890124'], // Verhoeff-valid
      ['Salary A/c: 2345 6789 0124 (ICICI Bank)', '2345 6789 0124'],
    ])('finds %s right after an account label', (text, value) => {
      expect(values(text, 'BANK_ACCOUNT')).toEqual([value]);
    });

    it.each([
      ['account 9876543210'], // a bare "account" is not a label: wallets use mobile numbers
      ['Paytm account 9876543210'],
      ['Phone: 9876543210, a/c holder'], // the label belongs to another field
      ['a/c holder mobile 9876543210'], // a word between label and number
      ['A/c No. 9999999999'], // placeholder, labelled or not
      ['A/c No. 202305121030'], // timestamp, labelled or not
      ['account 234567890124'],
    ])('rejects %s', (text) => {
      expect(values(text, 'BANK_ACCOUNT')).toEqual([]);
    });

    it('wins over PHONE and AADHAAR when labelled, and leaves them alone when not', () => {
      expect(all('A/c No. 9876543210 at Kotak')).toEqual([['BANK_ACCOUNT', '9876543210']]);
      expect(all('Salary A/c: 234567890124')).toEqual([['BANK_ACCOUNT', '234567890124']]);
      expect(all('A/c: 12345678901, Mobile 9876543210')).toEqual([['BANK_ACCOUNT', '12345678901'], ['PHONE', '9876543210']]);
      expect(all('Aadhaar 234567890124')).toEqual([['AADHAAR', '234567890124']]);
      // an Aadhaar word in the window does not outweigh the label next to the number
      expect(all('KYC: Aadhaar 2345 6789 0124, A/c No. 234567890124')).toEqual([
        ['AADHAAR', '2345 6789 0124'], ['BANK_ACCOUNT', '234567890124'],
      ]);
    });

    it('takes them from an account column of a table, not from other columns', () => {
      const csv = 'emp_id,mobile,bank_account,ifsc\nE1,9123456780,9876543210,KKBK0000958\nE2,9988776655,234567890124,ICIC0001234';
      expect(values(csv, 'BANK_ACCOUNT')).toEqual(['9876543210', '234567890124']);
      const types = all(csv).filter(([t]) => t === 'BANK_ACCOUNT' || t === 'PHONE' || t === 'AADHAAR');
      expect(types).toEqual([
        ['PHONE', '9123456780'], ['BANK_ACCOUNT', '9876543210'], ['PHONE', '9988776655'], ['BANK_ACCOUNT', '234567890124'],
      ]);
    });

    it('explains why the shape was admitted', () => {
      const [e] = detect('A/c No. 9876543210', { entities: ['BANK_ACCOUNT'], explain: true });
      expect(e!.explanation!.notes).toContain('account label right before a phone/Aadhaar-shaped number');
    });
  });

  it('leaves an Aadhaar number to AADHAAR', () => {
    const found = detect('account 234567890124');
    expect(found.map((e) => [e.type, e.text])).toEqual([['AADHAAR', '234567890124']]);
  });

  it('finds account and IFSC in one SMS-like line', () => {
    const text = 'Beneficiary: A/c 31234567890, IFSC SBIN0001234, UPI ravi@oksbi';
    expect(values(text, 'BANK_ACCOUNT')).toEqual(['31234567890']);
    expect(values(text, 'IFSC')).toEqual(['SBIN0001234']);
    expect(values(text, 'UPI_ID')).toEqual(['ravi@oksbi']);
  });

  it('explains the context that admitted it', () => {
    const [e] = detect('A/c No. 12345678901', { entities: ['BANK_ACCOUNT'], explain: true });
    expect(e!.explanation).toMatchObject({ validated: true });
    expect(e!.explanation!.context).toContain('a c');
  });
});

// Utility and provident-fund numbers are not bank accounts (decision in patterns/bank-account.json notes).
describe('BANK_ACCOUNT: utility consumer numbers, bill "Account ID" and EPFO UAN', () => {
  it.each([
    ['Water bill consumer account 90958217354 is due on 10/02/2021.'],
    ['Electricity bill\nConsumer No: 359609285276\nAccount ID: 6334947315\nBill amount: Rs 1898'],
    ['EPFO passbook\nUAN: 100123456789'],
    ['PF account 100123456789'],
  ])('rejects %s', (text) => {
    expect(values(text, 'BANK_ACCOUNT')).toEqual([]);
  });
  it('still finds an account with its label', () => {
    expect(values('Salary A/c No. 50100234567812 (HDFC)', 'BANK_ACCOUNT')).toEqual(['50100234567812']);
  });
});
