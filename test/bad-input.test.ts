// The engine against hostile or unusual input: wrong types, empty text, broken UTF-16, control
// characters, astral symbols, mixed scripts, and a large input whose entity count must scale linearly.
import { describe, expect, it } from 'vitest';
import { detect } from '../src/index.js';
import type { Entity } from '../src/index.js';

const SECRET = '9876543210';

/** detect() and check that every span's offsets slice out its text. */
function spans(text: string): Entity[] {
  const found = detect(text);
  for (const e of found) expect(text.slice(e.start, e.end)).toBe(e.text);
  return found;
}

/** [type, text] pairs of the given types only (lexicon detectors such as CITY may add their own spans). */
function pairs(found: readonly Entity[], types: readonly string[]): Array<[string, string]> {
  return found.filter((e) => types.includes(String(e.type))).map((e) => [String(e.type), e.text]);
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('detect: non-string input', () => {
  it.each([
    ['number', 9876543210, 'number'],
    ['bigint', 9876543210n, 'bigint'],
    ['boolean', true, 'boolean'],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['plain object', { phone: SECRET }, 'object'],
    ['array', [SECRET], 'array'],
    ['Buffer', Buffer.from(`mobile ${SECRET}`), 'Buffer'],
    ['String object', new String(`mobile ${SECRET}`), 'String'],
    ['null-prototype object', Object.assign(Object.create(null) as object, { phone: SECRET }), 'object'],
    ['function', () => SECRET, 'function'],
    ['symbol', Symbol(SECRET), 'symbol'],
  ])('%s → TypeError naming the type, never the value', (_label, value, typeName) => {
    const err = thrown(() => detect(value as unknown as string));
    expect(err).toBeInstanceOf(TypeError);
    const message = (err as TypeError).message;
    expect(message).toContain(typeName);
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain('mobile');
  });

  // typeName never reads own properties: a JSON field called "constructor" is data.
  it('a record whose "constructor" field holds data does not leak it into the message', () => {
    const record = JSON.parse(`{"constructor": {"name": "${SECRET}"}}`) as unknown;
    const err = thrown(() => detect(record as string));
    expect(err).toBeInstanceOf(TypeError);
    expect((err as TypeError).message).not.toContain(SECRET);
  });

  // A Proxy whose traps throw still gives the TypeError, not the trap's error.
  it('a Proxy with throwing traps still gives a TypeError', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error(`trap ${SECRET}`); } });
    const err = thrown(() => detect(hostile as unknown as string));
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).not.toContain(SECRET);
  });
});

