// Vehicle registration mark: MoRTH state series (SS RR XXX NNNN, Delhi category letter) and Bharat series (YY BH NNNN XX).
import data from '../../../patterns/vehicle-reg.json';
import { isStateCode, stripSeparators } from '../validators/india-codes.js';
import { defineDetector, type ValidationResult } from '../define.js';

const STATE = /^([A-Z]{2})([0-9]{1,2})([A-Z]{1,4})([0-9]{1,4})$/;
const BH = /^([0-9]{2})BH([0-9]{4})([A-Z]{1,2})$/;
/** Results shared by every candidate (no object per validation). */
const BHARAT: ValidationResult = Object.freeze({ valid: true, note: 'Bharat series' });
const SHORT: ValidationResult = Object.freeze({ valid: true, score: data.shortNumberScore });

function validatePlate(s: string): boolean | ValidationResult {
  const bh = BH.exec(s);
  if (bh) {
    const year = Number(bh[1]);
    // The Bharat series began in 2021 (G.S.R. 594(E)); the year can never be in the future.
    return year >= 21 && year <= new Date().getFullYear() % 100 && !/^0+$/.test(bh[2]!) && BHARAT;
  }
  const m = STATE.exec(s);
  if (!m || !isStateCode(m[1]!) || Number(m[2]) === 0 || Number(m[4]) === 0) return false;
  return m[4]!.length === 4 ? true : SHORT;
}

export const vehicleReg = defineDetector(data, {
  normalise: stripSeparators,
  validate: validatePlate,
});
