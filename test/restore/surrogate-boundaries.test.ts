// Surrogate restore at the edges of a value. The detectors accept a value next to characters their
// patterns do not count as part of it (a non-ASCII letter or digit next to a phone, PAN or e-mail;
// any letter after a date's year), so anonymise can write a surrogate right next to them; the
// restorer must find it there, or surrogate mode does not round-trip ('DOB 12/03/1985x' came back
// as 'DOB 08/01/1952x'). It must still not restore a fake value that is part of a longer number,
// word or code in a reply.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anonymise } from '../../src/anonymise.js';
import { deanonymise } from '../../src/deanonymise.js';
import { StreamingRestorer } from '../../src/restore/stream.js';
import { generateKey } from '../../src/vault/keys.js';
import { createMemoryVault } from '../../src/vault/memory.js';

const vault = createMemoryVault({ key: generateKey() });

async function roundTrip(t: string): Promise<{ anon: string; back: string }> {
  const r = await anonymise(t, { vault, mode: 'surrogate' });
  return { anon: r.text, back: await deanonymise(r.text, { vault, session: r.session }) };
}

/** The surrogate anonymise gave `value` (alone in `context`), and its session. */
async function fake(context: string, value: string): Promise<{ session: string; surrogate: string }> {
  const r = await anonymise(context, { vault, mode: 'surrogate' });
  const e = r.entities.find((x) => context.slice(x.start, x.end) === value);
  if (!e) throw new Error(`not detected: ${value}`);
  const surrogate = r.text.slice(e.outStart, e.outEnd);
  expect(surrogate).not.toBe(value);
  return { session: r.session, surrogate };
}

describe('surrogates next to letters and digits round-trip', () => {
  it.each([
    'DOB 12/03/1985x',
    '9876543210é',
    'é9876543210',
    '一27AAPFU0939F1ZV',
    'ABCPE1234F一',
    'a@b.com一',
    'DOB March 12, 1985X',
    'जन्म तिथि १२/०३/१९८५x',
    '९८७६५४३२१०क',
    'क९८७६५४३२१०',
    'λ2345 6789 0124',
    '१4111 1111 1111 1111',
    '+91 98765 43210१',
    'ravi@okaxis٣',
    'IFSC SBIN0001234𠀀',
    'MH12AB1234λ',
    'é192.168.0.1',
  ])('%s', async (t) => {
    const { anon, back } = await roundTrip(t);
    expect(anon).not.toBe(t);
    expect(back).toBe(t);
  });

  it('the same at every split point of a stream', async () => {
    const t = 'DOB 12/03/1985x, ABCPE1234F一 and 9876543210é';
    const r = await anonymise(t, { vault, mode: 'surrogate' });
    for (let i = 0; i <= r.text.length; i++) {
      const s = new StreamingRestorer({ vault, session: r.session });
      const out = (await s.push(r.text.slice(0, i))) + (await s.push(r.text.slice(i))) + (await s.end());
      expect(out, `split at ${i}`).toBe(t);
    }
  });

  // Values, each with up to two letters, digits or marks of various scripts glued on either side;
  // segments are separated by a space, so each value's neighbours are the generated ones. Names end
  // in a comma: the PERSON detector can end a span inside a word ('Mr. Ramesh Kumar१x' gives
  // 'Ramesh Kumar१', leaving the fake name glued to 'x'), which no restore rule can undo.
  const values = [
    'DOB 12/03/1985', 'born on 5th May 1962', 'जन्म तिथि १२/०३/१९८५', 'DOB 14-Jun-1979', 'dob: 1990-11-23', '9876543210',
    '+91 91234 56789', '७८९०१२३४५६', '2345 6789 0124', '३४५६ ७८९० १२३८', 'ABCPE1234F', 'xyzpk4321q', '27AAPFU0939F1ZV',
    'a@b.com', 'ravi@okaxis', 'IFSC SBIN0001234', 'MH12AB1234', '192.168.0.1', '4111 1111 1111 1111', 'PIN 560001',
    'A1234567', 'ABC1234567', 'DL 0420110149646', 'Age 42', 'Mr. Ramesh Kumar,', 'Sunil Verma,', 'श्री राम प्रसाद,',
    'नाम: सुनीता शर्मा,', '१5Sunil Verma,',
  ];
  const neighbours = ['x', 'Z', '5', 'é', 'ß', '一', 'क', '१', '५', 'ক', '৫', 'அ', '٣', 'λ', 'Ж', '𠀀', '\u0301', '\u093e', '５', 'Ａ', '_', '-', '.', '@', '+', '/'];
  const side = fc.array(fc.constantFrom(...neighbours), { maxLength: 2 }).map((xs) => xs.join(''));
  const segment = fc.tuple(side, fc.constantFrom(...values), side).map(([a, v, b]) => a + v + b);
  const textArb = fc
    .tuple(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.constantFrom(' ', ', ', '\n'))
    .map(([xs, sep]) => xs.join(sep));

  it('property: deanonymise(anonymise(t, surrogate)) === t with letters and digits of any script around values', async () => {
    await fc.assert(
      fc.asyncProperty(textArb, async (t) => {
        expect((await roundTrip(t)).back).toBe(t);
      }),
      { numRuns: 300, examples: [['DOB 12/03/1985x'], ['ABCPE1234F一 9876543210é'], ['क७८९०१२३४५६ नाम: सुनीता शर्मा,५']] },
    );
  });
});

