import { describe, expect, it } from 'vitest';
import { csvField, csvRow, readCsv } from '../../src/batch/formats/csv.js';
import { BadRecordError, coveringPaths, parseFieldPath, readJsonl, replaceSelected, selectField } from '../../src/batch/formats/jsonl.js';
import { readLines } from '../../src/batch/formats/text.js';

/** Split a string into pieces of `size` characters (or bytes, as Buffers) to exercise chunk edges. */
function pieces(s: string, size: number, bytes = false): Array<string | Buffer> {
  const src = bytes ? Buffer.from(s, 'utf8') : s;
  const out: Array<string | Buffer> = [];
  for (let i = 0; i < src.length; i += size) out.push(src.slice(i, i + size) as string | Buffer);
  return out;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('readLines', () => {
  const text = 'आधार 2345\r\nsecond\n\nlast without newline';
  it.each([1, 2, 3, 7, 1000])('splits the same at any chunk size (%i bytes, UTF-8 cut mid-character)', async (size) => {
    const lines = await collect(readLines(pieces(text, size, true)));
    expect(lines).toEqual([
      { no: 1, text: 'आधार 2345', eol: '\r\n' },
      { no: 2, text: 'second', eol: '\n' },
      { no: 3, text: '', eol: '\n' },
      { no: 4, text: 'last without newline', eol: '' },
    ]);
    expect(lines.map((l) => l.text + l.eol).join('')).toBe(text);
  });

  it('drops a UTF-8 byte-order mark and yields nothing for empty input', async () => {
    expect((await collect(readLines(['\ufeffa\n'])))[0]!.text).toBe('a');
    expect(await collect(readLines([]))).toEqual([]);
  });

  it('rejects an over-long line by number, bounding memory', async () => {
    await expect(collect(readLines(['ok\n', 'x'.repeat(50), 'y'.repeat(50), '\n'], 64))).rejects.toThrow(/^line 2: longer than/);
  });
});

describe('readJsonl', () => {
  it('parses records with line numbers, skipping blank lines', async () => {
    const recs = await collect(readJsonl(pieces('{"a":1}\n\n{"a":"x"}\n', 3)));
    expect(recs).toEqual([
      { no: 1, value: { a: 1 }, size: 7 },
      { no: 3, value: { a: 'x' }, size: 9 },
    ]);
  });

  it('reports a malformed line by number, never by content, and skips it with onBad', async () => {
    const secret = 'Aadhaar 2345 6789 0124';
    const input = `{"t":"ok"}\n{"t":"${secret}"\n{"t":"fine"}\n`;
    const bad: BadRecordError[] = [];
    const recs = await collect(readJsonl([input], (e) => bad.push(e)));
    expect(recs.map((r) => r.no)).toEqual([1, 3]);
    expect(bad.map((e) => [e.line, e.code, e.message])).toEqual([[2, 'BAD_RECORD', 'line 2: not valid JSON']]);
    expect(bad[0]!.message).not.toContain('2345');
  });

  it('throws on the first bad line without onBad, after yielding the lines before it', async () => {
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const r of readJsonl(['{"a":1}\n{oops\n{"a":2}\n'])) seen.push(r.no);
      })(),
    ).rejects.toThrow('line 2: not valid JSON');
    expect(seen).toEqual([1]);
  });

  it('selects dotted fields of any JSON type, array items by index, and a key named __proto__', () => {
    const rec = JSON.parse('{"note":{"body":"x"},"__proto__":"secret","n":5,"alt":["a",{"m":7}],"o":{"k":[1]}}');
    const at = (path: string) => selectField(rec, parseFieldPath(path));
    expect(at('note.body')).toMatchObject({ value: 'x', field: 'body' });
    expect(at('n')).toMatchObject({ value: 5, field: 'n' });
    expect(at('o')).toMatchObject({ value: { k: [1] }, field: 'o' });
    expect(at('alt.0')).toMatchObject({ value: 'a', field: 'alt', key: 0 });
    expect(at('alt.1.m')).toMatchObject({ value: 7, field: 'm' });
    for (const nowhere of ['missing.deep', 'alt.2', 'alt.01', 'alt.x', 'n.x', 'note.toString', 'constructor']) expect(at(nowhere)).toBeUndefined();
    expect(at('__proto__')).toMatchObject({ value: 'secret' });
    replaceSelected(at('__proto__')!, '<X_1>');
    replaceSelected(at('note.body')!, 'y');
    replaceSelected(at('alt.0')!, '{PHONE_1}');
    replaceSelected(at('n')!, 6);
    expect(JSON.stringify(rec)).toBe('{"note":{"body":"y"},"__proto__":"<X_1>","n":6,"alt":["{PHONE_1}",{"m":7}],"o":{"k":[1]}}');
    expect(() => parseFieldPath('a..b')).toThrow(/dotted name/);
  });

  it('selects each value once: a path inside another selected path, or repeated, is dropped', () => {
    expect(coveringPaths([['contact', 'mobile'], ['phone'], ['contact'], ['phone'], ['alt', '0'], ['alt']])).toEqual([['phone'], ['contact'], ['alt']]);
  });
});

