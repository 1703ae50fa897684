// IP address checks over node:net (RFC 791 dotted quad, RFC 4291 §2.2 text forms incl. '::' and IPv4-mapped).
import { isIP } from 'node:net';

/** A dotted quad with octets 0-255 and no leading zeros ("01" is octal to some parsers, decimal to others). */
export function isIPv4(s: string): boolean {
  if (isIP(s) !== 4) return false;
  return s.split('.').every((o) => o === '0' || o[0] !== '0');
}

/** A full, compressed or IPv4-mapped IPv6 address; the bare unspecified address '::' carries no data. */
export function isIPv6(s: string): boolean {
  return isIP(s) === 6 && /[0-9A-Fa-f]/.test(s);
}
