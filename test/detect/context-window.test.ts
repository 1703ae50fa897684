// The context window over the shared tokens (src/detect/context.ts tokenWindow) against the way it
// was built before (kept below as the oracle: four pushRange calls, each a binary search, and a
// character scan for '@' and '://'): the same words in the same order, the same header/near/far
// positions, for every span of generated text; and AddressMarks.holds against holdsAddress.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADDRESS, AddressMarks, holdsAddress, PhraseSet, pushRange, Seq, TextWindows, tokenWindow, windowEdges, type Window } from '../../src/detect/context.js';
import { strippedRanges } from '../../src/detect/address-marks.js';
import { tokensOf } from '../../src/text/tokens.js';
import { words } from '../../src/text/words.js';

function isSpace(c: number): boolean {
  return /\s/.test(String.fromCharCode(c));
}

function oldWindow(seq: Seq, text: string, start: number, end: number, before: number, after: number, header: readonly string[] | undefined): Window | undefined {
  const [from, stop] = windowEdges(text, start, end, before, after);
  if (holdsAddress(text, from, start) || holdsAddress(text, end, stop)) return undefined;
  const t = tokensOf(text);
  seq.reset(t);
  if (header) for (const w of header) seq.pushWord(w);
  const head = seq.length;
  let nl = start - 1;
  while (nl >= from && text.charCodeAt(nl) !== 10) nl--;
  if (nl >= from) pushRange(seq, t, text, from, nl);
  const nearFrom = seq.length;
  pushRange(seq, t, text, nl >= from ? nl + 1 : from, start);
  let cut = end;
  for (; cut < stop; cut++) {
    const c = text.charCodeAt(cut);
    if (c === 10) break;
    if ((c === 46 || c === 33 || c === 63) && cut + 1 < stop && isSpace(text.charCodeAt(cut + 1))) break;
  }
  pushRange(seq, t, text, end, cut);
  const nearTo = seq.length;
  pushRange(seq, t, text, cut, stop);
  return { head, nearFrom, nearTo, to: seq.length };
}

/** The string path windows holding an address took before (the oracle for the token path). */
function stripAddresses(s: string): string {
  return s.includes('@') || s.includes('://') ? s.replace(ADDRESS, (_m, pre: string | undefined) => `${pre ?? ''} `) : s;
}

function wordsAround(text: string, start: number, end: number, before: number, after: number): { all: string[]; near: string[] } {
  const [from, stop] = windowEdges(text, start, end, before, after);
  const beforeText = stripAddresses(text.slice(from, start));
  const afterText = stripAddresses(text.slice(end, stop));
  const nl = beforeText.lastIndexOf('\n');
  const beforeFar = nl >= 0 ? words(beforeText.slice(0, nl)) : [];
  const beforeNear = words(nl >= 0 ? beforeText.slice(nl + 1) : beforeText);
  const cut = afterText.search(/[.!?](?=\s)|\n/);
  const afterNear = words(cut >= 0 ? afterText.slice(0, cut) : afterText);
  const afterFar = cut >= 0 ? words(afterText.slice(cut)) : [];
  const near = beforeNear.concat(afterNear);
  return { all: beforeFar.concat(near, afterFar), near };
}

/** The words of seq positions [a, b), as strings. */
function wordsOf(seq: Seq, a: number, b: number): string[] {
  const out: string[] = [];
  for (let q = a; q < b; q++) out.push(seq.ref[q]! >= 0 ? seq.tokens!.word(seq.ref[q]!) : seq.loose[-seq.ref[q]! - 1]!);
  return out;
}

/** The sequence as comparable strings: token offsets or loose word, with its hash. */
function dump(seq: Seq): string[] {
  const r = seq.ref;
  return Array.from({ length: seq.length }, (_, q) => `${r[q]! >= 0 ? `${seq.tokens!.start[r[q]!]}-${seq.tokens!.end[r[q]!]}` : seq.loose[-r[q]! - 1]}:${seq.hash[q]}`);
}

const piece = fc.constantFrom('a/c', 'No.', 'account', 'Mahé', 'ज़िला', 'खाता', 'x@y.in', 'http://a.b/c', '9876543210', '12', 'AB12', 'é1', '𝐀bc', 'PAN', 'rs', '1.5');
const gap = fc.constantFrom(' ', '  ', '\n', '. ', '! ', '?', ':', ', ', '', '-', '\u00a0', '//', '://', '@');
const text = fc.array(fc.tuple(piece, gap), { minLength: 1, maxLength: 16 }).map((xs) => xs.map(([p, g]) => p + g).join(''));
const phrases = new PhraseSet(['a/c', 'account no', 'no', 'खाता', 'mahe', 'pan', 'rs', '12', 'x', 'account']);

