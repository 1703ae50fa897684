// IP address checks over node:net (RFC 791 dotted quad, RFC 4291 §2.2 text forms incl. '::' and IPv4-mapped).
import { isIP } from 'node:net';

/** A dotted quad with octets 0-255 and no leading zeros ("01" is octal to some parsers, decimal to others). */
export function isIPv4(s: string): boolean {
  if (isIP(s) !== 4) return false;
  // isIP says: four dot-separated octets of digits. No octet may be "0" followed by more digits.
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) === 48 && (i === 0 || s.charCodeAt(i - 1) === 46) && i + 1 < s.length && s.charCodeAt(i + 1) !== 46) return false;
  }
  return true;
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