describe('invalid UTF-8', () => {
  // Line 2 has a Latin-1 "é" (a lone 0xE9), line 4 a genuine U+FFFD (valid), line 5 a truncated
  // 3-byte sequence, line 6 a stray continuation byte; the last line ends in a cut-off sequence.
  const bytes = Buffer.concat([
    Buffer.from('ok\nJos'), Buffer.from([0xe9]), Buffer.from(' 9876543210\nfine ₹ आधार\nreal \ufffd kept\nx'),
    Buffer.from([0xe2, 0x82]), Buffer.from('\n'), Buffer.from([0x80]), Buffer.from('y\nend'), Buffer.from([0xf0, 0x9f]),
  ]);
  const chunks = (size: number): Buffer[] => Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));

  it.each([1, 2, 3, 5, 1000])('readLines reports the lines, never their content, at chunk size %i', async (size) => {
    const bad: number[] = [];
    const lines = await collect(readLines(chunks(size), undefined, (n) => bad.push(n)));
    expect(bad).toEqual([2, 5, 6, 7]);
    expect(lines.map((l) => l.text)).toEqual(['ok', 'Jos\ufffd 9876543210', 'fine ₹ आधार', 'real \ufffd kept', 'x\ufffd', '\ufffdy', 'end\ufffd']);
  });

  it.each([1, 3, 1000])('readCsv reports the lines at chunk size %i', async (size) => {
    const bad: number[] = [];
    const rows = await collect(readCsv(chunks(size), undefined, { onInvalid: (n) => bad.push(n) }));
    expect(bad).toEqual([2, 5, 6, 7]);
    expect(rows).toHaveLength(7);
  });

  it('valid input, a genuine U+FFFD included, reports nothing at any chunk size', async () => {
    const valid = Buffer.from('ok\nfine ₹ आधार 😀\nreal \ufffd kept\n{a:\ufffd}');
    for (const size of [1, 2, 3, 4, 1000]) {
      const bad: number[] = [];
      const parts = Array.from({ length: Math.ceil(valid.length / size) }, (_, i) => valid.subarray(i * size, (i + 1) * size));
      const lines = await collect(readLines(parts, undefined, (n) => bad.push(n)));
      await collect(readCsv(parts, undefined, { header: false, onInvalid: (n) => bad.push(n) }));
      expect(bad).toEqual([]);
      expect(lines.map((l) => l.text).join('\n')).toBe(valid.toString('utf8'));
    }
  });
});

describe('readCsv (RFC 4180)', () => {
  const good = 'name,note\r\n"Rao, Asha","said ""hi"""\r\n\r\nRavi,"two\nlines"\nSita,plain';
  it.each([1, 2, 5, 1000])('parses quoting, escaped quotes, embedded newlines and CRLF at chunk size %i', async (size) => {
    const rows = await collect(readCsv(pieces(good, size, true)));
    expect(rows.map((r) => [r.no, r.fields, r.eol, r.blank])).toEqual([
      [1, ['name', 'note'], '\r\n', false],
      [2, ['Rao, Asha', 'said "hi"'], '\r\n', false],
      [3, [''], '\r\n', true],
      [4, ['Ravi', 'two\nlines'], '\n', false],
      [6, ['Sita', 'plain'], '', false],
    ]);
    // Rewriting untouched rows gives the input back byte for byte.
    expect(rows.map((r) => (r.blank ? r.eol : csvRow(r.fields, r.quoted, r.eol))).join('')).toBe(good);
  });

  it.each([
    ['a,b\n1,2,3\n4,5\n', 2, 'has 3 fields, the header has 2'],
    ['a,b\n1,x"y\n4,5\n', 2, 'a quote inside an unquoted field'],
    ['a,b\n1,"x"y\n4,5\n', 2, 'text after a closing quote'],
    ['a,b\n4,5\n"never closed,1\n', 3, 'a quoted field is never closed'],
  ])('reports a malformed row by its line: %j', async (input, line, reason) => {
    const bad: BadRecordError[] = [];
    const rows = await collect(readCsv([input], (e) => bad.push(e)));
    expect(bad.map((e) => e.message)).toEqual([`line ${line}: ${reason}`]);
    expect(rows.map((r) => r.fields)).toEqual([['a', 'b'], ['4', '5']]);
  });

  it('without onBad, yields the rows before a bad one and then throws', async () => {
    const seen: string[][] = [];
    await expect(
      (async () => {
        for await (const r of readCsv(['a,b\n1,2\n3,4,5\n6,7\n'])) seen.push(r.fields);
      })(),
    ).rejects.toThrow('line 3: has 3 fields');
    expect(seen).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('quotes output fields only when needed or when they were quoted', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('kept', true)).toBe('"kept"');
  });
});