describe('tokenWindow over the shared tokens', () => {
  it('builds the same sequence and positions as the four-range build, for every span', () => {
    const a = new Seq();
    const b = new Seq();
    fc.assert(
      fc.property(text, fc.nat(80), fc.nat(40), fc.boolean(), (t, before, after, withHeader) => {
        const marks = new TextWindows(t);
        const header = withHeader ? ['account', 'no'] : undefined;
        for (let s = 0; s < t.length; s++) {
          for (const len of [1, 3, 10]) {
            const e = Math.min(t.length, s + len);
            const x = tokenWindow(a, t, s, e, before, after, header, marks);
            const y = oldWindow(b, t, s, e, before, after, header);
            expect(x, `${s}-${e}`).toEqual(y);
            if (!x) continue;
            expect(dump(a)).toEqual(dump(b));
            expect(phrases.anyIn(a, 0, x.to)).toBe(phrases.findIn(b, 0, y!.to).length > 0);
            expect(phrases.anyIn(a, 0, x.head, x.nearFrom, x.nearTo)).toBe(phrases.findIn(b, 0, y!.head, y!.nearFrom, y!.nearTo).length > 0);
          }
        }
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it('reads long texts window by window, then whole, or off tokens made first, with the same words', () => {
    const a = new Seq();
    const b = new Seq();
    fc.assert(
      fc.property(fc.array(text, { minLength: 40, maxLength: 60 }), fc.array(fc.nat(), { minLength: 1, maxLength: 200 }), fc.boolean(), (parts, spans, whole) => {
        const t = parts.join(' ').repeat(4).slice(0, 9000);
        if (t.length < 4200) return;
        // The whole-text memo holds something else (windows read their own tokens), or this text (a
        // finder tokenised it first: windows read those, and the address marks come once the windows
        // asked about have covered an eighth of it).
        tokensOf(whole ? t : 'another text');
        const windows = new TextWindows(t);
        const got = spans.map((p) => {
          const s = p % (t.length - 12);
          const x = tokenWindow(a, t, s, s + 1 + (p % 11), 48, 24, undefined, windows);
          return [x, x ? dump(a) : []];
        });
        spans.forEach((p, k) => {
          const s = p % (t.length - 12);
          const y = oldWindow(b, t, s, s + 1 + (p % 11), 48, 24, undefined);
          expect(got[k]).toEqual([y, y ? dump(b) : []]);
        });
      }),
      { numRuns: 40, seed: 6 },
    );
  });

  it('reads windows holding addresses as the string path did (addresses out, near words to a sentence end)', () => {
    const seq = new Seq();
    const addr = fc.constantFrom('a.b@c.in', 'x@y', '@ref.no', 'ref.1@example.com', 'pay@upi.', 'http://shop.in/order/17', '12https://a.b', 'éhttp://x.y', 'a@b@c', '@', 'mailto:x@y.z.', 'ftp://', 'a+b.c://d');
    const piece2 = fc.oneof(piece, addr, addr);
    const text2 = fc.array(fc.tuple(piece2, gap), { minLength: 1, maxLength: 14 }).map((xs) => xs.map(([p, g]) => p + g).join(''));
    fc.assert(
      fc.property(text2, fc.nat(80), fc.nat(40), fc.boolean(), (t, before, after, withHeader) => {
        const header = withHeader ? ['account', 'no'] : [];
        for (let s = 0; s < t.length; s++) {
          for (const len of [1, 4]) {
            const e = Math.min(t.length, s + len);
            // Spans never split a surrogate pair (a cut pair was never a word on either path).
            if (/[\udc00-\udfff]/.test(t[s]! + (t[e] ?? ''))) continue;
            const w = tokenWindow(seq, t, s, e, before, after, withHeader ? header : undefined, new TextWindows(t), true)!;
            const old = wordsAround(t, s, e, before, after);
            expect(wordsOf(seq, 0, w.to), `${JSON.stringify(t)} ${s}-${e}`).toEqual(header.concat(old.all));
            expect(wordsOf(seq, 0, w.head).concat(wordsOf(seq, w.nearFrom, w.nearTo))).toEqual(header.concat(old.near));
          }
        }
      }),
      { numRuns: 300, seed: 8 },
    );
  });

  it('finds addresses by the marks as holdsAddress does', () => {
    fc.assert(
      fc.property(text, (t) => {
        const marks = new AddressMarks(t);
        for (let s = 0; s <= t.length; s++) for (let e = s; e <= Math.min(t.length, s + 12); e++) expect(marks.holdsAround(s, e, e, e)).toBe(holdsAddress(t, s, e));
        for (let s = 0; s <= t.length; s += 2) {
          for (const [a, b, c] of [[3, 5, 9], [0, 1, 20], [6, 6, 6]] as const) {
            const [st, en, sp] = [Math.min(t.length, s + a), Math.min(t.length, s + b), Math.min(t.length, s + c)];
            expect(marks.holdsAround(s, st, en, sp)).toBe(holdsAddress(t, s, st) || holdsAddress(t, en, sp));
          }
        }
      }),
      { numRuns: 200, seed: 4 },
    );
  });

  it('leaves out what the ADDRESS regex matches on the slice, for every slice (walked without a URL, from the marks or not)', () => {
    const bit = fc.constantFrom('a', 'x.y', '@', '@@', 'b@c', ' ', '\n', '\u00a0', '\u2009', '://', ':/', 'http', '12', '-', '+', '.', '𝐀', '\ud835', '\udc00', 'é', 'ज़');
    const str = fc.array(bit, { maxLength: 24 }).map((xs) => xs.join(''));
    const out: number[] = [];
    fc.assert(
      fc.property(str, (t) => {
        const marks = new AddressMarks(t);
        for (let a = 0; a <= t.length; a++) {
          for (let b = a; b <= t.length; b++) {
            const want: number[] = [];
            const s = t.slice(a, b);
            ADDRESS.lastIndex = 0;
            if (holdsAddress(t, a, b)) for (let m = ADDRESS.exec(s); m; m = ADDRESS.exec(s)) want.push(a + m.index + (m[1]?.length ?? 0), a + m.index + m[0].length);
            expect(strippedRanges(t, a, b, out), `${JSON.stringify(t)} ${a}-${b}`).toEqual(want);
            expect(marks.ranges(t, a, b, out), `marks ${JSON.stringify(t)} ${a}-${b}`).toEqual(want);
          }
        }
      }),
      { numRuns: 300, seed: 12 },
    );
  });
});
