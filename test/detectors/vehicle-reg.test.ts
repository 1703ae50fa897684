import { describe, expect, it } from 'vitest';
import { find, values } from '../helpers.js';

describe('VEHICLE_REG', () => {
  it.each([
    ['MH 12 AB 1234', 'MH 12 AB 1234'],
    ['MH12AB1234', 'MH12AB1234'],
    ['KA-01-MJ-2345', 'KA-01-MJ-2345'],
    ['KA 01MJ 2345', 'KA 01MJ 2345'],
    ['UP 32 ABC 1234', 'UP 32 ABC 1234'], // three series letters
    ['GJ 5 C 1234', 'GJ 5 C 1234'], // one-digit RTO
    ['DL 3C AB 1234', 'DL 3C AB 1234'], // Delhi category letter
    ['DL3CAB1234', 'DL3CAB1234'],
    ['DL-10-C-AB-1234', 'DL-10-C-AB-1234'],
    ['22 BH 1234 AB', '22 BH 1234 AB'], // Bharat series
    ['22BH1234A', '22BH1234A'],
    ['car MH 12 A 12', 'MH 12 A 12'], // short number with context
    ['(MH12AB1234)', 'MH12AB1234'],
    ['vehicle:MH12AB1234,', 'MH12AB1234'],
    ['गाड़ीMH12AB1234', 'MH12AB1234'],
    ['वाहन संख्या TS 09 EA 1234।', 'TS 09 EA 1234'],
  ])('finds %s', (text, value) => {
    expect(values(text, 'VEHICLE_REG')).toEqual([value]);
  });

  it.each([
    ['ZZ 12 AB 1234'], // not a state code
    ['MH 00 AB 1234'], // RTO 0
    ['MH 12 AB 0000'], // number 0000
    ['MH 12 ABCD 1234'], // four series letters
    ['MH 12 AB 12345'], // five digits
    ['MH 123 AB 1234'], // three-digit RTO
    ['mh 12 ab 1234'], // lower case
    ['went up 12 km 200 m'],
    ['MH 12 A 12'], // short number, no context
    ['XMH12AB1234'], // glued to a letter
    ['MH12AB1234X'],
    ['MH 12 AB 1234 5678'], // cut from a longer run
    ['20 BH 1234 AB'], // Bharat series began in 2021
    ['22 BH 1234 IO'], // I and O are not used in BH series
    ['22 BH 0000 AB'],
    ['1 22 BH 1234 AB'],
  ])('rejects %s', (text) => {
    expect(values(text, 'VEHICLE_REG')).toEqual([]);
  });

  it('scores higher with a vehicle word', () => {
    const bare = find('see MH12AB1234', 'VEHICLE_REG')[0]!;
    expect(find('my car MH12AB1234', 'VEHICLE_REG')[0]!.score).toBeGreaterThan(bare.score);
  });
});
