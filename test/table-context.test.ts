import { describe, expect, it } from 'vitest';
import { LABEL, MAX_HEADER_LINE, TableContext } from '../src/text/table-context.js';
import { values } from './helpers.js';

describe('TableContext', () => {
  const text = 'Customer export\nname,dob,account_no\nRavi,12/03/1985,123456789012\nAsha,01/01/1990,987654321\n\nfooter 1,2';
  const t = new TableContext(text);
  const at = (s: string): string[] | undefined => {
    const i = text.indexOf(s);
    return t.headerAt(i, i + s.length);
  };

  it('maps a cell to the words of its column header', () => {
    expect(at('12/03/1985')).toEqual(['dob']);
    expect(at('987654321')).toEqual(['account', 'no']);
    expect(at('Ravi')).toEqual(['name']);
  });

  it('gives nothing outside a table, across two cells, or on rows whose cell count differs', () => {
    expect(at('Customer')).toBeUndefined();
    expect(at('1985,1234')).toBeUndefined();
    expect(at('footer')).toBeUndefined();
  });

  it('works with tabs and pipes and CRLF line ends', () => {
    const tsv = 'pan\tmobile\r\nABCPE1234F\t9876543210\r\n';
    const tt = new TableContext(tsv);
    const i = tsv.indexOf('9876543210');
    expect(tt.headerAt(i, i + 10)).toEqual(['mobile']);
    const pipe = '| pan | account number |\n| x | 1234567890 |';
    const tp = new TableContext(pipe);
    const j = pipe.indexOf('1234567890');
    expect(tp.headerAt(j, j + 10)).toEqual(['account', 'number']);
  });

  it('keeps two tables apart and stops at a line of another shape', () => {
    const two = 'pan,dob\nX,1\nY,2\nnotes here\nmobile;account_no;city\na;b;c\nd;e;f\n';
    const tt = new TableContext(two);
    const at = (s: string): string[] | undefined => {
      const i = two.indexOf(s);
      return tt.headerAt(i, i + s.length);
    };
    expect(at('Y')).toEqual(['pan']);
    expect(at('2')).toEqual(['dob']);
    const e = two.indexOf('d;e;f') + 2;
    expect(tt.headerAt(e, e + 1)).toEqual(['account', 'no']);
    expect(at('notes')).toBeUndefined();
    const broken = 'name,dob\nRavi,1\nfree text, with a comma, and another\nAsha,2';
    const tb = new TableContext(broken);
    const k = broken.lastIndexOf('2');
    expect(tb.headerAt(k, k + 1)).toBeUndefined();
  });

  it('reads a row of plain words under the header as a row, not as a new header', () => {
    const t2 = 'name,city\nRavi,Pune\nAsha,Delhi\n';
    const tt = new TableContext(t2);
    const i = t2.indexOf('Asha');
    expect(tt.headerAt(i, i + 4)).toEqual(['name']);
  });

  it('gives a weak shape its column header as context in detect', () => {
    const csv = 'id,holder,account_no,branch\n17,Ravi,50100234567812,Pune\n';
    expect(values(csv, 'BANK_ACCOUNT')).toEqual(['50100234567812']);
    expect(values('id,holder,ref,branch\n17,Ravi,50100234567812,Pune\n', 'BANK_ACCOUNT')).toEqual([]);
  });

  // Issue 14, item 1: the header-label pattern was quadratic on a blank-padded cell (16 s for 100k
  // spaces); recheck proves the new one linear (test/hardening/runtime-regex.test.ts).
  it('reads padded and quoted label cells as before (the cell is trimmed, then matched)', () => {
    const padded = ' \u00a0"pan no" \t|  mobile  \nABCPE1234F|9876543210\n';
    const tt = new TableContext(padded);
    const i = padded.indexOf('9876543210');
    expect(tt.headerAt(i, i + 10)).toEqual(['mobile']);
    const j = padded.indexOf('ABCPE');
    expect(tt.headerAt(j, j + 10)).toEqual(['pan', 'no']);
    expect(LABEL.test('name ')).toBe(true);
    expect(LABEL.test(' name')).toBe(false); // the caller trims
    expect(LABEL.test('12')).toBe(false);
  });

  it('never reads a line longer than MAX_HEADER_LINE as a header', () => {
    const head = (n: number): string => `${'x'.repeat(n - 'account_no'.length - 1)},account_no`;
    for (const [n, header] of [[MAX_HEADER_LINE, ['account', 'no']], [MAX_HEADER_LINE + 1, undefined]] as const) {
      const text = `${head(n)}\nRavi,50100234567812\n`;
      const tt = new TableContext(text);
      const i = text.indexOf('5010');
      expect(tt.headerAt(i, i + 14)).toEqual(header);
    }
  });

  it('a long blank cell before a failing character is simply not a header', () => {
    const text = `a${' '.repeat(100_000)}!,b\nx,9876543210`;
    const tt = new TableContext(text);
    const i = text.indexOf('9876');
    expect(tt.headerAt(i, i + 10)).toBeUndefined();
  });

  it('many candidates in one long cell of a governed row each get the header', () => {
    const cell = Array.from({ length: 2000 }, (_, k) => `98765${String(k).padStart(5, '0')}`).join(' ');
    const text = `name,mobile\nRavi,${cell}\n`;
    const tt = new TableContext(text);
    let last = text.indexOf('98765');
    for (let k = 0; k < 2000; k++) {
      expect(tt.headerAt(last, last + 10)).toEqual(['mobile']);
      last += 11;
    }
  });
});
