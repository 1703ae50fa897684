const DEVANAGARI_ZERO = 0x0966;

/** Map Devanagari digits (U+0966–U+096F) to ASCII and drop everything that is not a digit. */
export function digitsOnly(s: string): string {
  // Most spans are ASCII digits already: return them as they are, building nothing.
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  if (i === s.length) return s;
  let out = s.slice(0, i);
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) out += s[i];
    else if (c >= DEVANAGARI_ZERO && c <= DEVANAGARI_ZERO + 9) out += String.fromCharCode(c - DEVANAGARI_ZERO + 48);
  }
  return out;
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
