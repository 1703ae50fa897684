import { describe, expect, it } from 'vitest';
import { find, values } from '../helpers.js';

describe('VOTER_ID', () => {
  it.each([
    ['Voter ID: ABC1234566', 'ABC1234566'],
    ['voter id card XYZ7654320.', 'XYZ7654320'],
    ['EPIC no.XYZ7654320,', 'XYZ7654320'],
    ['(EPIC ABC1234566)', 'ABC1234566'],
    ['election card ABC1234566', 'ABC1234566'],
    ['मतदाता पहचान पत्र ABC1234566', 'ABC1234566'],
    ['मतदाताABC1234566', 'ABC1234566'],
    ['वोटर आईडी: ABC1234566।', 'ABC1234566'],
  ])('finds %s', (text, value) => {
    expect(values(text, 'VOTER_ID')).toEqual([value]);
  });

  it.each([
    ['Voter ID: ABC1234567'], // wrong Luhn check digit, even behind a voter label
    ['Voter ID (EPIC) number: WKH1186263'],
    ['EPIC WKH1186254'],
    ['part ABC1234566 shipped'],
    ['voter id abc1234567'], // lower case
    ['voter id AB1234567'],
    ['voter id ABCD1234567'],
    ['voter id ABC123456'],
    ['voter id ABC12345668'],
    ['voter id ABC0000000'],
    ['voter id ABC1234566X'],
    ['voter id 9ABC1234566'],
    ['order ABC1234566'], // negative context drops a bare checked EPIC
  ])('rejects %s', (text) => {
    expect(values(text, 'VOTER_ID')).toEqual([]);
  });

  it.each([['ABC1234566'], ['WKH1186253'], ['KSD1287341']])('keeps a bare EPIC with a right check digit: %s', (v) => {
    expect(values(`code ${v}`, 'VOTER_ID')).toEqual([v]);
  });

  it('scores a voter word above a bare checked EPIC, which stays below a labelled one', () => {
    const [bare] = find('code ABC1234566', 'VOTER_ID');
    expect(bare!.score).toBeLessThan(0.6);
    expect(find('voter ABC1234566', 'VOTER_ID')[0]!.score).toBeGreaterThan(bare!.score);
  });
});
