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

/** True for an upper-case 10-character PAN with a valid holder-type letter. */
export function panValid(pan: string): boolean {
  return PAN_SHAPE.test(pan) && panHolderType(pan) !== undefined;
}

const PLACEHOLDER = /^([A-Z])\1{4}([0-9])\2{3}[A-Z]$/;

/**
 * True for a format mask rather than a PAN: the five letters are one letter repeated and the four
 * digits one digit repeated (AAAAA9999A, PPPPP0000P), as forms and help pages write "the PAN format".
 * A real PAN of that shape needs the AAA series, a matching holder type and surname initial and a
 * repeated serial: about 2,600 of the 1.2 trillion possible PANs, so a mask is by far the likelier reading.
 */
export function panPlaceholder(pan: string): boolean {
  return PLACEHOLDER.test(pan);
}
