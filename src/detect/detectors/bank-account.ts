// Indian bank account number: 9-18 digits (no national format or checksum), reported only with account context.
import data from '../../../patterns/bank-account.json';
import { TableContext } from '../../text/table-context.js';
import { ACCOUNT_LABELS, labelledAccount } from '../validators/account-label.js';
import { cardValid } from '../validators/card.js';
import { allSameDigit, digitsOnly, oneSeparatorKind } from '../validators/digits.js';
import { verhoeffValid } from '../validators/verhoeff.js';
import { defineDetector, patternHits, type RawCandidate } from '../define.js';

/** Mobile (10 digits from 6-9, or 0- / 91-prefixed) and landline or toll-free numbers with a trunk 0. */
function phoneShaped(d: string): boolean {
  if (d.length === 10) return /^[6-9]/.test(d);
  if (d.length === 11) return /^0[1-9]/.test(d) || /^18[06]0/.test(d);
  if (d.length === 12) return /^91[6-9]/.test(d);
  return false;
}

/** 12 digits, first 2-9, Verhoeff-valid: what an Aadhaar number looks like. */
function aadhaarShaped(d: string): boolean {
  return d.length === 12 && /^[2-9]/.test(d) && verhoeffValid(d);
}

/** yyyymmddhhmm or yyyymmddhhmmss: a timestamp, not an account. */
function timestampShaped(d: string): boolean {
  const m = /^(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d([0-5]\d)?$/.exec(d);
  return m !== null;
}

const CARD_GROUPS = /^[0-9]{4}([ -])[0-9]{4}\1[0-9]{4}\1[0-9]{4}$/;

/** Devanagari digits mapped to ASCII, separators kept, so the grouping can be tested. */
function digitsOnlyKeepSeparators(s: string): string {
  let out = '';
  for (const ch of s) out += ch === ' ' || ch === '-' ? ch : digitsOnly(ch);
  return out;
}

/** Shape checks every account must pass, whatever its context. */
function accountShape(d: string, match: string): boolean {
  if (d.length < 9 || d.length > 18 || allSameDigit(d)) return false;
  // The grouped pattern allows either separator; one number uses one kind ("1234-5678 9012" is two things).
  if (!oneSeparatorKind(match)) return false;
  if (timestampShaped(d)) return false;
  // Printed like a card (4-4-4-4) and checksummed like a card or an Aadhaar VID: not an account.
  if (CARD_GROUPS.test(digitsOnlyKeepSeparators(match)) && (cardValid(d) || verhoeffValid(d))) return false;
  return true;
}

/**
 * Phone- and Aadhaar-shaped digit runs are accounts only when an account label is written right
 * before them ("A/c No. 9876543210") or their table column is an account column: a context word
 * somewhere in the window is not enough ("Phone: 9876543210, A/c: ..."), and a bare "account"
 * is not a label (wallets are addressed by mobile number: "Paytm account 9876543210").
 */
function ambiguousShape(d: string): boolean {
  return phoneShaped(d) || aadhaarShaped(d);
}


/**
 * The phone- or Aadhaar-shaped candidates that an adjacent label or an account column admits
 * (the pattern path's validator rejects those shapes, so nothing is found twice). Marked validated:
 * the label is the evidence, and the resolver then prefers them over an unlabelled PHONE/AADHAAR.
 */
function* labelledAmbiguous(text: string): Generator<RawCandidate> {
  let table: TableContext | null | undefined;
  for (const p of bankAccount.patterns) {
    for (const { start, end } of patternHits(p, text)) {
      const span = text.slice(start, end);
      const d = digitsOnly(span);
      if (!ambiguousShape(d) || !accountShape(d, span)) continue;
      let why: string | undefined;
      if (labelledAccount(text, start)) why = 'account label right before a phone/Aadhaar-shaped number';
      else {
        if (table === undefined) table = text.includes('\n') ? new TableContext(text) : null;
        const header = table?.headerAt(start, end);
        if (header && ACCOUNT_LABELS.find(header).length > 0) why = 'account column holds a phone/Aadhaar-shaped number';
      }
      if (why) yield { start, end, score: p.score, pattern: p.name, validated: true, notes: [why] };
    }
  }
}

export const bankAccount = defineDetector(data, {
  find: labelledAmbiguous,
  normalise: digitsOnly,
  validate: (d, match) => {
    if (!accountShape(d, match)) return false;
    // Phone numbers and Aadhaar numbers belong to their own detectors unless labelled (see `find`).
    if (ambiguousShape(d)) return false;
    return true;
  },
});
