import { describe, expect, it } from 'vitest';
import { all, find, values } from '../helpers.js';

describe('ABHA', () => {
  it.each([
    ['ABHA: 91-1234-5678-9012', '91-1234-5678-9012'],
    ['91-1234-5678-9012', '91-1234-5678-9012'], // the printed grouping alone
    ['ABHA 91 1234 5678 9012', '91 1234 5678 9012'],
    ['ABHA 12-3456-7890-1234', '12-3456-7890-1234'], // any first two digits
    ['health id 91123456789012.', '91123456789012'],
    ['ABHA number:91123456789012,', '91123456789012'],
    ['(abha 91-1234-5678-9012)', '91-1234-5678-9012'],
    ['आभा91-1234-5678-9012', '91-1234-5678-9012'],
    ['आभा नंबर 91123456789012', '91123456789012'],
    ['ravi.kumar@abdm', 'ravi.kumar@abdm'],
    ['my ABHA address is ravi.kumar@abdm.', 'ravi.kumar@abdm'],
    ['name_1@sbx', 'name_1@sbx'],
    ['old PHR ravi1990@ndhm', 'ravi1990@ndhm'],
    ['Ravi.Kumar@ABDM', 'Ravi.Kumar@ABDM'],
    ['(ravi.kumar@abdm),', 'ravi.kumar@abdm'],
    ['आभाravi@abdm', 'ravi@abdm'],
  ])('finds %s', (text, value) => {
    expect(values(text, 'ABHA')).toEqual([value]);
  });

  it.each([
    ['note 91123456789012'], // bare 14 digits need context
    ['ABHA 9112345678901'], // 13 digits
    ['ABHA 911234567890123'], // 15 digits
    ['ABHA 91-1234-5678-90123'],
    ['ABHA 1-91-1234-5678-9012'], // cut from a longer grouped run
    ['ABHA 99999999999999'], // placeholder
    ['ABHA txn 91123456789012'], // negative context
    ['mail ravi@abdm.gov.in'], // an e-mail on the abdm domain
    ['ravi@abdmx'],
    ['ravi@okaxis'], // UPI
    ['ravi.@abdm'], // dot at the end of the user name
    ['_ravi@abdm'], // underscore at the start
    ['ravi..kumar@abdm'],
  ])('rejects %s', (text) => {
    expect(values(text, 'ABHA')).toEqual([]);
  });

  it('scores a leading 91 higher than other first digits', () => {
    const a = find('x 91-1234-5678-9012', 'ABHA')[0]!;
    const b = find('x 12-3456-7890-1234', 'ABHA')[0]!;
    expect(a.score).toBeGreaterThan(b.score);
  });

  it('an ABHA address is ABHA, not EMAIL or UPI; an abdm.gov.in mailbox is EMAIL', () => {
    expect(all('ravi.kumar@abdm')).toEqual([['ABHA', 'ravi.kumar@abdm']]);
    expect(all('mail ravi@abdm.gov.in')).toEqual([['EMAIL', 'ravi@abdm.gov.in']]);
  });
});

// Issue 12: an ABHA number after an ABHA label or under an abha_number column, whatever its first two digits.
describe('ABHA number whatever the first two digits', () => {
  it.each([
    ['ABHA No: 12-3456-7890-1234', '12-3456-7890-1234'],
    ['ABHA number 00-1234-5678-9012', '00-1234-5678-9012'],
    ['abha: 56123456789012', '56123456789012'],
    ['id,name,abha_number\n1,X,37123456789012', '37123456789012'],
    ['{"abha_number": "69-3817-1300-1982"}', '69-3817-1300-1982'],
  ])('finds %s', (text, v) => expect(values(text, 'ABHA')).toEqual([v]));
});
