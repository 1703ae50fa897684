// Hand-written tricky cases: each non-comment line of corpus/tricky.txt is one record, with labels
// written inline as [[TYPE|value]]. The markup is stripped and offsets computed here; checksummed
// values (Aadhaar, GSTIN, cards, PAN shape, phones) are verified and a bad one fails loudly.
import { Builder, ent, type CorpusRecord } from './builder.js';
import { valueValid } from './checks.js';

const MARK = /\[\[([A-Z_]+)\|([^\]]+?)\]\]/g;

export const KNOWN_TYPES = new Set([
  'AADHAAR', 'PAN', 'GSTIN', 'IFSC', 'BANK_ACCOUNT', 'CREDIT_CARD', 'UPI_ID', 'PHONE', 'EMAIL', 'PASSPORT', 'VOTER_ID',
  'DRIVING_LICENCE', 'VEHICLE_REG', 'PIN_CODE', 'ABHA', 'IP_ADDRESS', 'PERSON', 'HEALTH', 'CITY', 'AGE', 'DATE_OF_BIRTH',
]);

function unescape(s: string): string {
  return s.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
}

/** Parse one marked-up line into a record. Throws (with the line number, never the value) on a bad label. */
export function parseTrickyLine(line: string, id: string, lineNo: number): CorpusRecord {
  const b = new Builder();
  let last = 0;
  for (const m of line.matchAll(MARK)) {
    const [whole, type, rawValue] = m as unknown as [string, string, string];
    if (!KNOWN_TYPES.has(type)) throw new Error(`tricky.txt line ${lineNo}: unknown type ${type}`);
    const value = unescape(rawValue);
    if (!valueValid(type, value)) throw new Error(`tricky.txt line ${lineNo}: ${type} value fails its checksum/format check`);
    b.add(unescape(line.slice(last, m.index)), ent(type, value));
    last = m.index! + whole.length;
  }
  const rest = line.slice(last);
  if (rest.includes('[[') || rest.includes(']]')) throw new Error(`tricky.txt line ${lineNo}: unbalanced markup`);
  b.add(unescape(rest));
  return b.build(id, 'tricky', 'tricky');
}

/** Parse the whole file: `#` lines are comments (the one right above a case is its note), blank lines skipped. */
export function parseTricky(source: string): CorpusRecord[] {
  const out: CorpusRecord[] = [];
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) continue;
    out.push(parseTrickyLine(line, `t-${String(out.length + 1).padStart(3, '0')}`, i + 1));
  }
  return out;
}
