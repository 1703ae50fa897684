import { describe, expect, it } from 'vitest';
import { detect } from '../../src/index.js';
import handles from '../../patterns/upi-handles.json';
import { all, find, values } from '../helpers.js';

describe('UPI_ID', () => {
  it.each([
    ['UPI: ravi.kumar@okaxis', 'ravi.kumar@okaxis'],
    ['(9876543210@ybl)', '9876543210@ybl'],
    ['pay to:asha_k@paytm,', 'asha_k@paytm'],
    ['send to Ravi@OKSBI.', 'Ravi@OKSBI'], // handles are case-insensitive
    ['यूपीआईravi-k@upi', 'ravi-k@upi'], // glued to Devanagari before
    ['ravi-k@upiपर भेजें', 'ravi-k@upi'], // glued to Devanagari after
    ['gpay: priya.s@okhdfcbank!', 'priya.s@okhdfcbank'],
    ['vpa 98765.43210@ibl;', '98765.43210@ibl'],
    ['m2@axl', 'm2@axl'],
    ['amazon pay shop@apl?', 'shop@apl'],
  ])('finds %s', (text, value) => {
    expect(values(text, 'UPI_ID')).toEqual([value]);
  });

  it.each([
    ['mail ravi@gmail.com'], // mail domain
    ['mail ravi@paytm.com'], // a handle word followed by a domain is e-mail
    ['mail ravi@okaxis.co.in'],
    ['mail ravi@ybl-mail'],
    ['ping ravi@example'], // unknown handle
    ['handle @ybl alone'], // no local part
    ['a@ybl'], // local part too short
    ['x.ravi@@ybl'],
    ['ravi@ybl2'], // handle glued to a digit
    ['name+tag@ybl'], // '+' is not a VPA character and the match never starts mid-token
  ])('rejects %s', (text) => {
    expect(values(text, 'UPI_ID')).toEqual([]);
  });

  it('leaves x@paytm.com to EMAIL: the UPI pattern never cuts x@paytm out of it', () => {
    const found = all('write to x1@paytm.com today');
    expect(found.filter(([t]) => t === 'UPI_ID')).toEqual([]);
  });

  it('wins over a phone number inside the VPA', () => {
    expect(all('UPI 9876543210@ybl')).toEqual([['UPI_ID', '9876543210@ybl']]);
  });

  it('knows every handle in the list, case-insensitively', () => {
    for (const h of Object.keys(handles.handles)) {
      expect(h).toBe(h.toLowerCase());
      expect(values(`upi ravi.k@${h}`, 'UPI_ID')).toEqual([`ravi.k@${h}`]);
      expect(values(`upi ravi.k@${h.toUpperCase()}`, 'UPI_ID')).toEqual([`ravi.k@${h.toUpperCase()}`]);
    }
  });

  it('scores context above no context', () => {
    const bare = find('ravi@ybl', 'UPI_ID')[0]!;
    const ctx = find('UPI id ravi@ybl', 'UPI_ID')[0]!;
    expect(ctx.score).toBeGreaterThan(bare.score);
  });

  it('names the PSP in the explanation', () => {
    const [e] = detect('upi ravi@ybl', { entities: ['UPI_ID'], explain: true });
    expect(e!.explanation).toMatchObject({ validated: true, notes: ['UPI handle of PhonePe (Yes Bank)'] });
  });
});
