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
    // organisation / state rules keep the real places next to them
    ['Karur Vysya Bank, Rohtak branch', ['Rohtak']],
    ['Hospital: Apollo Hospitals, Chennai', ['Chennai']],
    ['12 Park Street, Srinagar, Jammu and Kashmir 190001', ['Srinagar']],
    ['Flat 702, Malviya Nagar, Jammu 180001, Jammu and Kashmir', ['Jammu']],
    ['Pune 411001', ['Pune']],
    ['Bill to: Sapna Kumari, Tirunelveli - 627027', ['Tirunelveli']], // a title before the comma is not the city's
    ['वह गया में रहता है', ['गया']],
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
    // a city inside an organisation's name names the organisation
    ['letter to Karur Vysya Bank asking them'],
    ['Delhi Metro Rail Corporation issued a circular'],
    ['Bangalore Water Supply and Sewerage Board'],
    ['Madras High Court and Delhi Public School'],
    ['Hyderabad House announced new timings'],
    ['Plot 4, Prestige Shantiniketan Tower C'],
    ['Hospital: Manipal Hospital'],
    ['Kolkata Knight Riders'],
    ['Jammu and Kashmir'], // the state, not the city
    ['Daman and Diu'],
    ['आधार वाला कार्ड खो गया'], // Hindi "went"
    ['उसकी सूरत अच्छी है'], // Hindi "face"
    ['Kumari Sagar'], // a title before a personal name
  ])('rejects %s', (text) => {
    expect(values(text, 'CITY')).toEqual([]);
  });

  it('scores a city with a place word above a bare one', () => {
    const bare = find('Pune', 'CITY')[0]!;
    const ctx = find('lives in Pune city', 'CITY')[0]!;
    expect(ctx.score).toBeGreaterThan(bare.score);
  });
});

describe('CITY: a locality named after a city is not the city', () => {
  it.each([['The Rajouri Garden branch stays open.'], ['Shop 4, Delhi Gate market'], ['office on Ajmer Road']])('rejects %s', (text) => {
    expect(values(text, 'CITY')).toEqual([]);
  });
});

describe('CITY spelling variants', () => {
  it.each([
    ['I live in Ananthapur now', 'Ananthapur'],
    ['posted at Tiruvanantapuram', 'Tiruvanantapuram'],
    ['मुम्बई से आया हूँ', 'मुम्बई'],
  ])('finds %s', (text, v) => expect(values(text, 'CITY')).toEqual([v]));
});
