// Indian bank account number: 9-18 digits (no national format or checksum), reported only with account context.
import data from '../../../patterns/bank-account.json';
import { TableContext } from '../../text/table-context.js';
import { ACCOUNT_LABELS, labelledAccount } from '../validators/account-label.js';
import { accountShape, ambiguousShape, mayBeAmbiguous } from '../validators/account-shape.js';
import { digitsOnly } from '../validators/digits.js';
import { defineDetector, hitsOf, rawWith, type RawCandidate } from '../define.js';

const NONE: readonly RawCandidate[] = [];

/**
 * The phone- or Aadhaar-shaped candidates that an adjacent label or an account column admits
 * (the pattern path's validator rejects those shapes, so nothing is found twice). Marked validated:
 * the label is the evidence, and the resolver then prefers them over an unlabelled PHONE/AADHAAR.
 * The digit count and leading digits are read off the text first: most hits stop there. An array,
 * not a generator: most texts have no such candidate, and then nothing is allocated.
 */
function labelledAmbiguous(text: string): readonly RawCandidate[] {
  let out: RawCandidate[] | undefined;
  let table: TableContext | null | undefined;
  for (const p of bankAccount.patterns) {
    const hits = hitsOf(p, text);
    for (let k = 0; k < hits.length; k++) {
      const { start, end } = hits[k]!;
      if (!mayBeAmbiguous(text, start, end)) continue;
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
      if (why) (out ??= []).push(rawWith(start, end, p.score, p.name, undefined, true, [why]));
    }
  }
  return out ?? NONE;
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
