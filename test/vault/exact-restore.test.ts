// Issue 14, item 9: deanonymise(anonymise(x).text) === x even when one value appears in several
// spellings (one token per identity, the spellings kept in an encrypted sheet per anonymised text).
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { anonymise } from '../../src/anonymise.js';
import { deanonymise } from '../../src/deanonymise.js';
import { pseudonymiseAll } from '../../src/decide/plan.js';
import type { Entity } from '../../src/types.js';
import { generateKey } from '../../src/vault/keys.js';
import { createMemoryVault } from '../../src/vault/memory.js';
import { normaliseValue } from '../../src/detect/normalise.js';
import { FakeClock, makeHarness, skipRedisStoreWithoutRedis, STORES, type Harness } from '../support/stores.js';

const DEVA = '०१२३४५६७८९';
const devaDigits = (s: string): string => s.replace(/\d/g, (d) => DEVA[Number(d)]!);

/** One value in several spellings that the vault normalises to the same thing. */
const personArb = fc.tuple(fc.constantFrom('Kaizad', 'Ravi', 'Anita', 'Priya', 'Sunil'), fc.constantFrom('Dastur', 'Kumar', 'Desai', 'Menon'))
  .map(([f, l]) => ({ type: 'PERSON', forms: [`${f} ${l}`, `${f} ${l}`.toUpperCase(), `${f} ${l}`.toLowerCase(), `${f}  ${l}`] }));
const phoneArb = fc.tuple(fc.integer({ min: 6, max: 9 }), fc.stringMatching(/^\d{9}$/)).map(([a, b]) => {
  const n = `${a}${b}`;
  return { type: 'PHONE', forms: [`+91 ${n.slice(0, 5)} ${n.slice(5)}`, n, `0${n}`, `0091-${n.slice(0, 5)}-${n.slice(5)}`, `+91${n}`] };
});
const aadhaarArb = fc.stringMatching(/^[2-9]\d{11}$/).map((n) => ({
  type: 'AADHAAR', forms: [`${n.slice(0, 4)} ${n.slice(4, 8)} ${n.slice(8)}`, n, `${n.slice(0, 4)}-${n.slice(4, 8)}-${n.slice(8)}`, devaDigits(n)],
}));
const emailArb = fc.stringMatching(/^[a-z]{3,8}$/).map((u) => ({ type: 'EMAIL', forms: [`${u}@example.com`, `${u.toUpperCase()}@Example.COM`] }));
const valueArb = fc.oneof(personArb, phoneArb, aadhaarArb, emailArb);
const fillerArb = fc.oneof(fc.constantFrom('called', 'wrote from', 'and', 'again:', 'आधार', '—', '\n'), fc.stringMatching(/^[a-z ,.]{0,10}$/));

/** A text that mentions a few values, each several times in random spellings, and its spans. */
const docArb = fc.array(valueArb, { minLength: 1, maxLength: 3 }).chain((values) =>
  fc.array(fc.tuple(fillerArb, fc.nat({ max: values.length - 1 }), fc.nat({ max: 4 })), { minLength: 2, maxLength: 8 }).map((parts) => {
    let text = '';
    const spans: Entity[] = [];
    for (const [filler, v, f] of parts) {
      text += `${filler} `;
      const value = values[v]!;
      const form = value.forms[f % value.forms.length]!;
      spans.push({ type: value.type, start: text.length, end: text.length + form.length, text: form, score: 1, detector: 'test' });
      text += `${form} `;
    }
    return { text, spans };
  }),
);

const everything = pseudonymiseAll;

