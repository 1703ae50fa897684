// E-mail addresses: RFC 5322 addr-spec (practical dot-atom subset) with RFC 5321 / RFC 1035 length and label rules.
import data from '../../../patterns/email.json';
import { defineDetector } from '../define.js';

function validEmail(s: string): boolean {
  if (s.length > 254) return false;
  const at = s.lastIndexOf('@');
  if (at < 1 || at > 64) return false;
  const labels = s.slice(at + 1).split('.');
  for (const l of labels) {
    if (l.length === 0 || l.length > 63 || l.startsWith('-') || l.endsWith('-')) return false;
  }
  return true;
}

export const email = defineDetector(data, {
  validate: validEmail,
});
