// Detect results cross the worker boundary packed (src/batch/packed.ts). What the caller gets back
// must be exactly what detect() gave in the worker: same spans, same values, same key order (the
// CLI writes them as JSON), across a structured clone.
import { describe, expect, it } from 'vitest';
import { planText, type PlannedText } from '../../src/anonymise.js';
import { packPlans, packSpans, unpackPlans, unpackSpans, type PackedPlans, type PackedSpans } from '../../src/batch/packed.js';
import { detectWithPrefix } from '../support/fixtures.js';
import { scrubPolicy } from '../../src/cli/pipeline.js';
import { createPool, detect } from '../../src/index.js';
import { generateKey } from '../../src/vault/keys.js';

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

  it('send results as they are rather than name more than 65,534 things (the last 16-bit index stands for none)', () => {
    const spans = (names: number) => [Array.from({ length: names - 1 }, (_, i) => ({ type: 'X', start: 0, end: 1, text: 'a', score: 0.5, detector: `d${i}` }))];
    const fits = spans(65_534);
    const packed = packSpans(fits) as PackedSpans;
    expect(packed.names.length).toBe(65_534);
    expect(unpackSpans(['a'], packed)).toEqual(fits);
    const over = spans(65_535);
    expect(packSpans(over)).toBe(over);
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

describe('packPlans / unpackPlans', () => {
  // What a plan keeps when it travels: every field of a replacement, its entity cut to score and
  // detector; every field of a kept span. No detected text.
  const slim = (p: ReturnType<typeof planText>) => ({
    reps: p.reps.map((r) => ({ ...r, entity: r.entity ? { score: r.entity.score, detector: r.entity.detector } : undefined })),
    kept: p.kept.map((k) => ({ type: k.type, start: k.start, end: k.end, score: k.score, detector: k.detector })),
  });
  const key = generateKey();
  const texts = [...TEXTS, 'already scrubbed: <PERSON_1> called from <PHONE_2>', 'Age 42, Bangalore; Rs 45,000 paid on 12/03/2024'];

  for (const preset of ['llm', 'strict'] as const) {
    for (const mode of ['token', 'deterministic', 'surrogate'] as const) {
      it(`give back the plans, field for field and in order (${preset}, ${mode})`, () => {
        const { policy } = scrubPolicy(preset, Buffer.from(key, 'base64'));
        const plans = texts.map((t) => planText(t, detect(t), policy, 's', mode));
        const want = plans.map(slim);
        expect(want.flatMap((p) => p.reps).length).toBeGreaterThan(10);
        const back = unpackPlans(texts.length, structuredClone(packPlans(plans)));
        // JSON drops undefined fields: compare key lists too.
        expect(json(back)).toBe(json(want));
        expect(back.flatMap((p) => p.reps.map((r) => Object.keys(r).join()))).toEqual(want.flatMap((p) => p.reps.map((r) => Object.keys(r).join())));
        expect(back).toEqual(want);
      });
    }
  }

  it('carry replacement texts other than tokens, undefined modes and replacements with no entity', () => {
    const { policy } = scrubPolicy('dataset', Buffer.from(key, 'base64'));
    const plans = texts.map((t) => planText(t, detect(t), policy, 's', 'token'));
    const packed = packPlans(plans) as PackedPlans;
    expect(packed.texts).toEqual(expect.arrayContaining(['40-49', 'South Zone']));
    const back = unpackPlans(texts.length, structuredClone(packed));
    expect(back).toEqual(plans.map(slim));
    const reps = back.flatMap((p) => p.reps);
    expect(reps.find((r) => r.text === '40-49')).toMatchObject({ type: 'AGE', action: 'replace', mode: undefined });
    expect(reps.find((r) => r.action === 'escape')).toMatchObject({ entity: undefined, mode: 'token', expectToken: true });
  });

  it('send plans naming more than 65,534 things unpacked, with the same fields and no detected text', () => {
    const { policy } = scrubPolicy('llm', Buffer.from(key, 'base64'));
    const plan = planText(texts[0]!, detect(texts[0]!), policy, 's', 'token');
    const rep = plan.reps.find((r) => r.entity !== undefined)!;
    expect(rep.entity).toHaveProperty('text');
    // One plan whose replacements name 65,535 types: past what 16-bit indices can hold.
    const many = { reps: Array.from({ length: 65_535 }, (_, i) => ({ ...rep, type: `T${i}` })), kept: plan.kept };
    const out = packPlans([plan, many]);
    expect(Array.isArray(out)).toBe(true);
    const want = [plan, many].map(slim);
    expect(json(out)).toBe(json(want));
    expect((out as PlannedText[]).flatMap((p) => p.reps.map((r) => Object.keys(r).join()))).toEqual(want.flatMap((p) => p.reps.map((r) => Object.keys(r).join())));
    expect(unpackPlans(2, structuredClone(out))).toEqual(want);
  });

  it('refuse a pack that does not fit its task, with an internal error', () => {
    const { policy } = scrubPolicy('llm', Buffer.from(key, 'base64'));
    const packed = packPlans(texts.map((t) => planText(t, detect(t), policy, 's', 'token'))) as PackedPlans;
    expect(() => unpackPlans(texts.length - 1, packed)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    const bump = (a: Int32Array, d: number) => a.map((c, i) => (i === 0 ? c + d : c));
    expect(() => unpackPlans(texts.length, { ...packed, repCounts: bump(packed.repCounts, 1) })).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    expect(() => unpackPlans(texts.length, { ...packed, keptCounts: bump(packed.keptCounts, -1) })).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});
