// Detect results cross the worker boundary packed (src/batch/packed.ts). What the caller gets back
// must be exactly what detect() gave in the worker: same spans, same values, same key order (the
// CLI writes them as JSON), across a structured clone.
import { describe, expect, it } from 'vitest';
import { packSpans, unpackSpans, type PackedSpans } from '../../src/batch/packed.js';
import { detectWithPrefix } from '../../src/batch/tasks.js';
import { createPool, detect } from '../../src/index.js';

const TEXTS = [
  'Patient Priya Sharma, age 42, Bengaluru; phone +91 98765 43210, e-mail priya.s@example.com, PAN ABCDE1234F.',
  '',
  'nothing to see here',
  'रोगी राम कुमार, उम्र ४२ वर्ष, पता: पुणे ४११००१ — Aadhaar 2345 6789 0124 😀 and mail r7@example.in',
  'name,phone,city\nVikram Singh,9876543210,Delhi\nS. K. Gupta,022-2345 6789,Chennai',
  '😀😀 Card 4111 1111 1111 1111 IFSC SBIN0001234 upi anita@okicici',
];

const json = (x: unknown): string => JSON.stringify(x);

describe('packSpans / unpackSpans', () => {
  it('give back what detect() gave, key order included, across a structured clone', () => {
    const results = TEXTS.map((t) => detect(t));
    expect(results.flat().length).toBeGreaterThan(10);
    const packed = packSpans(results);
    expect(Array.isArray(packed)).toBe(false);
    const back = unpackSpans(TEXTS, structuredClone(packed));
    expect(json(back)).toBe(json(results));
    // Names are sent once: one table for every type and detector of the task.
    const names = (packed as PackedSpans).names;
    expect(new Set(names).size).toBe(names.length);
  });

  it('keep offsets relative to each text when a prefix gave the context', () => {
    const prefixes = [undefined, 'pan: ', 'aadhaar: ', undefined, 'phone: ', 'upi: '];
    const results = TEXTS.map((t, i) => detectWithPrefix(t, prefixes[i], undefined));
    expect(json(unpackSpans(TEXTS, structuredClone(packSpans(results))))).toBe(json(results));
  });

  it('send results with explanations as they are', () => {
    const results = TEXTS.map((t) => detect(t, { explain: true }));
    expect(packSpans(results)).toBe(results);
    expect(unpackSpans(TEXTS, results)).toBe(results);
  });

  it('refuse a pack that does not fit its task, with an internal error', () => {
    const packed = packSpans(TEXTS.map((t) => detect(t))) as PackedSpans;
    expect(() => unpackSpans(TEXTS.slice(1), packed)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    const longer = { ...packed, counts: packed.counts.map((c, i) => (i === 0 ? c + 1 : c)) };
    expect(() => unpackSpans(TEXTS, longer)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    const shorter = { ...packed, counts: packed.counts.map((c, i) => (i === 0 ? c - 1 : c)) };
    expect(() => unpackSpans(TEXTS, shorter)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });

  it('are what a pool hands back for detect tasks (in-process pool, prefixed task)', async () => {
    const pool = createPool({ threads: 0, chunkRecords: 4 });
    const prefixes = TEXTS.map((_, i) => (i % 2 ? 'phone: ' : undefined));
    const got: string[] = [];
    for await (const c of pool.chunks<number, ReturnType<typeof detect>[]>(TEXTS.keys(), (idx) => ({
      op: 'detect', texts: idx.map((i) => TEXTS[i]!), prefixes: idx.map((i) => prefixes[i]),
    }))) got.push(...c.results.map(json));
    await pool.close();
    expect(got).toEqual(TEXTS.map((t, i) => json(detectWithPrefix(t, prefixes[i], undefined))));
  });
});
