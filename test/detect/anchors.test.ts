// Pass A (src/text/anchors.ts): every anchor character found once, runs described by their shape.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchorAt, anchorsOf, AT, COLON, DEVANAGARI_DIGITS, DIGITS, ASCII_DIGITS, scanAnchors, scannedFoldable, type Anchors } from '../../src/text/anchors.js';
import { needsFold } from '../../src/text/fold.js';
import { flagUnits, setWasm as setSimdScan } from '../../src/text/wasm.js';

const FIELDS = ['kind', 'start', 'end', 'script', 'lead', 'before', 'after', 'prev', 'next', 'sep', 'groups', 'groupEnd', 'chain'] as const;
type Field = (typeof FIELDS)[number];

/** Every field of anchor j of `a` against anchor i of `one`, its offsets moved by `shift`; `adjust`
 *  may change a wanted value (the characters around a text's edges). */
function expectFields(a: Anchors, j: number, one: Anchors, i: number, shift: number, where: string, adjust = (_f: Field, want: number): number => want): void {
  for (const f of FIELDS) {
    const offset = f === 'start' || f === 'end' || (f === 'groupEnd' && one.kind[i] === DIGITS);
    expect(a[f][j], `${f} of ${where}`).toBe(adjust(f, one[f][i]! + (offset ? shift : 0)));
  }
}

/** The anchors of `t` are the matches of the regex that defines them (digit runs, '@', IPv6 ':'). */
function expectLikeRegex(t: string): void {
  const a = scanAnchors(t);
  const want: string[] = [];
  for (const m of t.matchAll(/[0-9\u0966-\u096f\uff10-\uff19]+|@|:(?=[^:]{0,4}:)/g)) want.push(`${m.index}:${m[0]}`);
  const got: string[] = [];
  for (let i = 0; i < a.count; i++) got.push(`${a.start[i]}:${t.slice(a.start[i], a.end[i])}`);
  expect(got).toEqual(want);
}

function runs(text: string): Array<[number, string]> {
  const a = scanAnchors(text);
  const out: Array<[number, string]> = [];
  for (let i = 0; i < a.count; i++) out.push([a.kind[i]!, text.slice(a.start[i], a.end[i])]);
  return out;
}