describe('a fake value inside a longer number, word or code in a reply is not restored', () => {
  it('phone: more digits on either side, or an ASCII letter before it', async () => {
    const { session, surrogate: f } = await fake('Call 9876543210 now', '9876543210');
    for (const reply of [`ref 1${f}`, `ref ${f}7`, `ref ５${f}`, `id A${f}`]) {
      expect(await deanonymise(reply, { vault, session })).toBe(reply);
    }
    expect(await deanonymise(`Call ${f}.`, { vault, session })).toBe('Call 9876543210.');
  });

  it('Devanagari digits: more digits of the same script', async () => {
    const { session, surrogate: f } = await fake('फ़ोन ९८७६५४३२१० है', '९८७६५४३२१०');
    for (const reply of [`${f}५`, `५${f}`]) expect(await deanonymise(reply, { vault, session })).toBe(reply);
    expect(await deanonymise(`${f}है`, { vault, session })).toBe('९८७६५४३२१०है');
  });

  it('PAN, vehicle, e-mail: an ASCII letter or digit on either side makes a longer code', async () => {
    for (const [context, value] of [
      ['PAN ABCPE1234F ok', 'ABCPE1234F'],
      ['Car MH12AB1234 ok', 'MH12AB1234'],
      ['Mail a@b.com ok', 'a@b.com'],
      ['GSTIN 27AAPFU0939F1ZV ok', '27AAPFU0939F1ZV'],
    ] as const) {
      const { session, surrogate: f } = await fake(context, value);
      for (const reply of [`X${f}`, `${f}x`, `${f}5`, `5${f}`]) {
        expect(await deanonymise(reply, { vault, session }), reply).toBe(reply);
      }
      expect(await deanonymise(`(${f})`, { vault, session })).toBe(`(${value})`);
    }
  });

  it('names: more letters of the same script', async () => {
    const latin = await fake('Dear Mr. Ramesh Kumar, hello', 'Ramesh Kumar');
    for (const reply of [`${latin.surrogate}ni`, `X${latin.surrogate}`, `${latin.surrogate}Z`]) {
      expect(await deanonymise(reply, { vault, session: latin.session }), reply).toBe(reply);
    }
    // A digit does not make a name longer (the PERSON detector takes '१5Sunil Verma' as a name).
    expect(await deanonymise(`5${latin.surrogate}`, { vault, session: latin.session })).toBe('5Ramesh Kumar');
    const deva = await fake('नाम: राम प्रसाद, आधार', 'राम प्रसाद');
    for (const reply of [`${deva.surrogate}क`, `क${deva.surrogate}`]) {
      expect(await deanonymise(reply, { vault, session: deva.session }), reply).toBe(reply);
    }
    expect(await deanonymise(`${deva.surrogate}, आधार`, { vault, session: deva.session })).toBe('राम प्रसाद, आधार');
  });
});
