import { check } from 'recheck';
import { describe, expect, it } from 'vitest';
import { base32 } from '../../src/vault/crypto.js';
import {
  BODY_MAX, canonicalToken, HMAC_SUFFIX_LEN, scanTokens, TOKEN_MAX_SPAN, TOKEN_SCAN_SOURCE, tokenPrefix,
} from '../../src/token.js';

const K = 'k3f7x2qak3f7x2qa'; // 16 base32 characters

describe('restore scanner: what models do to tokens', () => {
  it.each([
    ['<PERSON_1>', '<PERSON_1>', '<PERSON_1>'],
    ['case change', '<person_1>', '<PERSON_1>'],
    ['mixed case', '<Person_12>', '<PERSON_12>'],
    ['square brackets', '[PERSON_1]', '<PERSON_1>'],
    ['curly brackets', '{PERSON_1}', '<PERSON_1>'],
    ['swapped brackets', '[PERSON_1>', '<PERSON_1>'],
    ['swapped brackets 2', '<PERSON_1}', '<PERSON_1>'],
    ['dropped brackets', 'PERSON_1', '<PERSON_1>'],
    ['html escaping', '&lt;PERSON_1&gt;', '<PERSON_1>'],
    ['numeric html escaping', '&#60;PERSON_1&#62;', '<PERSON_1>'],
    ['markdown bracket escaping', '\\<PERSON_1\\>', '<PERSON_1>'],
    ['markdown underscore escaping', 'PERSON\\_1', '<PERSON_1>'],
    ['markdown underscores in a long type', '<DATE\\_OF\\_BIRTH\\_3>', '<DATE_OF_BIRTH_3>'],
    ['deterministic', `<PERSON_${K}>`, `<PERSON_${K}>`],
    ['deterministic upper-cased', `<PERSON_${K.toUpperCase()}>`, `<PERSON_${K}>`],
    ['deterministic bare', `PERSON_${K}`, `<PERSON_${K}>`],
  ])('%s: %s', (_label, raw, token) => {
    const m = scanTokens(raw);
    expect(m).toEqual([{ start: 0, end: raw.length, token, raw }]);
  });

  it.each([
    ["<PERSON_1>'s", '<PERSON_1>'],
    ['<PERSON_1>.', '<PERSON_1>'],
    ['(PERSON_1)', 'PERSON_1'],
    ['**PERSON_1**', 'PERSON_1'],
    ['"<PERSON_1>",', '<PERSON_1>'],
    ['[Contact PERSON_1](mailto:x)', 'PERSON_1'],
    ['C:\\<PERSON_1>\\x', '<PERSON_1>'],
    ['<<EMAIL_1>>', '<EMAIL_1>'],
    ['[<EMAIL_1>]', '<EMAIL_1>'],
    ['x<PERSON_1>y', '<PERSON_1>'],
  ])('glued punctuation is kept out of the match: %s', (text, raw) => {
    expect(scanTokens(text).map((m) => m.raw)).toEqual([raw]);
  });

  it('finds repeated and reordered tokens in one pass', () => {
    const text = 'PERSON_2 met <person_1>; [PERSON_2] and &lt;PERSON_1&gt; again, then <AADHAAR_1>.';
    expect(scanTokens(text).map((m) => m.token)).toEqual(['<PERSON_2>', '<PERSON_1>', '<PERSON_2>', '<PERSON_1>', '<AADHAAR_1>']);
  });

  it.each([
    ['lower-case bare identifiers (code)', 'user_1 = item_2'],
    ['leading zero', '<PERSON_01>'],
    ['zero', '<PERSON_0>'],
    ['one-letter type', '<X_1>'],
    ['glued to a word', 'xPERSON_1 PERSON_1x'],
    ['double underscore', '<PERSON__1>'],
    ['wrong hmac length', '<PERSON_k3f7x2qa>'],
    ['hmac with non-base32', '<PERSON_k3f9x2qak3f9x2qa>'],
    ['too many digits', '<PERSON_1234567890>'],
    ['no suffix', '<PERSON>'],
    ['html tags', '<b>bold</b> <br/>'],
    ['email-ish', 'mail me at a_1@example.com'],
  ])('not a token: %s', (_label, text) => {
    expect(scanTokens(text)).toEqual([]);
  });

  it('bounds: the longest match fits TOKEN_MAX_SPAN and longer identifiers are not tokens', () => {
    const type = `A${'B'.repeat(31)}`;
    const longest = `&#x3c;${type}_${K}&#x3e;`;
    expect(scanTokens(longest)[0]?.end).toBe(longest.length);
    expect(longest.length).toBeLessThanOrEqual(TOKEN_MAX_SPAN);
    expect(scanTokens(`<${'A'.repeat(33)}_1>`)).toEqual([]);
    expect(scanTokens(`<${'A'.repeat(BODY_MAX + 10)}_1>`)).toEqual([]);
  });

  it('canonicalToken rejects bare lower-case types but accepts them in brackets', () => {
    expect(canonicalToken('person_1', false)).toBeUndefined();
    expect(canonicalToken('person_1', true)).toBe('<PERSON_1>');
  });

  it('is ReDoS-safe (recheck)', async () => {
    const result = await check(TOKEN_SCAN_SOURCE, 'gi', { timeout: 90_000 });
    expect(result.status).toBe('safe');
  }, 180_000);

  it('stays linear on hostile input', () => {
    const hostile = `${'<A_'.repeat(50_000)}${'A'.repeat(100_000)}${'\\_'.repeat(50_000)}`;
    expect(Array.isArray(scanTokens(hostile))).toBe(true);
  });
});

describe('token names', () => {
  it.each([
    ['PERSON', 'PERSON'],
    ['DATE_OF_BIRTH', 'DATE_OF_BIRTH'],
    ['employee-id', 'EMPLOYEE_ID'],
    ['9LIVES', 'LIVES'],
    ['X', 'XX'],
    ['A'.repeat(40), 'A'.repeat(32)],
  ])('tokenPrefix(%s) = %s', (type, prefix) => {
    expect(tokenPrefix(type)).toBe(prefix);
    expect(canonicalToken(`${prefix}_1`, false)).toBe(`<${prefix}_1>`);
  });

  it('base32 is RFC 4648 (test vectors, lower-case, unpadded)', () => {
    expect(base32(Buffer.from(''))).toBe('');
    expect(base32(Buffer.from('f'))).toBe('my');
    expect(base32(Buffer.from('foobar'))).toBe('mzxw6ytboi');
  });

  it('deterministic suffixes carry 80 bits: birthday bound for 10^9 values of one type is about 4e-7', () => {
    const bits = HMAC_SUFFIX_LEN * 5;
    expect(bits).toBe(80);
    const n = 1e9;
    const p = (n * (n - 1)) / 2 / 2 ** bits;
    expect(p).toBeLessThan(5e-7);
    expect(p).toBeGreaterThan(3e-7);
  });
});