// Every test runs twice: pass A over the SIMD scan's bits (the default) and over its JS loop (the
// fallback where WebAssembly SIMD is off).
describe.each([['SIMD bits', true], ['JS loop', false]] as const)('anchors (%s)', (_how, simd) => {
  let before = true;
  beforeAll(() => {
    before = setSimdScan(simd);
  });
  afterAll(() => {
    setSimdScan(before);
  });

  it('finds digit runs of every script, @ and IPv6 colons', () => {
    expect(runs('PAN ABCPK1234F, call +91 98765-43210, a@b.in, ip fe80::1, time 10:30, ९८७६'))
      .toEqual([[DIGITS, '1234'], [DIGITS, '91'], [DIGITS, '98765'], [DIGITS, '43210'], [AT, '@'], [DIGITS, '80'], [COLON, ':'], [DIGITS, '1'], [DIGITS, '10'], [DIGITS, '30'], [DIGITS, '९८७६']]);
  });

  it('records the shape of a run', () => {
    const t = 'PAN ABCPK1234F and Aadhaar 2345 6789 0123-44 (+91)';
    const a = scanAnchors(t);
    expect(a.before[0]).toBe(5);
    expect(a.after[0]).toBe(1);
    expect(a.prev[0]).toBe(32);
    expect(a.lead[1]).toBe(2);
    expect(a.sep[1]).toBe(32);
    expect(a.groups[1]).toBe(3);
    expect(t.slice(a.start[1], a.groupEnd[1])).toBe('2345 6789 0123');
    expect(a.groups[3]).toBe(2); // 0123-44
    expect(t.slice(a.start[3], a.groupEnd[3])).toBe('0123-44');
    expect(a.prev[5]).toBe('+'.charCodeAt(0));
    expect(a.next[5]).toBe(')'.charCodeAt(0));
  });

  it('counts the digit runs chained by any one separator', () => {
    const t = 'card 1234 5678-9012.3456/78 x 12 34, 56 and 7';
    const a = scanAnchors(t);
    expect(Array.from(a.chain)).toEqual([5, 4, 3, 2, 1, 2, 1, 1, 1]);
    expect(Array.from(a.groups)).toEqual([2, 2, 2, 2, 1, 2, 1, 1, 1]); // the same separator only
  });

  it('marks digit scripts and the @ reach', () => {
    const a = scanAnchors('१२3 ravi.k@okaxis');
    expect(a.script[0]).toBe(ASCII_DIGITS | DEVANAGARI_DIGITS);
    expect(a.lead[0]).toBe(1);
    expect(a.before[1]).toBe(6);
    expect(a.after[1]).toBe(6);
  });

  it('memoises the last text and searches by position', () => {
    const t = 'a 12 b 345 c 6';
    const a = anchorsOf(t);
    expect(anchorsOf(t)).toBe(a);
    expect(anchorAt(a, 5)).toBe(1);
    expect(anchorAt(a, 100)).toBe(3);
  });

  it('notes whether the text holds a character the fold changes', () => {
    expect(scanAnchors('plain 9876543210, आधार २३४५, – dash, 😀').foldable).toBe(false);
    for (const t of ['a\u00a0b', 'x\u200by', '\ufeffhi', 'soft\u00adhyphen', 'full １２', 'full Ａ', 'para\u2029', 'no anchors\u3000here', '12３', '+91 91234 56789５', '१२３']) {
      expect(scanAnchors(t).foldable).toBe(true);
    }
    const t = 'call 98765\u00a043210';
    expect(scannedFoldable(t)).toBeUndefined(); // not scanned by anchorsOf yet
    expect(anchorsOf(t).foldable).toBe(true);
    expect(scannedFoldable(t)).toBe(true);
    expect(scannedFoldable('another text')).toBeUndefined();
    anchorsOf('plain 12');
    expect(scannedFoldable('plain 12')).toBe(false);
  });

  it('notes foldable characters wherever they stand, inside digit runs too', () => {
    const unit = fc.constantFrom('1', '९', '５', '０', 'a', ' ', '@', ':', '\u00a0', '\u200b', 'Ａ', '-');
    fc.assert(fc.property(fc.array(unit, { maxLength: 24 }), (cs) => {
      const t = cs.join('');
      expect(scanAnchors(t).foldable).toBe(needsFold(t));
    }));
  });

  it('reads every UTF-16 unit as the fold does', () => {
    // One text per unit would be 65,536 scans: units in blocks of 1,024, a block is foldable when
    // any unit in it is, and each foldable block is checked unit by unit.
    for (let base = 0; base < 0x10000; base += 1024) {
      const block = String.fromCharCode(...Array.from({ length: 1024 }, (_, k) => base + k));
      expect(scanAnchors(block).foldable, `block ${base.toString(16)}`).toBe(needsFold(block));
      if (!needsFold(block)) continue;
      for (let c = base; c < base + 1024; c++) {
        const t = String.fromCharCode(c);
        expect(scanAnchors(t).foldable, `U+${c.toString(16)}`).toBe(needsFold(t));
      }
    }
  });

  it('keeps every field of every anchor when a text holds more anchors than the first arrays do', () => {
    const unit = 'PK12@a.b:c:-34 5६ '; // a run with letters glued, an '@', two colons, a grouped run, mixed scripts
    const one = scanAnchors(unit);
    const n = 400; // far past the first capacity (64 + length / 16)
    const a = scanAnchors(unit.repeat(n));
    expect(a.count).toBe(one.count * n);
    for (let r = 0; r < n; r++) {
      for (let i = 0; i < one.count; i++) {
        // The unit's first anchor has no character before it alone; repeated, the last one's ' '.
        expectFields(a, r * one.count + i, one, i, r * unit.length, `anchor ${i} in repetition ${r}`, (f, want) => {
          if (f === 'prev' && r > 0 && want === -1) return 32;
          if (f === 'next' && want === -1) return r < n - 1 ? unit.charCodeAt(0) : -1;
          return want;
        });
      }
    }
  });

  it('agrees with a regex on random text', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('1', '9', '०', '९', '１', 'a', 'Z', ' ', '-', '@', ':', '.', '+', '('), { maxLength: 60 }), (cs) => {
      const t = cs.join('');
      expectLikeRegex(t);
    }));
  });

  // Texts up to 2^20 units are read two units a word (32-bit arithmetic on a copy of the text); a
  // unit outside ASCII whose low seven bits read as '0'-'9', ':' or '@' (र U+0930, Ժ U+053A, ŀ U+0140)
  // must still be read as itself, in either half of a word, and a word's stale half past an odd-length
  // text (left from a longer text) must not count.
  it('agrees with a regex on random text in either half of a word, after a longer text', () => {
    const unit = fc.constantFrom('1', '9', '०', '९', '１', 'a', 'Z', ' ', '-', '@', ':', '.', '+', '(', 'र', 'Ժ', 'ŀ', '\u00b0', '\u00ba', 'ǀ');
    fc.assert(fc.property(fc.array(unit, { maxLength: 60 }), fc.boolean(), (cs, shift) => {
      scanAnchors('9@:'.repeat(40)); // leaves anchor characters in the copy past the next text's end
      const t = (shift ? 'x' : '') + cs.join('');
      expectLikeRegex(t);
      expect(scanAnchors(t).foldable).toBe(needsFold(t));
    }));
  });

  it('reads a text longer than 2^20 units unit by unit, with the same anchors', () => {
    const unit = 'PK12@a.b:c:-34 5६ र१ ＡＢ１２ x\u00a0y 9876543210 '; // odd length: repetitions alternate halves
    const three = scanAnchors(unit.repeat(3));
    const per = three.count / 3;
    const n = Math.ceil(((1 << 20) + 1) / unit.length);
    const a = scanAnchors(unit.repeat(n));
    expect(a.count).toBe(per * n);
    expect(a.foldable).toBe(true);
    for (const r of [1, 2, n >> 1, n - 2]) {
      for (let i = 0; i < per; i++) expectFields(a, r * per + i, three, per + i, (r - 1) * unit.length, `anchor ${i} in repetition ${r}`);
    }
  });
});

