import { describe, expect, it } from 'vitest';
import { find, values } from '../helpers.js';

describe('VOTER_ID', () => {
  it.each([
    ['Voter ID: ABC1234567', 'ABC1234567'],
    ['voter id card XYZ7654321.', 'XYZ7654321'],
    ['EPIC no.XYZ7654321,', 'XYZ7654321'],
    ['(EPIC ABC1234567)', 'ABC1234567'],
    ['election card ABC1234567', 'ABC1234567'],
    ['मतदाता पहचान पत्र ABC1234567', 'ABC1234567'],
    ['मतदाताABC1234567', 'ABC1234567'],
    ['वोटर आईडी: ABC1234567।', 'ABC1234567'],
  ])('finds %s', (text, value) => {
    expect(values(text, 'VOTER_ID')).toEqual([value]);
  });

  it.each([
    ['ABC1234567'], // bare shape: below the default threshold
    ['part ABC1234567 shipped'],
    ['voter id abc1234567'], // lower case
    ['voter id AB1234567'],
    ['voter id ABCD1234567'],
    ['voter id ABC123456'],
    ['voter id ABC12345678'],
    ['voter id ABC0000000'],
    ['voter id ABC1234567X'],
    ['voter id 9ABC1234567'],
    ['voter id order ABC1234567'], // negative context
  ])('rejects %s', (text) => {
    expect(values(text, 'VOTER_ID')).toEqual([]);
  });

  it('reports a bare shape only when the caller lowers minScore', () => {
    const [bare] = find('code ABC1234567', 'VOTER_ID', { minScore: 0.2 });
    expect(bare!.score).toBeLessThan(0.4);
    expect(find('voter ABC1234567', 'VOTER_ID')[0]!.score).toBeGreaterThan(bare!.score);
  });
});
