// Issue 14, item 2: invisible separators (NBSP and other Unicode spaces, ZWSP, soft hyphen, BOM,
// bidi marks) and full-width characters hid values from every detector. `detect` now runs on a
// folded view and maps spans back to the original text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anonymise } from '../../src/anonymise.js';
import { deanonymise } from '../../src/deanonymise.js';
import { detect } from '../../src/resolve/detect.js';
import { foldText, needsFold, originalSpan } from '../../src/text/fold.js';

const SPACES = ['\u00a0', '\u202f', '\u2007', '\u2009', '\u200a', '\u2002', '\u3000', '\u1680', '\u205f'];
const FORMATS = ['\u200b', '\u200c', '\u200d', '\u2060', '\u00ad', '\ufeff', '\u200e', '\u200f', '\u202a', '\u2066', '\u034f'];
const fullWidth = (s: string): string => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** [type, text] of every span, asserting that the offsets slice the original text. */
function spans(text: string): Array<[string, string]> {
  const found = detect(text);
  for (const e of found) expect(text.slice(e.start, e.end)).toBe(e.text);
  return found.map((e) => [String(e.type), e.text]);
}

describe('foldText', () => {
  it('leaves plain text alone (no copy, no map)', () => {
    for (const t of ['', 'plain ASCII 9876543210', 'आधार २३४५ ६७८९ ०१२४', 'emoji 😀 and – en dash', 'tab\tnew\nline']) {
      expect(needsFold(t)).toBe(false);
      expect(foldText(t)).toBeUndefined();
    }
  });

  it.each([
    ['NBSP', 'a\u00a0b', 'a b'],
    ['narrow NBSP, thin, hair, figure, ideographic spaces', '1\u202f2\u20093\u200a4\u20075\u30006', '1 2 3 4 5 6'],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a\nb\nc'],
    ['hyphen, non-breaking hyphen, figure dash', '1\u20102\u20113\u20124', '1-2-3-4'],
    ['ZWSP, ZWNJ, ZWJ, WJ between digits', '1\u200b2\u200c3\u200d4\u20605', '12345'],
    ['soft hyphen inside a word', 'Ku\u00admar', 'Kumar'],
    ['BOM and bidi marks', '\ufeff\u202a98\u200e76\u202c', '9876'],
    ['full-width digits, letters and signs', '９８７６ ＡＢｃ＠＋．', '9876 ABc@+.'],
    ['a format run between a letter and a digit is one space', 'mobile\u200b\u200d9876', 'mobile 9876'],
    ['… and between a digit and a letter', '9876\u2060ok', '9876 ok'],
    ['only format characters', '\u200b\u200b', ''],
  ])('%s', (_name, input, out) => {
    const f = foldText(input)!;
    expect(f.text).toBe(out);
    expect(f.originalIndex(out.length)).toBe(input.length);
  });

  it('folds a megabyte of letters and digits each followed by a zero-width space (one pass)', () => {
    const input = 'a\u200b9\u200b'.repeat(250_000);
    const f = foldText(input)!;
    expect(f.text).toBe('a 9 '.repeat(250_000).slice(0, -1));
    expect(f.originalIndex(2)).toBe(2);
    expect(f.originalIndex(3)).toBe(3);
    expect(f.originalIndex(f.text.length - 1)).toBe(input.length - 2);
    expect(f.originalIndex(f.text.length)).toBe(input.length);
  });

  it('maps a span over removed characters to the whole original span', () => {
    const input = '\u200bcall 98765\u200b43210\u00ad!';
    const f = foldText(input)!;
    expect(f.text).toBe('call 9876543210!');
    const s = f.text.indexOf('98765');
    const o = originalSpan(f, s, s + 10);
    expect(input.slice(o.start, o.end)).toBe('98765\u200b43210');
  });

  it('keeps the last view: the same text (or an equal copy) folds once, another text anew', () => {
    const text = `call 98765\u00a043210 ${'x'.repeat(70_000)}`;
    const f = foldText(text)!;
    expect(foldText(text)).toBe(f);
    expect(foldText(text.slice(0, 10) + text.slice(10))).toBe(f);
    const other = foldText(`${text}\u00a0`)!;
    expect(other).not.toBe(f);
    expect(other.text).toBe(`${f.text} `);
    expect(foldText('plain')).toBeUndefined();
    expect(foldText(text)).not.toBe(f); // folded anew after other texts
    expect(foldText(text)!.text).toBe(f.text);
  });

  it('property: the map is increasing, each mapped character folds to its folded character', () => {
    const alphabet = fc.constantFrom(...'aZ9 -.@\n', ...'२क', ...SPACES, ...FORMATS, ...'９Ａ＠\u2011\u2028', '😀');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')), (input) => {
        const f = foldText(input);
        if (!f) {
          // Nothing to fold but format characters between two symbols (the alphabet's one: '😀'), which stay.
          const formats = `[${FORMATS.join('')}]+`;
          expect(needsFold(input.replace(new RegExp(`(?<=😀)${formats}(?=😀)`, 'gu'), ''))).toBe(false);
          return;
        }
        expect(f.originalIndex(f.text.length)).toBe(input.length);
        for (let i = 0; i < f.text.length; i++) {
          if (i > 0) expect(f.originalIndex(i)).toBeGreaterThan(f.originalIndex(i - 1));
          const o = input[f.originalIndex(i)]!;
          const c = f.text[i]!;
          // Unchanged, or a fold of a space / dash / full-width / format character.
          const expected = foldText(o)?.text ?? o;
          expect(c === o || c === expected || (c === ' ' && FORMATS.includes(o))).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('detect on text with invisible separators', () => {
  it.each([
    ['Aadhaar with NBSP', 'Aadhaar:\u00a02345\u00a06789\u00a00124', ['AADHAAR', '2345\u00a06789\u00a00124']],
    ['phone with NBSP', '+91\u00a098765\u00a043210', ['PHONE', '+91\u00a098765\u00a043210']],
    ['card with NBSP', '4111\u00a01111\u00a01111\u00a01111', ['CREDIT_CARD', '4111\u00a01111\u00a01111\u00a01111']],
    ['phone with narrow NBSP', 'mobile 98765\u202f43210', ['PHONE', '98765\u202f43210']],
    ['Aadhaar with thin spaces', 'Aadhaar 2345\u20096789\u20090124', ['AADHAAR', '2345\u20096789\u20090124']],
    ['Aadhaar with ideographic spaces', 'Aadhaar 2345\u30006789\u30000124', ['AADHAAR', '2345\u30006789\u30000124']],
    ['phone with ZWSP inside', 'call 98765\u200b43210 now', ['PHONE', '98765\u200b43210']],
    ['phone with a ZWSP between every digit', 'call 9\u200b8\u200b7\u200b6\u200b5\u200b4\u200b3\u200b2\u200b1\u200b0', ['PHONE', '9\u200b8\u200b7\u200b6\u200b5\u200b4\u200b3\u200b2\u200b1\u200b0']],
    ['Aadhaar with word joiners', 'Aadhaar 2345\u20606789\u20600124', ['AADHAAR', '2345\u20606789\u20600124']],
    ['phone with soft hyphens', 'mobile 98765\u00ad43210', ['PHONE', '98765\u00ad43210']],
    ['Aadhaar with non-breaking hyphens', 'Aadhaar 2345\u20116789\u20110124', ['AADHAAR', '2345\u20116789\u20110124']],
    ['full-width phone', '９８７６５４３２１０', ['PHONE', '９８７６５４３２１０']],
    ['full-width PAN', 'PAN ＡＢＣＰＫ１２３４Ｆ', ['PAN', 'ＡＢＣＰＫ１２３４Ｆ']],
    // Full-width digits after ASCII ones in the same run (pass A reads them as part of the run).
    ['phone with full-width digits after ASCII ones', 'call 98765４３２１０', ['PHONE', '98765４３２１０']],
    ['e-mail with a soft hyphen', 'mail ravi\u00ad.kumar@gmail.com', ['EMAIL', 'ravi\u00ad.kumar@gmail.com']],
    ['phone between a BOM and a ZWSP at text start and end', '\ufeff9876543210\u200b', ['PHONE', '9876543210']],
    ['NBSP value at text end', 'PAN\u00a0ABCPK1234F', ['PAN', 'ABCPK1234F']],
  ])('%s', (_name, text, expected) => {
    expect(spans(text)).toContainEqual(expected);
  });

  it('reads a full-width digit glued after a number as part of it (no phone in "+91 91234 56789５")', () => {
    // Folded, the number is 16 digits long: no phone, as before pass A told the registry what to fold.
    expect(spans('+91 91234 56789５')).toEqual([]);
    expect(spans('+91 91234 567895')).toEqual([]);
  });

  it('keeps a label glued by a zero-width space apart from the number', () => {
    expect(spans('\ufeffmobile\u200b9876543210\u200d')).toContainEqual(['PHONE', '9876543210']);
  });

  it('anonymise replaces the whole original value and restores it byte for byte', async () => {
    for (const text of ['Aadhaar:\u00a02345\u00a06789\u00a00124', '+91\u00a098765\u00a043210', '4111\u00a01111\u00a01111\u00a01111', 'call 98765\u200b43210', '９８７６５４３２１０ ok', '\u200b9876543210\u200b']) {
      const r = await anonymise(text);
      expect(r.text).not.toMatch(/[0-9\uff10-\uff19]{4}/);
      expect(r.entities.length).toBeGreaterThan(0);
      expect(await deanonymise(r.text, { session: r.session })).toBe(text);
    }
  });

  it('the money pass of a policy reads the folded view too', async () => {
    const policy = { name: 'money-only', defaults: { action: 'keep' as const }, money: true };
    for (const [text, plain] of [
      ['His salary is Rs.\u00a04.5\u00a0lakh per year.', 'His salary is Rs. 4.5 lakh per year.'],
      ['salary ₹\u00a012,50,000.', 'salary ₹ 12,50,000.'],
    ]) {
      const r = await anonymise(text!, { policy });
      expect(r.text).toBe((await anonymise(plain!, { policy })).text);
      expect(r.text).not.toMatch(/\u00a0/);
    }
  });

  it('property: invisible separators and full-width forms in values find the same entities, mapped to the original', () => {
    const values = fc.constantFrom(
      'Aadhaar 2345 6789 0124', 'mobile +91 98765 43210', 'call 98765 43210', 'card 4111 1111 1111 1111',
      'PAN ABCPK1234F', 'mail ravi.kumar@gmail.com', 'A/c No. 50100234567812', 'IFSC HDFC0001234', 'DOB 12/03/1985',
      'Bengaluru - 560034', 'आधार २३४५ ६७८९ ०१२४', 'upi ravi.k@okaxis',
    );
    const filler = fc.constantFrom('Hello,', 'please update', 'thanks.', 'the customer', 'and', 'regards\n', 'note:');
    // A decoration of one plain character: itself, a full-width form, a Unicode space for a space, and
    // format characters inserted before it (never between a letter and a digit, where the fold reads
    // a space by design).
    const deco = fc.record({
      space: fc.constantFrom(...SPACES),
      format: fc.constantFrom(...FORMATS),
      insert: fc.integer({ min: 0, max: 9 }),
      wide: fc.boolean(),
      swap: fc.integer({ min: 0, max: 2 }),
    });
    const doc = fc.array(fc.tuple(fc.boolean(), filler, values), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(doc, fc.array(deco, { minLength: 1, maxLength: 40 }), (parts, decos) => {
        const pieces: Array<{ text: string; value: boolean }> = [];
        for (const [fillFirst, f, v] of parts) {
          if (fillFirst) pieces.push({ text: `${f} `, value: false });
          pieces.push({ text: v, value: true }, { text: ' ', value: false });
        }
        const plain = pieces.map((p) => p.text).join('');
        // Decorate inside the values only; pos[i] = index in `decorated` of plain[i].
        let decorated = '';
        const pos: number[] = [];
        let k = 0;
        let p0 = 0;
        for (const piece of pieces) {
          for (let i = 0; i < piece.text.length; i++) {
            const ch = piece.text[i]!;
            const prev = p0 + i > 0 ? plain[p0 + i - 1]! : '';
            const d = decos[k++ % decos.length]!;
            const letter = (c: string): boolean => /^[\p{L}\p{M}]$/u.test(c);
            const digit = (c: string): boolean => /^[0-9\u0966-\u096f]$/.test(c);
            const letterDigit = (letter(prev) && digit(ch)) || (digit(prev) && letter(ch));
            if (piece.value && d.insert < 3 && !letterDigit) decorated += d.format.repeat(d.insert + 1);
            pos.push(decorated.length);
            if (piece.value && ch === ' ' && d.swap > 0) decorated += d.space;
            else if (piece.value && d.wide && /[!-~]/.test(ch)) decorated += fullWidth(ch);
            else decorated += ch;
          }
          p0 += piece.text.length;
        }
        expect(foldText(decorated)?.text ?? decorated).toBe(plain);
        const want = detect(plain);
        const got = detect(decorated);
        expect(got.map((e) => [e.type, e.score])).toEqual(want.map((e) => [e.type, e.score]));
        want.forEach((w, i) => {
          const g = got[i]!;
          expect(g.start).toBe(pos[w.start]);
          expect(g.end).toBe(pos[w.end - 1]! + 1);
          expect(g.text).toBe(decorated.slice(g.start, g.end));
        });
        expect(want.some((w) => w.type !== 'CITY')).toBe(true);
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('property: anonymise replaces what detect finds in decorated text and restores it byte for byte', async () => {
    const value = fc.constantFrom('Aadhaar 2345 6789 0124', 'mobile +91 98765 43210', 'card 4111 1111 1111 1111', 'PAN ABCPK1234F', 'call 98765 43210');
    // Between digit groups any separator, a bare zero-width one included; between a label and its
    // value a space that shows (an invisible one alone would glue "mobile" to "+91" in any reading).
    const inNumber = fc.constantFrom(' ', ...SPACES, '\u200b', '\u2060', ' \u200b', '\u00ad ');
    const spaced = fc.constantFrom(' ', ...SPACES, ' \u200b', '\u200b ', '\u00ad ', '\ufeff ');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(value, inNumber, spaced, fc.boolean()), { minLength: 1, maxLength: 4 }), async (parts) => {
        const text = parts
          .map(([v, s, t, wide]) => {
            const d = v.replace(/(?<=[0-9]) (?=[0-9])/g, s).replace(/ /g, t);
            return wide ? fullWidth(d) : d;
          })
          .join(' and ');
        const found = detect(text);
        const r = await anonymise(text);
        expect(r.entities.filter((e) => e.action === 'pseudonymise').map((e) => [e.start, e.end])).toEqual(found.map((e) => [e.start, e.end]));
        expect(found.length).toBeGreaterThanOrEqual(parts.length);
        expect(await deanonymise(r.text, { session: r.session })).toBe(text);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
