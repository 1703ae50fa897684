// Record-aligned chunking for the distributed scrub (pure: no Redis, no build).
import { describe, expect, it } from 'vitest';
import { splitInput, type InputChunk, type SplitFormat } from '../../src/cli/queue/split.js';

async function split(input: string, format: SplitFormat, target: number, pieceSize = 7): Promise<{ chunks: InputChunk[]; header?: string }> {
  const bytes = Buffer.from(input);
  // Feed the input in small pieces so boundaries fall across reads.
  const source = (async function* () {
    for (let i = 0; i < bytes.length; i += pieceSize) yield bytes.subarray(i, i + pieceSize);
  })();
  let header: string | undefined;
  const chunks: InputChunk[] = [];
  for await (const c of splitInput(source, format, target, (h) => (header = h.toString()))) chunks.push(c);
  return { chunks, ...(header !== undefined ? { header } : {}) };
}

const text = (cs: InputChunk[]): string[] => cs.map((c) => c.bytes.toString());

describe('splitInput', () => {
  it('JSONL: chunks end on line ends, concatenate to the input, and know their first line', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ id: i, text: 'x'.repeat(i % 7) }));
    const input = `${lines.join('\n')}\n`;
    const { chunks } = await split(input, 'jsonl', 64);
    expect(chunks.length).toBeGreaterThan(5);
    expect(text(chunks).join('')).toBe(input);
    for (const [i, c] of chunks.entries()) {
      expect(c.index).toBe(i);
      expect(c.bytes.toString().endsWith('\n')).toBe(true);
      expect(c.bytes.length).toBeGreaterThanOrEqual(i < chunks.length - 1 ? 64 : 1);
      // firstLine is the 1-based line number of the chunk's first record.
      const first = JSON.parse(c.bytes.toString().split('\n')[0]!) as { id: number };
      expect(c.firstLine).toBe(first.id + 1);
    }
  });

  it('JSONL: a last line without a newline stays whole', async () => {
    const input = '{"a":1}\n{"a":2}\n{"a":3}';
    const { chunks } = await split(input, 'jsonl', 8, 3);
    expect(text(chunks)).toEqual(['{"a":1}\n', '{"a":2}\n', '{"a":3}']);
    expect(chunks.map((c) => c.firstLine)).toEqual([1, 2, 3]);
  });

  it('CSV: never splits inside a quoted field (newlines, doubled quotes) and reports the header', async () => {
    const rows = ['name,note\r\n'];
    for (let i = 0; i < 30; i++) rows.push(i % 3 === 0 ? `r${i},"line one\r\nline ""two""\nthree"\r\n` : `r${i},plain ${i}\r\n`);
    const input = rows.join('');
    const { chunks, header } = await split(input, 'csv', 40, 5);
    expect(header).toBe('name,note\r\n');
    expect(text(chunks).join('')).toBe(input);
    expect(chunks.length).toBeGreaterThan(4);
    for (const c of chunks.slice(1)) expect(c.bytes.toString()).toMatch(/^r\d+,/); // starts at a record
    // Line numbers count every physical line, including those inside quoted fields.
    for (const c of chunks) {
      const before = input.slice(0, input.indexOf(c.bytes.toString()));
      expect(c.firstLine).toBe(before.split('\n').length);
    }
  });

  it('CSV: the carried header has no byte-order mark; blank lines before it stay in chunk 0', async () => {
    const input = '\uFEFF\n\nid,phone\n1,98765 43210\n2,98765 43211\n';
    const { chunks, header } = await split(input, 'csv', 1024);
    expect(header).toBe('id,phone\n');
    expect(text(chunks)).toEqual([input]);
  });

  it('text: chunks end after an empty line (a paragraph end), \\n or \\r\\n', async () => {
    const paras = Array.from({ length: 12 }, (_, i) => `Para ${i} line a\nline b of ${i}\n`);
    const input = paras.join('\n').replace(/\n/g, (m, at: number) => (at % 3 === 0 ? '\r\n' : m));
    const { chunks } = await split(input, 'text', 30, 4);
    expect(text(chunks).join('')).toBe(input);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks.slice(0, -1)) expect(c.bytes.toString()).toMatch(/\n\r?\n$/);
  });

  it('text: a paragraph far longer than the target is cut at a line end', async () => {
    const input = Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const { chunks } = await split(input, 'text', 50, 16);
    expect(text(chunks).join('')).toBe(input);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) {
      expect(c.bytes.toString().endsWith('\n')).toBe(true);
      expect(c.bytes.length).toBeLessThanOrEqual(4 * 50 + 16);
    }
  });

  it('an empty input gives no chunk', async () => {
    expect((await split('', 'jsonl', 10)).chunks).toEqual([]);
  });
});
