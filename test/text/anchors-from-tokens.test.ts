// Pass A read off pass B's tokens (src/text/anchors.ts `tokenRuns`): when the text's shared tokens are
// made first, `anchorsOf` reads the digit runs inside the tokens holding a number and the '@' / ':' of
// the gaps they mark, instead of scanning the text. Every field of every anchor, and `foldable`, must be
// what the scan gives: on the corpus, on generated text, and on the edges (anchors first, last, glued).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anchorsOf, scanAnchors, type Anchors } from '../../src/text/anchors.js';
import { tokensOf } from '../../src/text/tokens.js';

const FIELDS = ['kind', 'start', 'end', 'script', 'lead', 'before', 'after', 'prev', 'next', 'sep', 'groups', 'groupEnd', 'chain'] as const;

function plain(a: Anchors): Record<string, unknown> {
  const out: Record<string, unknown> = { count: a.count, foldable: a.foldable };
  for (const k of FIELDS) out[k] = Array.from(a[k].subarray(0, a.count));
  return out;
}

/** The anchors `anchorsOf` reads off the tokens (the memo is moved off the text first). */
function fromTokens(text: string): Record<string, unknown> {
  anchorsOf(text === '\u0001' ? '\u0002' : '\u0001');
  const t = tokensOf(text);
  const a = anchorsOf(text);
  expect(tokensOf(text), 'the tokens stay the memo').toBe(t);
  return plain(a);
}

function agree(text: string): void {
  expect(fromTokens(text), JSON.stringify(text)).toEqual(plain(scanAnchors(text)));
}

function corpusTexts(): string[] {
  const out: string[] = [];
  for (const file of ['corpus/corpus.jsonl', 'corpus/independent.jsonl', 'corpus/tricky.jsonl']) {
    for (const line of readFileSync(file, 'utf8').split('\n')) if (line.trim()) out.push((JSON.parse(line) as { text: string }).text);
  }
  return out;
}

// Digits of the three scripts pass A reads and of one it does not (Bengali), letters glued to them,
// the four group separators, '@', ':', '+', '(' and characters the fold changes (NBSP, ZWSP, soft
// hyphen, full-width digits, '@' and ':'), an astral letter and a lone surrogate half.
const ALPHABET = [
  ...'0123456789', ...'०१२९', '\uff10', '\uff15', '\u09e6', ...'abzABZ', 'é', 'क',
  ' ', '-', '.', '/', ',', '\n', '@', ':', '+', '(', ')', '_', '%',
  '\u00a0', '\u200b', '\u00ad', '\uff20', '\uff1a', '\u2003', '𝐀', '\ud800',
];
const genText = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 80 }).map((a) => a.join(''));

describe('anchors read off the tokens', () => {
  it('are the scanned anchors on every corpus text', () => {
    for (const text of corpusTexts()) agree(text);
  });

  it('are the scanned anchors on generated text', () => {
    fc.assert(fc.property(genText, agree), { numRuns: 5000 });
  });

  it('are the scanned anchors at the edges', () => {
    for (const text of [
      '', '@', ':', '::', 'a@', '@a', '1', 'x:1::', 'fe80::1', 'mail me @', 'end ::', '12३４',
      'ABCPK1234F', '1234 5678-9012.3456/78', 'a@b.in, c@d', '+91 98765\u00a043210', '１２３', '\u200b9876543210',
      '४१२३ ४५६७ ८९०१', 'x\u09e6\u09e7', '𝐀12𝐀', '12\ud80034', 'a:b:c:d:e:f:g', '@@@', 'e@x.co: 1:2',
    ]) agree(text);
  });
});
