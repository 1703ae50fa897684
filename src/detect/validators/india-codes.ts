// Code lists shared by the driving-licence and vehicle-registration detectors (data in patterns/).
import states from '../../../patterns/india-state-codes.json';

const STATE_CODES: ReadonlySet<string> = new Set(Object.keys(states.codes));

/** True for a MoRTH state/UT code (current or legacy), e.g. 'MH', 'DL', 'OR'. */
export function isStateCode(code: string): boolean {
  return STATE_CODES.has(code);
}

/** Strip the separators a licence or plate is printed with (space, hyphen, slash, dot). */
export function stripSeparators(s: string): string {
  return s.replace(/[\s./-]/g, '');
}
