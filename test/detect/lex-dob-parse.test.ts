// parseBirthDate reads numeric dates ("12/03/1985", "1985-03-12") in place and counts days in a month
// by table instead of building strings and Date objects (issue 11). It must answer exactly as the
// frozen previous implementation (test/support/dates-oracle-dob.ts) on every span, numeric or not,
// on every "today".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBirthDate } from '../../src/detect/detectors/date-of-birth.js';
import { parseBirthDate as oracleParse } from '../support/dates-oracle-dob.js';

const piece = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map(String),
  fc.integer({ min: 0, max: 40 }).map((n) => String(n).padStart(2, '0')),
  fc.integer({ min: 1890, max: 2100 }).map(String),
  fc.constantFrom('29', '28', '31', '30', '02', '2', '00', '0000', '1900', '2000', '2004', '2100', '1600', '99', '123456789012345678', '१२', '०३', '१९८५'),
  fc.constantFrom('/', '-', '.', ' ', ', ', '  ', 'th ', 'st', ' of ', 'March', 'mar', 'Feb', 'फ़रवरी', 'मार्च', 'x', 'É', '"', ''),
);
const span = fc.array(piece, { maxLength: 7 }).map((p) => p.join(''));
const today = fc.date({ min: new Date(Date.UTC(1999, 0, 1)), max: new Date(Date.UTC(2101, 11, 31)), noInvalidDate: true });

describe('parseBirthDate', () => {
  it('answers as the previous implementation on generated spans and days', () => {
    fc.assert(
      fc.property(span, today, (s, d) => {
        expect(parseBirthDate(s, d)).toEqual(oracleParse(s, d));
      }),
      { numRuns: 20000 },
    );
  });

  it('answers as the previous implementation on every day of leap and common years', () => {
    const day = new Date(Date.UTC(2026, 11, 3));
    for (const y of [1900, 1999, 2000, 2004, 2023, 2024, 2026, 2027]) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          for (const s of [`${d}/${m}/${y}`, `${y}-${m}-${d}`, `${d}.${m}.${String(y).slice(2)}`, `${m}/${d}/${y}`]) {
            expect(parseBirthDate(s, day), s).toEqual(oracleParse(s, day));
          }
        }
      }
    }
  });
});
