/** Every entity type kavach finds out of the box. Custom detectors may add their own type names. */
export const ENTITY_TYPES = [
  'AADHAAR', 'PAN', 'GSTIN', 'IFSC', 'BANK_ACCOUNT', 'CREDIT_CARD', 'UPI_ID', 'PHONE',
  'EMAIL', 'PASSPORT', 'VOTER_ID', 'DRIVING_LICENCE', 'VEHICLE_REG', 'PIN_CODE', 'ABHA', 'IP_ADDRESS',
  'PERSON', 'HEALTH', 'CITY', 'AGE', 'DATE_OF_BIRTH',
] as const;

export type EntityType = (typeof ENTITY_TYPES)[number];

/** Why a span was kept: filled only with `detect(text, { explain: true })`. */
export interface Explanation {
  /** Name of the pattern (or lexicon/model pass) that produced the candidate. */
  pattern: string;
  /** Score before validation and context. */
  baseScore: number;
  /** `true` passed the detector's validator, `false` failed it, `undefined` no validator. */
  validated?: boolean;
  /** Whole-word context phrases found near the span. */
  context: string[];
  /** Free-form notes from the detector (e.g. "known IFSC bank code SBIN"). */
  notes?: string[];
}

/** A found span. Offsets are UTF-16 indices into the input; `end` is exclusive. */
export interface Entity {
  type: EntityType | string;
  start: number;
  end: number;
  text: string;
  score: number;
  detector: string;
  explanation?: Explanation;
}

export interface DetectOptions {
  /** Only these entity types (default: all registered detectors). */
  entities?: string[];
  /** Drop spans scoring below this (default 0.4). */
  minScore?: number;
  /** Attach an `explanation` to every span. Off on the hot path. */
  explain?: boolean;
  /**
   * PERSON: run compromise only on the small windows the name rules point at (default true). With
   * false every text also gets a full compromise parse (≈ 9-30 ms per KB): for measuring, not production.
   */
  nameGating?: boolean;
}

/** A scored span before overlap resolution. */
export interface Candidate {
  type: string;
  start: number;
  end: number;
  score: number;
  detector: string;
  /** Passed a checksum / code-list / model check (true), failed (never reaches here), or none. */
  validated: boolean;
  /** A context word of the detector was found near the span (or in its column header). */
  contextual?: boolean;
  explanation?: Explanation;
}
