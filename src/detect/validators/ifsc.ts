// IFSC (RBI): 11 characters, a 4-letter bank code, a reserved `0`, and a 6-character branch code.
// The bank code must be one that issues IFSCs (patterns/ifsc-banks.json, from Razorpay's IFSC dataset).
import banks from '../../../patterns/ifsc-banks.json';

const CODES: ReadonlyMap<string, string | null> = new Map(Object.entries(banks.codes as Record<string, string | null>));
const IFSC_SHAPE = /^[A-Z]{4}0[A-Z0-9]{6}$/;

/** True when `code` (4 upper-case letters) is a bank code that issues IFSCs. */
export function isIfscBankCode(code: string): boolean {
  return CODES.has(code);
}

/** The bank's name for a known bank code (`undefined` for an unknown code or one the dataset does not name). */
export function ifscBankName(code: string): string | undefined {
  return CODES.get(code) ?? undefined;
}

/** True for an upper-case IFSC whose bank code is a real one. The branch code is not checked. */
export function ifscValid(ifsc: string): boolean {
  return IFSC_SHAPE.test(ifsc) && CODES.has(ifsc.slice(0, 4));
}
