import { describe, expect, it } from 'vitest';
import { find, values } from '../helpers.js';

describe('CITY', () => {
  it.each([
    ['I live in Bangalore now', ['Bangalore']],
    ['moved from Bombay to Bengaluru', ['Bombay', 'Bengaluru']],
    ['Gurgaon, Haryana', ['Gurgaon']],
    ['Address: 12 MG Road, Pune 411001', ['Pune']],
    ['shifted from Gurugram to Navi Mumbai', ['Gurugram', 'Navi Mumbai']],
    ['born in Allahabad (now Prayagraj)', ['Allahabad', 'Prayagraj']],
    ['Trivandrum/Kochi/Calicut', ['Trivandrum', 'Kochi', 'Calicut']],
    ['(Chennai)', ['Chennai']],
    ['Hyderabad.', ['Hyderabad']],
    ['NEW DELHI-110001', ['NEW DELHI']],
    ['main Gaya se hoon', ['Gaya']],
    ['Kota mein coaching', ['Kota']],
    ['He is posted in Sagar, Madhya Pradesh.', ['Sagar']],
    ['वह मुंबई में रहता है', ['मुंबई']],
    ['दिल्ली, कोलकाता और चेन्नई', ['दिल्ली', 'कोलकाता', 'चेन्नई']],
    ['लखनऊ से आया', ['लखनऊ']],
    ['Mysore and Pondicherry', ['Mysore', 'Pondicherry']],
  ])('finds %s', (text, expected) => {
    expect(values(text, 'CITY')).toEqual(expected);
  });

  it.each([
    ['woh ghar gaya tha'], // Hindi "went"
    ['Sagar Sharma called twice'], // a first name
    ['Thanks Anand, see you'],
    ['Bank of Baroda branch manager'],
    ['Chennai Super Kings won again'],
    ['Mumbai Indians vs Delhi Capitals'],
    ['Mysore Pak is a sweet'],
    ['mandi prices rose this week'],
    ['please erode the old layer'],
    ['the sea and the puri were great'],
    ['Delhivery courier and Puneet'], // never inside a word
  ])('rejects %s', (text) => {
    expect(values(text, 'CITY')).toEqual([]);
  });

  it('scores a city with a place word above a bare one', () => {
    const bare = find('Pune', 'CITY')[0]!;
    const ctx = find('lives in Pune city', 'CITY')[0]!;
    expect(ctx.score).toBeGreaterThan(bare.score);
  });
});
