// Aadhaar number and Aadhaar Virtual ID (UIDAI): 12 digits (first 2-9) or 16 digits, Verhoeff check digit.
import data from '../../../patterns/aadhaar.json';
import { labelledAccount } from '../validators/account-label.js';
import { allSameDigit, digitsOnly, oneSeparatorKind } from '../validators/digits.js';
import { verhoeffValid } from '../validators/verhoeff.js';
import { compilePattern, defineDetector, hitsOf, Raw, scansFor, type AnchorSpec, type RawCandidate } from '../define.js';

const ANCHORS = data.anchors as Readonly<Record<string, AnchorSpec>>;
const SCAN = data.patterns.map((p) => compilePattern(p, data.id, ANCHORS[p.name]));

/**
 * The patterns' matches, except a number written right after an account label ("A/c No.
 * 234567890124"): one in ten 12-digit account numbers passes Verhoeff, and the label says what it
 * is, even when an Aadhaar word sits in the same window ("Aadhaar ..., A/c No. ..."). BANK_ACCOUNT
 * reports it. The patterns run here rather than through `patterns`, so each runs once; they are
 * anchored (patterns/aadhaar.json `anchors`) and declared with `scansFor`, so a registry matches them
 * in its one walk over the anchors and this reads the hits it holds.
 */
function candidates(text: string): readonly RawCandidate[] {
  let out: RawCandidate[] | undefined;
  for (const p of SCAN) {
    for (const h of hitsOf(p, text)) {
      if (labelledAccount(text, h.start)) continue;
      (out ??= []).push(new Raw(h.start, h.end, p.score, p.name));
    }
  }
  return out ?? NONE;
}

const NONE: readonly RawCandidate[] = Object.freeze([]);

export const aadhaar = scansFor(
  defineDetector(data, {
    // The patterns run in the finder (SCAN, with their anchors), not as the engine's patterns.
    patterns: [],
    anchors: undefined,
    find: candidates,
    normalise: digitsOnly,
    validate: (digits, match) => {
      if (!oneSeparatorKind(match) || allSameDigit(digits) || !verhoeffValid(digits)) return false;
      return digits.length === 16 ? { valid: true, note: 'Aadhaar VID (16 digits)' } : true;
    },
  }),
  SCAN,
);