describe('exact restore: property', () => {
  const vault = createMemoryVault({ key: generateKey() });

  it('deanonymise(anonymise(x).text) === x with repeated values in varied spellings, in every mode, across calls of a session', async () => {
    await fc.assert(
      fc.asyncProperty(docArb, docArb, fc.constantFrom('token', 'deterministic', 'surrogate') as fc.Arbitrary<'token' | 'deterministic' | 'surrogate'>, async (a, b, mode) => {
        const ra = await anonymise(a.text, { vault, mode, policy: everything, detector: () => a.spans });
        // A second text in the same session: its spellings may differ from the ones the session saw first.
        const rb = await anonymise(b.text, { vault, mode, policy: everything, session: ra.session, detector: () => b.spans });
        expect(await deanonymise(ra.text, { vault, session: ra.session })).toBe(a.text);
        expect(await deanonymise(rb.text, { vault, session: ra.session })).toBe(b.text);
        // One token per identity: every spelling of a value got the same token.
        const tokens = new Set(ra.entities.filter((e) => e.action === 'pseudonymise').map((e) => e.token));
        const identities = new Set(a.spans.map((s) => `${s.type}\u0000${normaliseValue(String(s.type), s.text)}`));
        expect(tokens.size).toBe(identities.size);
      }),
      { numRuns: 150 },
    );
  });

  it('the reported cases, with the real detector', async () => {
    for (const x of ['KAIZAD DASTUR called on +91 92346 18849. Later Kaizad Dastur wrote from 9234618849.', 'Aadhaar 2345 6789 0124, i.e. 234567890124']) {
      const r = await anonymise(x, { vault });
      expect(await deanonymise(r.text, { vault, session: r.session })).toBe(x);
    }
  });

  it('a reply that is not the anonymised text falls back to the canonical spelling', async () => {
    const x = 'Call +91 92346 18849 or 9234618849';
    const r = await anonymise(x, { vault });
    expect(r.text).toBe('Call <PHONE_1> or <PHONE_1>');
    expect(await deanonymise('Sure, I will call <PHONE_1>.', { vault, session: r.session })).toBe('Sure, I will call +91 92346 18849.');
    expect(await deanonymise(`${r.text} `, { vault, session: r.session })).toBe('Call +91 92346 18849 or +91 92346 18849 ');
    // encode applies to every restored spelling.
    expect(await deanonymise(r.text, { vault, session: r.session, encode: (s) => s.replace(/ /g, '_') })).toBe('Call +91_92346_18849 or 9234618849');
  });

  it('stores nothing extra when every value has one spelling', async () => {
    const v = createMemoryVault({ key: generateKey() });
    await anonymise('Call +91 92346 18849 or +91 92346 18849', { vault: v });
    expect((await v.stats()).byType).toEqual({ PHONE: 1 });
  });
});

describe.each(STORES)('exact restore: spelling sheets in the %s vault', (store) => {
  skipRedisStoreWithoutRedis(store);
  let h: Harness;
  afterEach(async () => {
    await h?.cleanup();
  });
  const X = 'Call +91 92346 18849 or 9234618849 about RAVI KUMAR, Ravi Kumar';
  const spans = (t: string): Entity[] => [
    ...[...t.matchAll(/\+91 92346 18849|9234618849/g)].map((m) => ({ type: 'PHONE', start: m.index, end: m.index + m[0].length, text: m[0], score: 1, detector: 't' })),
    ...[...t.matchAll(/RAVI KUMAR|Ravi Kumar/g)].map((m) => ({ type: 'PERSON', start: m.index, end: m.index + m[0].length, text: m[0], score: 1, detector: 't' })),
  ];

  it('are encrypted, erased with the value or the session, expire with it, and survive key rotation', async () => {
    const clock = new FakeClock();
    const k1 = generateKey();
    h = makeHarness(store, k1);
    const v = h.open({ clock: clock.now, ttl: '1d' });
    const r = await anonymise(X, { vault: v, detector: spans, session: 'sheet-session' });
    expect(r.text).toBe('Call <PHONE_1> or <PHONE_1> about <PERSON_1>, <PERSON_1>');
    expect(await deanonymise(r.text, { vault: v, session: r.session })).toBe(X);
    expect((await v.stats()).byType).toMatchObject({ SPELLING: 1 });
    if (store !== 'memory') {
      const raw = await h.rawBytes();
      for (const s of ['9234618849', 'Ravi Kumar', 'RAVI KUMAR', 'ravi kumar']) expect(raw.includes(Buffer.from(s))).toBe(false);
    }
    // Rotation re-keys the sheet: exact restore still works, with the new key alone too.
    const k2 = generateKey();
    await v.rotateKey(k2);
    expect(await deanonymise(r.text, { vault: v, session: r.session })).toBe(X);
    if (store !== 'memory') expect(await deanonymise(r.text, { vault: h.open({ key: k2, clock: clock.now }), session: r.session })).toBe(X);
    // Erasing the value erases the sheets of its sessions: nothing of it is restorable any more.
    expect(await v.forgetValue('9234618849', { type: 'PHONE' })).toBe(1);
    expect((await v.stats()).byType).toEqual({ PERSON: 1 });
    expect(await deanonymise(r.text, { vault: v, session: r.session })).toBe('Call <PHONE_1> or <PHONE_1> about RAVI KUMAR, RAVI KUMAR');
    // forgetSession and the TTL take sheets with them.
    const r2 = await anonymise(X, { vault: v, detector: spans, session: 'second' });
    expect((await v.stats()).byType).toMatchObject({ SPELLING: 1 });
    expect(await v.forgetSession('second')).toBe(3);
    const r3 = await anonymise(X, { vault: v, detector: spans, session: 'third' });
    expect(await deanonymise(r3.text, { vault: v, session: 'third' })).toBe(X);
    clock.advance(2 * 86_400_000);
    expect(await deanonymise(r3.text, { vault: v, session: 'third' })).toBe(r3.text);
    await v.purgeExpired();
    expect((await v.stats()).records).toBe(0);
    expect(r2.session).toBe('second');
  });
});
