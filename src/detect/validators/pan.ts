// PAN (Permanent Account Number), Income-tax Department / Protean (NSDL) PAN structure: five letters,
// four digits, one letter; the 4th letter is the holder type. The final letter is a check character
// whose algorithm is not published, so it cannot be verified here.
const HOLDER_TYPES: Readonly<Record<string, string>> = {
  P: 'individual',
  C: 'company',
  H: 'Hindu undivided family',
  F: 'firm / LLP',
  A: 'association of persons',
  T: 'trust',
  B: 'body of individuals',
  L: 'local authority',
  J: 'artificial juridical person',
  G: 'government',
};

const PAN_SHAPE = /^[A-Z]{3}[A-Z][A-Z][0-9]{4}[A-Z]$/;

/** The holder type a PAN's 4th letter stands for, or `undefined` for a letter that is not one. */
export function panHolderType(pan: string): string | undefined {
  return HOLDER_TYPES[pan[3] ?? ''];
}

/**
 * True for an upper-case 10-character PAN with a valid holder-type letter and a serial (the four
 * digits) other than 0000: serials run 0001-9999 (python-stdnum's stdnum/in_/pan.py rejects 0000 as
 * an invalid component, and no issued PAN carries it).
 */
export function panValid(pan: string): boolean {
  return PAN_SHAPE.test(pan) && panHolderType(pan) !== undefined && !pan.startsWith('0000', 5);
}

const PLACEHOLDER = /^([A-Z])\1{4}9{4}[A-Z]$/;

/**
 * True for a format mask rather than a PAN: one letter repeated five times and the serial 9999, the
 * way forms and help pages write "the PAN format" (AAAAA9999A: A for a letter, 9 for a digit; the
 * 0000 form, PPPPP0000P, is already no PAN because serial 0000 is never issued). Other repeated
 * shapes (AAAAA1111A) are kept as PANs: validator.js lists them as valid and a redactor that leaks a
 * real PAN costs more than one that masks a test value.
 */
export function panPlaceholder(pan: string): boolean {
  return PLACEHOLDER.test(pan);
}
