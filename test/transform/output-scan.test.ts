// The output scan of anonymise is skipped when it can only find the inserted tokens
// (src/transform/rewrite.ts `outputNeedsScan`). These tests put plain tokens next to every kind of
// neighbour the scanner reacts to and check that the scan then finds exactly the inserted tokens.
import { describe, expect, it } from 'vitest';
import { scanTokens } from '../../src/token.js';
import { outputNeedsScan, type Replacement } from '../../src/transform/rewrite.js';

const PIECES = ['a', 'Z', 'q7', '1', '\\', '\\\\', '<', '>', '&', '&lt;', '&#60;', '&#x3c;', '&gt;', '[', ']', '{', '}', ' ', ';', '#', 'PERSON', 'lt', 'é', '\n'];
const TOKENS = ['<PERSON_1>', '<BANK_ACCOUNT_12>', '<X1_abcdefghijklmnop>', '<EMAIL_ADDRESS_999999999>', '<LITERAL_3>'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function rep(start: number, end: number, text: string, action: Replacement['action'], expectToken: boolean): Replacement {
  return { start, end, type: 'PERSON', action, text, mode: expectToken ? 'token' : 'surrogate', expectToken, outStart: 0, outEnd: 0 };
}

/** A random input without '_', values at random places, each replaced by a plain token or a surrogate. */
function sample(next: () => number): { input: string; output: string; reps: Replacement[] } {
  let input = '';
  let output = '';
  const reps: Replacement[] = [];
  const n = 1 + Math.floor(next() * 5);
  for (let i = 0; i < n; i++) {
    for (let k = Math.floor(next() * 4); k > 0; k--) {
      const p = PIECES[Math.floor(next() * PIECES.length)]!;
      input += p;
      output += p;
    }
    const value = 'Ravi Kumar'.slice(0, 1 + Math.floor(next() * 10));
    const surrogate = next() < 0.2;
    const text = surrogate ? 'Anil' : TOKENS[Math.floor(next() * TOKENS.length)]!;
    const r = rep(input.length, input.length + value.length, text, 'pseudonymise', !surrogate);
    r.outStart = output.length;
    r.outEnd = output.length + text.length;
    input += value;
    output += text;
    reps.push(r);
  }
  const tail = PIECES[Math.floor(next() * PIECES.length)]!;
  return { input: input + tail, output: output + tail, reps };
}

describe('outputNeedsScan', () => {
  it('is false only where the scan finds exactly the inserted tokens', () => {
    const next = rng(11);
    for (let i = 0; i < 4000; i++) {
      const { input, output, reps } = sample(next);
      expect(outputNeedsScan(input, reps)).toBe(false);
      const found = scanTokens(output).filter((m) => m.raw.includes('_'));
      const inserted = reps.filter((r) => r.expectToken);
      expect(found.map((m) => [m.start, m.end, m.token])).toEqual(inserted.map((r) => [r.outStart, r.outEnd, r.text]));
      // Matches without an underscore are never tokens, so the scan proper finds the same.
      expect(scanTokens(output).map((m) => m.token)).toEqual(inserted.map((r) => r.text));
    }
  });

  it('asks for the scan when an underscore can come from elsewhere', () => {
    const token = rep(0, 4, '<PERSON_1>', 'pseudonymise', true);
    expect(outputNeedsScan('Ravi PERSON_2', [token])).toBe(true);
    expect(outputNeedsScan('Ravi', [rep(0, 4, 'ravi_k', 'pseudonymise', false)])).toBe(true);
    expect(outputNeedsScan('Ravi', [rep(0, 4, '<PERSON_1>', 'replace', false)])).toBe(true);
    for (const odd of ['<person_1>', '<PERSON_01>', '<1X_1>', '<PERSON\\_1>', 'PERSON_1', '<PERSON__A_1>', '<PERSON_1>>']) {
      expect(outputNeedsScan('Ravi', [rep(0, 4, odd, 'pseudonymise', true)])).toBe(true);
    }
    expect(outputNeedsScan('Ravi', [token])).toBe(false);
    expect(outputNeedsScan('Ravi', [rep(0, 4, '[REDACTED]', 'replace', false)])).toBe(false);
  });
});
