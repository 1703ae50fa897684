import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../src/transform/compile.js';
import type { Policy } from '../../src/decide/policy.js';
import { deriveHashKey, hmacDigest, normaliseForHash } from '../../src/transform/operators/hash.js';
import { maskValue } from '../../src/transform/operators/mask.js';
import { scanTokens } from '../../src/token.js';

const SECRET = 'test-secret-0123456789abcdef';

/** Apply one action with params to one value of one type through a compiled policy. */
function run(type: string, value: string, entry: Policy['defaults'], secret: string | undefined = SECRET) {
  const policy: Policy = { name: 't', entities: { [type]: entry! } };
  if (secret !== undefined) policy.secret = secret;
  return compilePolicy(policy).decider()({ type, text: value });
}

function text(type: string, value: string, entry: Policy['defaults']): string {
  const d = run(type, value, entry);
  if (d.action !== 'replace') throw new Error(`expected replace, got ${d.action}`);
  return d.text;
}

describe('mask', () => {
  it.each([
    ['AADHAAR', '2345 6789 0124', 'XXXX XXXX 0124'],
    ['AADHAAR', '234567890124', 'XXXX XXXX 0124'],
    ['AADHAAR', '2345-6789-0124', 'XXXX XXXX 0124'],
    ['AADHAAR', '२३४५ ६७८९ ०१२४', 'XXXX XXXX ०१२४'],
    ['AADHAAR', '9123 4567 8901 2346', 'XXXX XXXX XXXX 2346'],
    ['PHONE', '+91 98765 43210', '+91 98XXX XX210'],
    ['PHONE', '+91-98765-43210', '+91-98XXX-XX210'],
    ['PHONE', '9876543210', '98XXXXX210'],
    ['PHONE', '098765 43210', '098XXX XX210'],
    ['PHONE', '919876543210', '9198XXXXX210'],
    ['PHONE', '0091 98765 43210', '0091 98XXX XX210'],
    ['PHONE', '(+91) 98765-43210', '(+91) 98XXX-XX210'],
    ['CREDIT_CARD', '4111 1111 1111 1234', 'XXXX XXXX XXXX 1234'],
    ['CREDIT_CARD', '4111-1111-1111-1234', 'XXXX-XXXX-XXXX-1234'],
    ['CREDIT_CARD', '4111111111111234', 'XXXXXXXXXXXX1234'],
    ['EMAIL', 'ravi.kumar@gmail.com', 'r***@gmail.com'],
    ['EMAIL', 'r@example.in', '***@example.in'],
    ['UPI_ID', 'ravi@okaxis', 'r***@okaxis'],
    ['PAN', 'ABCPK1234F', 'XXXXXX234F'],
    ['BANK_ACCOUNT', '001234567890', 'XXXXXXXX7890'],
    ['IFSC', 'SBIN0001234', 'XXXXXXX1234'],
    ['PASSPORT', 'K1234567', 'XXXX4567'],
    ['DATE_OF_BIRTH', '12/03/1985', 'XX/XX/1985'],
    ['PERSON', 'Ravi Kumar', 'XXXX XXXXX'],
    ['HEALTH', 'type 2 diabetes', 'XXXX X XXXXXXXX'],
    ['CITY', 'Bangalore', 'XXXXXXXXX'],
    ['AGE', '42', 'XX'],
    ['EMPLOYEE_ID', 'EMP-00042', 'XXX-X0042'],
    ['PIN_CODE', '560001', 'XXX001'],
  ])('%s %s → %s', (type, value, expected) => {
    expect(maskValue(value, type, {})).toBe(expected);
  });

  it.each([
    ['AADHAAR', '2345 6789 0124', { char: '*' }, '**** **** 0124'],
    ['PHONE', '+91 98765 43210', { char: '•', visibleStart: 0, visibleEnd: 4 }, '+91 ••••• •3210'],
    ['CREDIT_CARD', '4111 1111 1111 1234', { visibleStart: 6, visibleEnd: 2 }, '4111 11XX XXXX XX34'],
    ['EMAIL', 'ravi.kumar@gmail.com', { visibleStart: 3 }, 'rav***@gmail.com'],
    ['EMAIL', 'ravi.kumar@gmail.com', { char: '#' }, 'r###@gmail.com'],
    ['PAN', 'ABCPK1234F', { visibleEnd: 2, char: '#' }, '########4F'],
    ['PERSON', 'Ravi Kumar', { visibleStart: 1 }, 'RXXX XXXXX'],
  ])('%s %s with %o → %s', (type, value, params, expected) => {
    expect(text(type, value, { action: 'mask', params })).toBe(expected);
  });

  it('never shows more than half of a generic value, whatever the counts say', () => {
    expect(maskValue('AB12', 'CUSTOM', {})).toBe('XX12');
    expect(maskValue('A1', 'CUSTOM', { visibleEnd: 32 })).toBe('X1');
    expect(maskValue('7', 'CUSTOM', {})).toBe('X');
    expect(maskValue('98765', 'PHONE', {})).toBe('9XXX5');
  });
});

describe('redact', () => {
  it.each([
    ['AADHAAR', undefined, '[AADHAAR]'],
    ['PERSON', { label: '<name>' }, '<name>'],
    ['HEALTH', { label: '<{type} removed>' }, '<HEALTH removed>'],
    ['EMPLOYEE_ID', {}, '[EMPLOYEE_ID]'],
  ])('%s with %o → %s', (type, params, expected) => {
    const entry = params === undefined ? { action: 'redact' as const } : { action: 'redact' as const, params };
    const known = type === 'EMPLOYEE_ID' ? 'AADHAAR' : type;
    const d = compilePolicy({ name: 't', entities: { [known]: entry } }).decider()({ type: known, text: 'x' });
    expect(d).toEqual({ action: 'replace', text: expected.replace('EMPLOYEE_ID', known), via: 'redact' });
  });
});

