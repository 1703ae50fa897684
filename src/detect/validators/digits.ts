const DEVANAGARI_ZERO = 0x0966;

/** Map Devanagari digits (U+0966–U+096F) to ASCII and drop everything that is not a digit. */
export function digitsOnly(s: string): string {
  // Most spans are ASCII digits already, or groups of them ("98765 43210"): such a span is returned
  // as it is, a grouped one as its groups sliced and joined, not rebuilt digit by digit.
  let out = '';
  let run = 0; // start of the current run of ASCII digits
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if (i > run) out += s.slice(run, i);
    if (c >= DEVANAGARI_ZERO && c <= DEVANAGARI_ZERO + 9) out += String.fromCharCode(c - DEVANAGARI_ZERO + 48);
    run = i + 1;
  }
  if (run === 0) return s;
  return i > run ? out + s.slice(run, i) : out;
}

/** True when every digit is the same (000000000000, 999999999999): placeholders, never IDs. */
export function allSameDigit(d: string): boolean {
  const first = d.charCodeAt(0);
  for (let i = 1; i < d.length; i++) if (d.charCodeAt(i) !== first) return false;
  return true;
}

/**
 * True when a grouped number uses at most one kind of separator: "1234 5678 9012" or
 * "1234-5678-9012", never "1234 5678-9012" (two things side by side). Patterns allow either
 * separator at every group so they stay small enough for the automaton ReDoS checker; this
 * check restores the one-kind rule.
 */
export function oneSeparatorKind(match: string): boolean {
  let space = false;
  let hyphen = false;
  for (let i = 0; i < match.length; i++) {
    const c = match.charCodeAt(i);
    if (c === 32) space = true;
    else if (c === 45) hyphen = true;
  }
  return !(space && hyphen);
}
