// IP addresses: IPv4 (RFC 791) and IPv6 text forms (RFC 4291 §2.2), confirmed by node:net isIP.
import data from '../../../patterns/ip-address.json';
import { isIPv4, isIPv6 } from '../validators/ip.js';
import { defineDetector } from '../define.js';

export const ipAddress = defineDetector(data, {
  // The zone index and prefix length the patterns allow are checked by the patterns themselves.
  validate: (s) => {
    const addr = s.replace(/[%/].*$/, '');
    return addr.includes(':') ? isIPv6(addr) : isIPv4(addr);
  },
});
