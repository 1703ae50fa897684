// IP address checks over node:net (RFC 791 dotted quad, RFC 4291 §2.2 text forms incl. '::' and IPv4-mapped).
import { isIP } from 'node:net';

/**
 * A dotted quad with octets 0-255 and no leading zeros ("01" is octal to some parsers, decimal to
 * others): node:net's isIP(s) === 4 with that rule added, read as a char loop (the candidate is
 * already dotted-quad shaped; node:net's regex per candidate was a visible cost on dense text).
 * test/detect/ids-ip.test.ts checks it against isIP on generated strings.
 */
export function isIPv4(s: string): boolean {
  const n = s.length;
  if (n < 7 || n > 15) return false;
  let groups = 0;
  let i = 0;
  while (i < n) {
    const from = i;
    let v = 0;
    while (i < n) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
      i++;
    }
    const len = i - from;
    if (len === 0 || len > 3 || v > 255 || (len > 1 && s.charCodeAt(from) === 48)) return false;
    groups++;
    if (i === n) break;
    if (s.charCodeAt(i) !== 46 || groups === 4) return false;
    i++;
    if (i === n) return false;
  }
  return groups === 4;
}

/**
 * What every IPv6 text form has (RFC 4291 §2.2, and node:net's pattern): '::', or eight groups
 * (7 colons), or six groups and a dotted quad (6 colons and a '.'). Times and ratios ("10:30:45")
 * fail it without the full pattern. A zone ('%…', which may hold colons) leaves it to isIP.
 */
function mayBeIPv6(s: string): boolean {
  let colons = 0;
  let dot = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 58) {
      if (s.charCodeAt(i + 1) === 58) return true;
      colons++;
    } else if (c === 46) dot = true;
    else if (c === 37) return true;
  }
  return colons === 7 || (colons === 6 && dot);
}

/** A full, compressed or IPv4-mapped IPv6 address; the bare unspecified address '::' carries no data. */
export function isIPv6(s: string): boolean {
  return mayBeIPv6(s) && isIP(s) === 6 && /[0-9A-Fa-f]/.test(s);
}