describe('keep and pseudonymise', () => {
  it('keep leaves the value; pseudonymise hands it to the vault', () => {
    expect(run('AGE', '42', { action: 'keep' })).toEqual({ action: 'keep', via: 'keep' });
    expect(run('PERSON', 'Ravi Kumar', { action: 'pseudonymise' })).toEqual({ action: 'pseudonymise', via: 'pseudonymise' });
  });

  it('types the policy does not name follow defaults (pseudonymise when there are none)', () => {
    const d = compilePolicy({ name: 't' }).decider();
    expect(d({ type: 'PAN', text: 'ABCPK1234F' }).action).toBe('pseudonymise');
    const m = compilePolicy({ name: 't', defaults: { action: 'mask' } }).decider();
    expect(m({ type: 'PAN', text: 'ABCPK1234F' })).toEqual({ action: 'replace', text: 'XXXXXX234F', via: 'mask' });
  });
});

describe('hash', () => {
  it.each([
    ['AADHAAR', '2345 6789 0124', {}, /^AADHAAR#[0-9a-f]{10}$/],
    ['AADHAAR', '2345 6789 0124', { length: 16 }, /^AADHAAR#[0-9a-f]{16}$/],
    ['PERSON', 'Ravi Kumar', { format: 'token' }, /^<PERSON_[a-z][a-z2-7]{11}>$/],
    ['PERSON', 'Ravi Kumar', { format: 'token', length: 8 }, /^<PERSON_[a-z][a-z2-7]{7}>$/],
    ['BANK_ACCOUNT', '001234567890', { format: 'token', length: 15 }, /^<BANK_ACCOUNT_[a-z][a-z2-7]{14}>$/],
  ])('%s %s with %o has the shape %s', (type, value, params, shape) => {
    expect(text(type, value, { action: 'hash', params })).toMatch(shape);
  });

  it('is deterministic and ignores layout: separators, Devanagari digits, case, country code', () => {
    const h = (type: string, v: string): string => text(type, v, { action: 'hash' });
    expect(h('AADHAAR', '2345 6789 0124')).toBe(h('AADHAAR', '234567890124'));
    expect(h('AADHAAR', '२३४५ ६७८९ ०१२४')).toBe(h('AADHAAR', '2345-6789-0124'));
    expect(h('PHONE', '+91 98765 43210')).toBe(h('PHONE', '9876543210'));
    expect(h('PERSON', 'Ravi  Kumar')).toBe(h('PERSON', 'ravi kumar'));
    expect(h('PAN', 'abcpk1234f')).toBe(h('PAN', 'ABCPK1234F'));
    expect(h('AADHAAR', '2345 6789 0124')).not.toBe(h('AADHAAR', '3456 7890 1241'));
  });

  it('is keyed: another secret gives another output, and the type separates equal values', () => {
    const a = run('PIN_CODE', '560001', { action: 'hash' }, SECRET);
    const b = run('PIN_CODE', '560001', { action: 'hash' }, 'another-secret-0123456789');
    expect(a).not.toEqual(b);
    const key = deriveHashKey(SECRET);
    expect(hmacDigest(key, 'AGE', '42').equals(hmacDigest(key, 'PIN_CODE', '42'))).toBe(false);
  });

  it('is never an unsalted digest: without a key the policy cannot be bound', () => {
    const p = compilePolicy({ name: 'h', entities: { PAN: { action: 'hash' } } });
    expect(p.needsKey).toBe(true);
    expect(() => p.decider()).toThrow(expect.objectContaining({ code: 'KEY_MISSING' }));
    const withEngineKey = p.decider({ keyMaterial: new Uint8Array(32).fill(7) })({ type: 'PAN', text: 'ABCPK1234F' });
    expect(withEngineKey.action).toBe('replace');
    expect(() => deriveHashKey('short')).toThrow(expect.objectContaining({ code: 'KEY_INVALID' }));
  });

  it('the policy secret wins over engine key material', () => {
    const p = compilePolicy({ name: 'h', secret: SECRET, entities: { PAN: { action: 'hash' } } });
    const a = p.decider({ keyMaterial: new Uint8Array(32).fill(1) })({ type: 'PAN', text: 'ABCPK1234F' });
    const b = p.decider({ keyMaterial: new Uint8Array(32).fill(2) })({ type: 'PAN', text: 'ABCPK1234F' });
    expect(a).toEqual(b);
  });

  it('hash tokens never scan as vault tokens (deanonymise leaves them alone)', () => {
    for (let i = 0; i < 200; i++) {
      const t = text('PERSON', `Person ${i}`, { action: 'hash', params: { format: 'token', length: 8 } });
      expect(scanTokens(t)).toEqual([]);
    }
  });

  it('normalises per type', () => {
    expect(normaliseForHash('PHONE', '+91 98765 43210')).toBe(normaliseForHash('PHONE', '09876543210'));
    expect(normaliseForHash('AADHAAR', '२३४५-६७८९ ०१२४')).toBe('234567890124');
    expect(normaliseForHash('EMAIL', ' Ravi@Gmail.com ')).toBe('ravi@gmail.com');
  });
});
