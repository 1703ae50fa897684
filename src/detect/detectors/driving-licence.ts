// Driving licence: MoRTH SARATHI format SS RR YYYY NNNNNNN (state, RTO, year of issue, serial).
import data from '../../../patterns/driving-licence.json';
import { isStateCode, stripSeparators } from '../validators/india-codes.js';
import { defineDetector } from '../define.js';

export const drivingLicence = defineDetector(data, {
  normalise: stripSeparators,
  validate: (s) => {
    if (s.length !== 15 || !isStateCode(s.slice(0, 2))) return false;
    const year = Number(s.slice(4, 8));
    return s.slice(2, 4) !== '00' && year >= 1930 && year <= new Date().getFullYear() && !/^0+$/.test(s.slice(8));
  },
});
