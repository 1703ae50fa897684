// Property tests: the round trip is exact for any text, detected values never survive, and tokens are
// stable within a session and unlinkable across sessions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anonymise } from '../src/anonymise.js';
import { deanonymise, deanonymiseDetailed } from '../src/deanonymise.js';
import { pseudonymiseAll } from '../src/decide/plan.js';
import { generateKey } from '../src/vault/keys.js';
import { createMemoryVault } from '../src/vault/memory.js';
import { aadhaar, detectWithNames, NAMES } from './support/fixtures.js';

const vault = createMemoryVault({ key: generateKey() });
const base = { vault, detector: detectWithNames, policy: pseudonymiseAll };

// Values detect() finds, each in one surface form here (varied spellings of one value are the
// property of test/vault/exact-restore.test.ts: the exact text comes back through its spelling sheet,
// any other reply gets the first form the session saw).
const aadhaarArb = fc.tuple(fc.integer({ min: 2, max: 9 }), fc.stringMatching(/^\d{10}$/)).map(([a, b]) => {
  const n = aadhaar(`${a}${b}`);
  return `${n.slice(0, 4)} ${n.slice(4, 8)} ${n.slice(8)}`;
});
const phoneArb = fc.tuple(fc.integer({ min: 6, max: 9 }), fc.stringMatching(/^\d{9}$/)).map(([a, b]) => `+91 ${a}${b.slice(0, 4)} ${b.slice(4)}`);
const emailArb = fc.tuple(fc.stringMatching(/^[a-z]{3,8}$/), fc.integer({ min: 1, max: 999 })).map(([u, n]) => `${u}.${n}@example.com`);
const nameArb = fc.constantFrom(...NAMES);
const tokenish = fc.constantFrom('<PERSON_1>', 'PERSON_2', '[EMAIL_1]', '&lt;AADHAAR_1&gt;', '\\<PHONE_1\\>', '{person_1}', 'user_1', 'LITERAL_1', '<LITERAL_1>', 'PERSON\\_1', '_1>', '<');
// Arbitrary text, biased towards the characters tokens are made of.
const filler = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.stringMatching(/^[A-Za-z0-9_<>[\]{}&;#\\ .,'-]{0,12}$/),
  fc.constantFrom('', ' ', "'s", '.', ', ', '\n', 'आधार ', 'श्री '),
);
const piece = fc.oneof({ weight: 3, arbitrary: filler }, aadhaarArb, phoneArb, emailArb, nameArb, tokenish);
const textArb = fc.array(piece, { maxLength: 10 }).map((xs) => xs.join(' '));

describe('properties', () => {
  it('deanonymise(anonymise(t).text) === t for any text (tokens and deterministic modes)', async () => {
    await fc.assert(
      fc.asyncProperty(textArb, fc.constantFrom('token', 'deterministic') as fc.Arbitrary<'token' | 'deterministic'>, async (t, mode) => {
        const r = await anonymise(t, { ...base, mode });
        expect(await deanonymise(r.text, { session: r.session, vault })).toBe(t);
      }),
      { numRuns: 300, examples: [['श्री  PERSON\\_1', 'token'], ['<<PERSON_1>> \\<Ravi Kumar\\>', 'token']] },
    );
  });

  it('no detected value survives in the anonymised text', async () => {
    await fc.assert(
      fc.asyncProperty(textArb, async (t) => {
        const found = detectWithNames(t);
        const r = await anonymise(t, base);
        // The text outside detected spans, to tell a survivor from the same characters elsewhere.
        let outside = '';
        let pos = 0;
        for (const e of found) {
          outside += `${t.slice(pos, e.start)}\u0000`;
          pos = e.end;
        }
        outside += t.slice(pos);
        // Blank out the inserted tokens: a value may spell a type name ("PERSON" inside "<PERSON_1>").
        let masked = '';
        let at = 0;
        for (const e of r.entities) {
          masked += `${r.text.slice(at, e.outStart)}\u0000`;
          at = e.outEnd;
        }
        masked += r.text.slice(at);
        for (const e of found) {
          if (outside.includes(e.text)) continue;
          expect(masked).not.toContain(e.text);
        }
        expect(r.entities.filter((e) => e.action === 'pseudonymise').length).toBe(found.length);
      }),
      { numRuns: 200, examples: [['श्री  PERSON\\_1']] },
    );
  });

  it('tokens are stable within a session and unlinkable across sessions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.oneof(aadhaarArb, phoneArb, emailArb, nameArb), { minLength: 2, maxLength: 6 }), async (values) => {
        const text = values.join(' ; ');
        const a1 = await anonymise(text, base);
        const reversed = values.slice().reverse().join(' ; ');
        const a2 = await anonymise(reversed, { ...base, session: a1.session });
        // Same session: every value keeps its token, in any order and any later call. (Compared per
        // value: detection itself may depend on neighbouring words, which the reversal changes.)
        const tokenOf = new Map(a1.entities.map((e) => [text.slice(e.start, e.end), e.token]));
        for (const e of a2.entities) {
          const before = tokenOf.get(reversed.slice(e.start, e.end));
          if (before !== undefined) expect(e.token).toBe(before);
        }
        expect(new Set(a2.entities.map((e) => e.token)).size).toBe(new Set(a2.entities.map((e) => reversed.slice(e.start, e.end))).size);
        // Another session that saw other values first: A's tokens do not reveal A's values there.
        const b = await anonymise(`${NAMES[0]} ${values.length}`, base);
        const cross = await deanonymiseDetailed(a1.text, { session: b.session, vault });
        for (const v of tokenOf.keys()) if (v !== NAMES[0]) expect(cross.text).not.toContain(v);
        // Surrogates differ across sessions (numbers: the surrogate space makes a clash negligible).
        const digits = values.filter((v) => /^\+91|^\d/.test(v));
        if (digits.length) {
          const s1 = await anonymise(digits.join(' ; '), { ...base, mode: 'surrogate' });
          const s2 = await anonymise(digits.join(' ; '), { ...base, mode: 'surrogate' });
          if (s1.entities.some((e) => e.action === 'pseudonymise')) expect(s1.text).not.toBe(s2.text);
          expect(await deanonymise(s1.text, { session: s1.session, vault })).toBe(digits.join(' ; '));
        }
      }),
      { numRuns: 100, examples: [[['2000 0000 0009', 'ref.1@example.com', 'Ravi Kumar']]] },
    );
  });

  it('a reply rewritten the way models do (case, brackets, escaping, punctuation) restores every known token', async () => {
    const mutate = fc.constantFrom(
      (t: string) => t,
      (t: string) => t.toLowerCase(),
      (t: string) => `[${t.slice(1, -1)}]`,
      (t: string) => `{${t.slice(1, -1)}}`,
      (t: string) => t.slice(1, -1).toUpperCase(),
      (t: string) => `&lt;${t.slice(1, -1)}&gt;`,
      (t: string) => `\\<${t.slice(1, -1)}\\>`,
      (t: string) => t.slice(1, -1).toUpperCase().replace(/_/g, '\\_'),
      (t: string) => `${t}'s`,
      (t: string) => `${t}.`,
    );
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.oneof(aadhaarArb, phoneArb, emailArb, nameArb), { minLength: 1, maxLength: 5 }), fc.array(mutate, { minLength: 5, maxLength: 5 }), async (values, ms) => {
        const input = values.join(' and ');
        const r = await anonymise(input, base);
        const tokens = r.entities.map((e) => e.token!);
        // Only what was detected became a token (a detector may reject a shape, e.g. "+91 71002 00000").
        const detected = r.entities.map((e) => input.slice(e.start, e.end));
        const reply = tokens.map((t, i) => `see ${ms[i % ms.length]!(t)} now`).reverse().join(' ');
        const d = await deanonymiseDetailed(reply, { session: r.session, vault });
        expect(d.unknown).toEqual([]);
        for (const v of detected) expect(d.text).toContain(v);
        for (const t of tokens) expect(d.text.toUpperCase()).not.toContain(t.slice(1, -1).toUpperCase());
      }),
      { numRuns: 150, examples: [[['ref.1@example.com', '+91 71002 00000'], [(t: string) => t, (t: string) => t, (t: string) => t, (t: string) => t, (t: string) => t]]] },
    );
  });
});