describe('detect: unusual strings', () => {
  it('returns [] for the empty string, whitespace and text without entities', () => {
    expect(detect('')).toEqual([]);
    expect(detect(' \n\t ')).toEqual([]);
    expect(detect('nothing to see here')).toEqual([]);
  });

  it('keeps UTF-16 offsets right after astral emoji (offsets are code units, not code points)', () => {
    const text = '😀👍🏽 Aadhaar 2345 6789 0124, 📞 +91 98765 43210 ✉️ ravi@example.com 🇮🇳';
    const found = spans(text).filter((e) => ['AADHAAR', 'PHONE', 'EMAIL'].includes(String(e.type)));
    expect(found.map((e) => [e.type, e.text])).toEqual([
      ['AADHAAR', '2345 6789 0124'],
      ['PHONE', '+91 98765 43210'],
      ['EMAIL', 'ravi@example.com'],
    ]);
    const aadhaar = found[0]!;
    expect(aadhaar.start).toBe(text.indexOf('2345'));
    // 😀 and 👍 and 🏽 are astral: 3 code points but 6 code units before the space.
    expect(aadhaar.start).toBe([...text.slice(0, aadhaar.start)].length + 3);
    expect(found[1]!.start).toBe(text.indexOf('+91'));
  });

  it('survives lone surrogates right next to entities', () => {
    for (const s of ['\uD800', '\uDC00', '\uDBFF\uDBFF', '\uDFFF\uD800']) {
      const text = `${s}9876543210${s} Aadhaar${s}234567890124${s} ${s}ravi@example.com${s}`;
      const found = spans(text);
      expect(pairs(found, ['PHONE', 'AADHAAR', 'EMAIL']).map(([t]) => t)).toEqual(['PHONE', 'AADHAAR', 'EMAIL']);
      expect(found.find((e) => e.type === 'PHONE')!.start).toBe(s.length);
    }
  });

  it('survives NUL and other control characters', () => {
    const text = '\u0000phone\u00009876543210\u0000 \u0007\u001b[0m ip\u0000203.0.113.45\u0000\r\n\u000b\u000c';
    expect(pairs(spans(text), ['PHONE', 'IP_ADDRESS'])).toEqual([
      ['PHONE', '9876543210'],
      ['IP_ADDRESS', '203.0.113.45'],
    ]);
  });

  it('survives zero-width and bidi characters, and a BOM', () => {
    const text = '\uFEFFmobile\u200B9876543210\u200D \u202Eravi@example.com\u202C \u2066Bangalore 560001\u2069';
    expect(pairs(spans(text), ['PHONE', 'EMAIL', 'PIN_CODE'])).toEqual([
      ['PHONE', '9876543210'],
      ['EMAIL', 'ravi@example.com'],
      ['PIN_CODE', '560001'],
    ]);
  });

  it('handles mixed scripts around entities', () => {
    const text =
      'முகவரி: Chennai 600001. 电话 +91 98765 43210。البريد ravi@example.com، ' +
      'फोन९८७६५४३२१० মোবাইল 9123456780 ❤ ABHA ravi.kumar@abdm';
    const found = spans(text);
    expect(pairs(found, ['PIN_CODE', 'PHONE', 'EMAIL', 'ABHA'])).toEqual([
      ['PIN_CODE', '600001'],
      ['PHONE', '+91 98765 43210'],
      ['EMAIL', 'ravi@example.com'],
      ['PHONE', '९८७६५४३२१०'],
      ['PHONE', '9123456780'],
      ['ABHA', 'ravi.kumar@abdm'],
    ]);
  });

  it('does not throw on random UTF-16 garbage and keeps every span inside the text', () => {
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let round = 0; round < 50; round++) {
      let text = '';
      for (let i = 0; i < 400; i++) {
        const r = next() % 10;
        text += r < 3 ? String(next() % 10) : r < 5 ? String.fromCharCode(next() % 0x10000) : r < 7 ? ' +-.@:()'[next() % 8] : 'aZ9'[next() % 3];
      }
      for (const e of spans(text)) {
        expect(e.start).toBeGreaterThanOrEqual(0);
        expect(e.end).toBeLessThanOrEqual(text.length);
        expect(e.end).toBeGreaterThan(e.start);
      }
    }
  });
});

describe('detect: large input', () => {
  const chunk = [
    'Ravi Kumar, mobile +91 98765 43210, mail ravi.kumar@example.com, Aadhaar 2345 6789 0124.',
    'Ship to 12 MG Road, Bangalore 560001; landline (080) 2345 6789; car KA-01-MJ-2345.',
    'Login from 203.0.113.45 and 2001:db8::1, ABHA ravi.kumar@abdm 😀, IFSC SBIN0001234.',
    'मेरा फोन 9123456780 है, पासपोर्ट J8369854, voter id ABC1234567, DL MH12 20110012345.',
    'Order 55512 of Rs 1200 dispatched on 2024-01-15 10:30:45, version 1.2.3.4, OTP 482913.',
  ].join('\n') + '\n\n';

  function counts(found: readonly Entity[]): Map<string, number> {
    const m = new Map<string, number>();
    for (const e of found) m.set(String(e.type), (m.get(String(e.type)) ?? 0) + 1);
    return m;
  }

  // Entity-dense text is the slow case (every line holds a dozen values), so linearity is shown from
  // 100 KB to 1 MB here; 10 MB of hostile text goes through detect in test/recheck.test.ts.
  it(
    'handles 1 MB of entity-dense text, and 10x the input gives exactly 10x the entities (linear, no time asserted)',
    () => {
      const one = counts(detect(chunk));
      expect(one.size).toBeGreaterThanOrEqual(10); // the chunk exercises many detectors
      const reps = Math.ceil(100_000 / chunk.length);
      const small = chunk.repeat(reps);
      const large = chunk.repeat(reps * 10);
      expect(large.length).toBeGreaterThanOrEqual(1_000_000);
      const smallCounts = counts(detect(small));
      const largeFound = detect(large);
      const largeCounts = counts(largeFound);
      for (const [type, n] of one) {
        expect(smallCounts.get(type), type).toBe(n * reps);
        expect(largeCounts.get(type), type).toBe(n * reps * 10);
      }
      expect([...largeCounts.keys()].sort()).toEqual([...one.keys()].sort());
      // offsets are still right at the far end of the input
      const last = largeFound[largeFound.length - 1]!;
      expect(large.slice(last.start, last.end)).toBe(last.text);
    },
    300_000,
  );
});
