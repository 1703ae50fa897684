import { describe, expect, it } from 'vitest';
import { all, find, values } from '../helpers.js';

describe('DRIVING_LICENCE', () => {
  it.each([
    ['DL no: MH12 20110012345', 'MH12 20110012345'],
    ['licence MH-12-2011-0012345.', 'MH-12-2011-0012345'],
    ['MH1220110012345', 'MH1220110012345'],
    ['driving license DL-0420110149646', 'DL-0420110149646'],
    ['KA 01 2019 0001234', 'KA 01 2019 0001234'],
    ['TN/09/1998/0001234', 'TN/09/1998/0001234'],
    ['OR0219990001234', 'OR0219990001234'], // legacy Odisha code
    ['(DL:MH1220110012345)', 'MH1220110012345'],
    ['license:MH1220110012345,', 'MH1220110012345'],
    ['ड्राइविंग लाइसेंस KA0120190001234', 'KA0120190001234'],
    ['लाइसेंसKA0120190001234', 'KA0120190001234'],
  ])('finds %s', (text, value) => {
    expect(values(text, 'DRIVING_LICENCE')).toEqual([value]);
  });

  it.each([
    ['ZZ1220110012345'], // not a state code
    ['BH1220110012345'], // BH is a plate series, not a state
    ['MH0020110012345'], // RTO 00
    ['MH1218990012345'], // year before 1930
    ['MH1220990012345'], // future year
    ['MH1230110012345'], // year 3011
    ['MH1220110000000'], // serial all zeros
    ['MH12201100123456'], // one digit too many
    ['MH122011001234'], // one digit short
    ['mh1220110012345'], // lower case
    ['XMH1220110012345'], // glued to a letter
    ['MH1220110012345 6'], // cut from a longer grouped run
  ])('rejects %s', (text) => {
    expect(values(text, 'DRIVING_LICENCE')).toEqual([]);
  });

  it('scores higher with a licence word', () => {
    const bare = find('id MH1220110012345', 'DRIVING_LICENCE')[0]!;
    expect(bare.score).toBeGreaterThanOrEqual(0.4);
    expect(find('DL no MH1220110012345', 'DRIVING_LICENCE')[0]!.score).toBeGreaterThan(bare.score);
  });

  it('is not also read as a plate or a bank account', () => {
    expect(all('DL no MH-12-2011-0012345')).toEqual([['DRIVING_LICENCE', 'MH-12-2011-0012345']]);
  });
});