describe('the SIMD scan (wasm.ts)', () => {
  const reads = (c: number): boolean => (c >= 48 && c <= 58) || c === 64 || c > 0x7f;

  it('sets the bit of exactly the units pass A reads, for every UTF-16 unit, lone surrogates too', () => {
    const t = String.fromCharCode(...Array.from({ length: 0x10000 }, (_, c) => c));
    const flags = flagUnits(t);
    expect(flags, 'WebAssembly SIMD is on in Node >= 20').toBeDefined();
    for (let c = 0; c < 0x10000; c++) {
      const set = ((flags![c >>> 5]! >>> (c & 31)) & 1) === 1;
      if (set !== reads(c)) expect(set, `U+${c.toString(16)}`).toBe(reads(c));
    }
  });

  it('leaves the bits after a shorter text clear, whatever a longer one left there', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 200 }), (n) => {
      flagUnits('9@:\u0966'.repeat(100));
      const flags = flagUnits('x'.repeat(n))!;
      for (let q = 0; q < (n + 31) >>> 5; q++) expect(flags[q], `word ${q} of ${n} units`).toBe(0);
    }));
  });

  it('gives the anchors of the JS loop, every field, on random text across many 32-unit words', () => {
    const unit = fc.constantFrom('1', '9', '0', '०', '९', '１', 'a', 'Z', ' ', '-', '@', ':', '.', '/', '+', '(', 'र', 'Ժ', 'ŀ', '\u00a0', '😀');
    fc.assert(fc.property(fc.array(unit, { maxLength: 240 }), (cs) => {
      const t = cs.join('');
      const was = setSimdScan(false);
      let loop: Anchors;
      try {
        loop = scanAnchors(t);
      } finally {
        setSimdScan(was);
      }
      const bits = scanAnchors(t);
      expect(bits.count).toBe(loop.count);
      expect(bits.foldable).toBe(loop.foldable);
      for (let i = 0; i < loop.count; i++) expectFields(bits, i, loop, i, 0, `anchor ${i}`);
    }), { numRuns: 300 });
  });
});
