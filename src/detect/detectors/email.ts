// E-mail addresses: RFC 5322 addr-spec (practical dot-atom subset) with RFC 5321 / RFC 1035 length and label rules.
import data from '../../../patterns/email.json';
import { defineDetector } from '../define.js';

function validEmail(s: string): boolean {
  if (s.length > 254) return false;
  const at = s.lastIndexOf('@');
  if (at < 1 || at > 64) return false;
  // Every dot-separated label of the domain: 1-63 characters, no hyphen at either end (read in place).
  for (let from = at + 1; ; ) {
    let to = s.indexOf('.', from);
    if (to < 0) to = s.length;
    if (to === from || to - from > 63 || s.charCodeAt(from) === 45 || s.charCodeAt(to - 1) === 45) return false;
    if (to === s.length) return true;
    from = to + 1;
  }
}

export const email = defineDetector(data, {
  validate: validEmail,
});
