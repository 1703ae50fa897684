import type { Policy } from './policy.js';

/**
 * The three presets, as plain policies. Extend them with `extendPolicy('dataset', { ... })`.
 *
 * - `llm` (the default): identifiers and names become reversible vault tokens; HEALTH, AGE and CITY
 *   stay (the user already chose what to send, and the model needs them to answer).
 * - `dataset`: irreversible and analysis-friendly. Identifiers and names become keyed-HMAC tokens
 *   (`<PERSON_k3f9x2qa>`), the same in every record so joins and counts survive; AGE, DATE_OF_BIRTH,
 *   CITY and PIN_CODE are generalised; everything else is masked; salaries become lakh/crore bands.
 * - `strict`: nothing found passes: identifiers, names and quasi-identifiers are pseudonymised, HEALTH
 *   is redacted, money amounts are redacted.
 */

/** Identifiers and names: the types the `dataset` preset hashes into consistent tokens. */
export const IDENTIFIER_TYPES = [
  'AADHAAR', 'PAN', 'GSTIN', 'BANK_ACCOUNT', 'CREDIT_CARD', 'UPI_ID', 'PHONE', 'EMAIL', 'PASSPORT',
  'VOTER_ID', 'DRIVING_LICENCE', 'VEHICLE_REG', 'ABHA', 'IP_ADDRESS', 'PERSON',
] as const;

const hashToken = { action: 'hash', params: { format: 'token' } } as const;

export const PRESETS = {
  llm: {
    name: 'llm',
    description: 'Reversible: identifiers and names pseudonymised; HEALTH, AGE and CITY kept.',
    defaults: { action: 'pseudonymise' },
    entities: {
      HEALTH: { action: 'keep' },
      AGE: { action: 'keep' },
      CITY: { action: 'keep' },
    },
  },
  dataset: {
    name: 'dataset',
    description: 'Irreversible, analysis-friendly: keyed-HMAC tokens for identifiers and names, generalised quasi-identifiers, the rest masked.',
    defaults: { action: 'mask' },
    entities: {
      ...Object.fromEntries(IDENTIFIER_TYPES.map((t) => [t, hashToken])),
      AGE: { action: 'generalise', rule: 'age-band', params: { width: 10, top: 90 } },
      DATE_OF_BIRTH: { action: 'generalise', rule: 'dob', params: { to: 'year' } },
      CITY: { action: 'generalise', rule: 'city', params: { to: 'zone' } },
      PIN_CODE: { action: 'generalise', rule: 'pin', params: { to: 'prefix', digits: 3 } },
    },
    money: { action: 'generalise' },
  },
  strict: {
    name: 'strict',
    description: 'Nothing passes: everything found is pseudonymised, HEALTH and money amounts redacted.',
    defaults: { action: 'pseudonymise' },
    entities: {
      HEALTH: { action: 'redact' },
    },
    money: { action: 'redact' },
  },
} as const satisfies Record<string, Policy>;

export type PresetName = keyof typeof PRESETS;

/** The preset used when an engine is given no policy. */
export const DEFAULT_PRESET: PresetName = 'llm';
