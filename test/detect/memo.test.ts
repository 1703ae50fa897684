// The engine's detection memo (src/resolve/memo.ts): answers exactly as detection would, keeps no
// text, and is keyed by everything an answer depends on (text, options, detectors, date).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { KavachError } from '../../src/errors.js';
import { DetectorRegistry } from '../../src/detect/registry.js';
import { detectWith } from '../../src/resolve/detect.js';
import { DetectMemo, MEMO_ENTRIES, MEMO_MIN_TEXT } from '../../src/resolve/memo.js';
import type { DetectOptions, Entity } from '../../src/types.js';

const root = join(import.meta.dirname, '..', '..');
const read = (f: string): string[] =>
  readFileSync(join(root, f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { text: string }).text);
const records = [...read('corpus/corpus.jsonl'), ...read('corpus/tricky.jsonl'), ...read('corpus/independent.jsonl')];
const long = records.filter((t) => t.length >= MEMO_MIN_TEXT);

const TEXT = 'Patient Ravi Kumar, Aadhaar 2345 6789 0124, phone 9876543210, born 12/03/1985 in Pune, has diabetes.';

/** A memo over a fresh registry, counting the detections it asks for. */
function counted(capacity = 16) {
  const registry = new DetectorRegistry();
  const memo = new DetectMemo(capacity, () => registry.version);
  const calls = { n: 0 };
  const direct = (text: string, o?: DetectOptions): Entity[] => {
    calls.n++;
    return detectWith(registry, text, o);
  };
  return { registry, memo, calls, detect: (text: string, o?: DetectOptions) => memo.detect(text, o, direct) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the detection memo', () => {
  it('answers every corpus record as detection does, the second time from the memo', () => {
    const m = counted(2 * long.length + 2); // at least half the capacity is kept
    const registry = new DetectorRegistry();
    for (const t of long) expect(m.detect(t)).toEqual(detectWith(registry, t));
    expect(m.calls.n).toBe(new Set(long).size);
    for (const t of long) expect(m.detect(t)).toEqual(detectWith(registry, t));
    expect(m.calls.n).toBe(new Set(long).size);
  });

  it('keys answers by the detect options, and leaves explanations to detection', () => {
    const m = counted();
    const all = m.detect(TEXT);
    const ids = m.detect(TEXT, { entities: ['AADHAAR', 'PHONE'] });
    expect(ids.map((e) => e.type)).toEqual(['AADHAAR', 'PHONE']);
    expect(m.detect(TEXT, { entities: ['PERSON'] }).map((e) => e.type)).toEqual(['PERSON']);
    expect(m.detect(TEXT, { minScore: 0.99 }).length).toBeLessThan(all.length);
    m.detect(TEXT, { nameGating: false });
    expect(m.calls.n).toBe(5);
    expect(m.detect(TEXT, { entities: ['AADHAAR', 'PHONE'] })).toEqual(ids);
    expect(m.detect(TEXT)).toEqual(all);
    expect(m.calls.n).toBe(5);
    // explain: every call detects, and the explanation is there
    const explained = m.detect(TEXT, { explain: true });
    m.detect(TEXT, { explain: true });
    expect(m.calls.n).toBe(7);
    expect(explained.every((e) => e.explanation !== undefined)).toBe(true);
  });

  it('forgets its answers when a detector is registered or removed', () => {
    const text = `Staff record EMP-QWERTY of the Pune office, reached at 9876543210 on weekdays.`;
    const engine = createEngine({ detectMemo: 64 });
    expect(engine.detect(text).map((e) => e.type)).not.toContain('EMPLOYEE_ID');
    const find = (t: string) => [...t.matchAll(/EMP-[A-Z]{6}/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, score: 0.9, pattern: 'emp' }));
    engine.registerDetector({ id: 'employee-id', type: 'EMPLOYEE_ID', find });
    expect(engine.detect(text).map((e) => e.type)).toContain('EMPLOYEE_ID');
    engine.unregisterDetector('employee-id');
    expect(engine.detect(text).map((e) => e.type)).not.toContain('EMPLOYEE_ID');
  });

  it('keys answers by the date: a date of birth that is today is in the future a day earlier', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2026, 11, 20, 12));
    const m = counted();
    const text = `Date of birth: 21/12/2026 as written on the admission form for the new patient.`;
    expect(m.detect(text).map((e) => e.type)).not.toContain('DATE_OF_BIRTH');
    expect(m.detect(text).map((e) => e.type)).not.toContain('DATE_OF_BIRTH');
    expect(m.calls.n).toBe(1);
    vi.setSystemTime(Date.UTC(2026, 11, 21, 12));
    expect(m.detect(text).map((e) => e.type)).toContain('DATE_OF_BIRTH');
    expect(m.calls.n).toBe(2);
  });

  it('keeps no text: only digests, offsets, types, scores and detector ids', () => {
    const m = counted(2 * long.length + 2);
    const values = new Set<string>();
    for (const t of long) for (const e of m.detect(t)) values.add(e.text);
    const stored = JSON.stringify(m.memo.stored());
    const leaked = [...values].filter((v) => v.length >= 4 && stored.includes(v));
    expect(leaked).toEqual([]);
    expect(m.memo.size).toBe(new Set(long).size);
  });

  it('returns fresh entities: a caller changing them changes no later answer', () => {
    const m = counted();
    const first = m.detect(TEXT);
    const copy = structuredClone(first);
    const hit = m.detect(TEXT);
    hit[0]!.text = 'changed';
    hit[0]!.start = -1;
    hit.pop();
    expect(m.detect(TEXT)).toEqual(copy);
  });

  it('keeps between half its capacity and all of it, dropping the least recently used first', () => {
    const m = counted(4); // two generations of two
    const [a, b, c, d] = long;
    m.detect(a!);
    m.detect(b!); // a, b fill a generation: it becomes the old one
    m.detect(c!);
    m.detect(a!); // a, used again, joins c: that generation is now the old one, and b's is dropped
    expect(m.calls.n).toBe(3);
    m.detect(a!); // from the old generation into the new one
    m.detect(d!); // a, d: c's generation is dropped
    expect(m.calls.n).toBe(4);
    m.detect(a!);
    m.detect(d!);
    expect(m.calls.n).toBe(4);
    m.detect(c!);
    m.detect(b!);
    expect(m.calls.n).toBe(6);
    expect(m.memo.size).toBeGreaterThanOrEqual(2);
    expect(m.memo.size).toBeLessThanOrEqual(4);
  });

  it('leaves short texts and odd input to detection: the same errors, the same answers', () => {
    const m = counted();
    const short = 'Aadhaar 2345 6789 0124';
    expect(short.length).toBeLessThan(MEMO_MIN_TEXT);
    m.detect(short);
    m.detect(short);
    expect(m.calls.n).toBe(2);
    const engine = createEngine({ detectMemo: 64 });
    const plain = createEngine({ detectMemo: 0 });
    const bad: Array<[unknown, unknown]> = [[42, undefined], [TEXT, { minScore: 5 }], [TEXT, { entities: 'PAN' }], [TEXT, { minScore: '0.5' }], [TEXT, 'PAN']];
    let errors = 0;
    for (const [text, options] of bad) {
      const outcome = (e: typeof engine): unknown => {
        try {
          return e.detect(text as never, options as never);
        } catch (err) {
          return err;
        }
      };
      for (let round = 0; round < 2; round++) {
        const got = outcome(engine);
        const want = outcome(plain);
        expect(got).toEqual(want);
        if (want instanceof Error) {
          errors++;
          expect((got as Error).constructor).toBe(want.constructor);
        }
      }
    }
    expect(errors).toBe(8);
  });

  it('is an engine option, off unless asked: 0 for none, else a whole number of texts from 2', () => {
    for (const bad of [-1, 1, 1.5, Number.NaN, '10']) expect(() => createEngine({ detectMemo: bad as never })).toThrow(KavachError);
    expect(() => new DetectMemo(1, () => 0)).toThrow(RangeError);
    expect(MEMO_ENTRIES).toBe(0);
  });
});

describe('a conversation resent on every turn', () => {
  const turns = long.slice(0, 8);

  async function converse(detectMemo: number): Promise<{ outs: string[]; detections: number }> {
    const engine = createEngine({ detectMemo });
    // A detector that counts how many texts detection reads (it finds nothing).
    let detections = 0;
    engine.registerDetector({
      id: 'counter',
      type: 'COUNTER',
      find: () => {
        detections++;
        return [];
      },
    });
    const outs: string[] = [];
    for (let t = 1; t <= turns.length; t++) {
      for (const msg of turns.slice(0, t)) outs.push((await engine.anonymise(msg, { session: 'chat-1' })).text);
    }
    const restored = await Promise.all(outs.slice(-turns.length).map((o) => engine.deanonymise(o, { session: 'chat-1' })));
    expect(restored).toEqual(turns);
    await engine.close();
    return { outs, detections };
  }

  it('gives the same output with and without the memo, detecting each message once', async () => {
    const off = await converse(0);
    const on = await converse(1024);
    expect(on.outs).toEqual(off.outs);
    expect(off.detections).toBe((turns.length * (turns.length + 1)) / 2);
    expect(on.detections).toBe(new Set(turns).size);
  });
});
