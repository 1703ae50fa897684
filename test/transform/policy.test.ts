import { afterEach, describe, expect, it } from 'vitest';
import { registerDetector, unregisterDetector } from '../../src/detect/detect.js';
import { extendPolicy } from '../../src/decide/input.js';
import { compilePolicy, isCompiledPolicy } from '../../src/transform/compile.js';
import { PRESETS } from '../../src/decide/presets.js';
import { registerRule, unregisterRule } from '../../src/transform/rules/registry.js';

/** Every kind of mistake → INVALID_POLICY at compile time, with the field path at the start of the message. */
describe('compilePolicy rejects bad policies, naming the field', () => {
  it.each([
    ['not an object', 42, /^policy: /],
    ['an unknown preset name', 'lenient', /^policy: unknown preset/],
    ['no name', { entities: {} }, /^name: /],
    ['an empty name', { name: '' }, /^name: /],
    ['an unknown top-level field', { name: 'p', entites: {} }, /^entites: unknown field/],
    ['entities not an object', { name: 'p', entities: [] }, /^entities: /],
    ['an unknown entity type', { name: 'p', entities: { AADHAR: { action: 'mask' } } }, /^entities\.AADHAR: unknown entity type/],
    ['MONEY as an entity type', { name: 'p', entities: { MONEY: { action: 'mask' } } }, /^entities\.MONEY: .*money field/],
    ['an entry that is a string', { name: 'p', entities: { PAN: 'mask' } }, /^entities\.PAN: must be an object/],
    ['an unknown action', { name: 'p', entities: { PAN: { action: 'encrypt' } } }, /^entities\.PAN\.action: must be one of/],
    ['a missing action', { name: 'p', entities: { PAN: {} } }, /^entities\.PAN\.action: /],
    ['an unknown entry field', { name: 'p', entities: { PAN: { action: 'mask', char: '*' } } }, /^entities\.PAN\.char: unknown field/],
    ['a rule on a non-generalise action', { name: 'p', entities: { AGE: { action: 'mask', rule: 'age-band' } } }, /^entities\.AGE\.rule: applies only/],
    ['a fallback on a non-generalise action', { name: 'p', entities: { AGE: { action: 'keep', fallback: 'redact' } } }, /^entities\.AGE\.fallback: /],
    ['an unknown rule', { name: 'p', entities: { AGE: { action: 'generalise', rule: 'decade' } } }, /^entities\.AGE\.rule: unknown rule/],
    ['a rule for another type', { name: 'p', entities: { CITY: { action: 'generalise', rule: 'age-band' } } }, /^entities\.CITY\.rule: rule age-band applies to AGE/],
    ['generalise with no default rule', { name: 'p', entities: { PAN: { action: 'generalise' } } }, /^entities\.PAN\.rule: generalise for PAN needs a rule/],
    ['a bad fallback', { name: 'p', entities: { AGE: { action: 'generalise', fallback: 'hash' } } }, /^entities\.AGE\.fallback: must be one of/],
    ['width 0', { name: 'p', entities: { AGE: { action: 'generalise', params: { width: 0 } } } }, /^entities\.AGE\.params\.width: must be an integer in \[1, 50\]/],
    ['width not an integer', { name: 'p', entities: { AGE: { action: 'generalise', params: { width: 2.5 } } } }, /^entities\.AGE\.params\.width: /],
    ['width as a string', { name: 'p', entities: { AGE: { action: 'generalise', params: { width: '10' } } } }, /^entities\.AGE\.params\.width: /],
    ['top below width', { name: 'p', entities: { AGE: { action: 'generalise', params: { width: 20, top: 10 } } } }, /^entities\.AGE\.params\.top: must be at least width/],
    ['a misspelt rule parameter', { name: 'p', entities: { AGE: { action: 'generalise', params: { widht: 5 } } } }, /^entities\.AGE\.params\.widht: unknown parameter \(allowed: width, top\)/],
    ['params not an object', { name: 'p', entities: { AGE: { action: 'generalise', params: 10 } } }, /^entities\.AGE\.params: must be an object/],
    ['a bad dob target', { name: 'p', entities: { DATE_OF_BIRTH: { action: 'generalise', params: { to: 'decade' } } } }, /^entities\.DATE_OF_BIRTH\.params\.to: /],
    ['a bad asOf date', { name: 'p', entities: { DATE_OF_BIRTH: { action: 'generalise', params: { to: 'age-band', asOf: '2025-02-30' } } } }, /^entities\.DATE_OF_BIRTH\.params\.asOf: must be a date/],
    ['band params with to: year', { name: 'p', entities: { DATE_OF_BIRTH: { action: 'generalise', params: { width: 5 } } } }, /^entities\.DATE_OF_BIRTH\.params\.width: applies only/],
    ['a bad city target', { name: 'p', entities: { CITY: { action: 'generalise', params: { to: 'country' } } } }, /^entities\.CITY\.params\.to: /],
    ['a bad pin digits', { name: 'p', entities: { PIN_CODE: { action: 'generalise', params: { to: 'prefix', digits: 6 } } } }, /^entities\.PIN_CODE\.params\.digits: /],
    ['a mask char that is a digit', { name: 'p', entities: { PAN: { action: 'mask', params: { char: '0' } } } }, /^entities\.PAN\.params\.char: /],
    ['a mask char of two characters', { name: 'p', entities: { PAN: { action: 'mask', params: { char: 'XX' } } } }, /^entities\.PAN\.params\.char: /],
    ['a negative visible count', { name: 'p', entities: { PAN: { action: 'mask', params: { visibleEnd: -1 } } } }, /^entities\.PAN\.params\.visibleEnd: /],
    ['an unknown mask parameter', { name: 'p', entities: { PAN: { action: 'mask', params: { keep: 4 } } } }, /^entities\.PAN\.params\.keep: unknown parameter/],
    ['an empty redact label', { name: 'p', entities: { PAN: { action: 'redact', params: { label: '' } } } }, /^entities\.PAN\.params\.label: /],
    ['a two-line redact label', { name: 'p', entities: { PAN: { action: 'redact', params: { label: 'a\nb' } } } }, /^entities\.PAN\.params\.label: must be one line/],
    ['a bad hash format', { name: 'p', entities: { PAN: { action: 'hash', params: { format: 'sha1' } } } }, /^entities\.PAN\.params\.format: /],
    ['a hash token as long as a vault token', { name: 'p', entities: { PAN: { action: 'hash', params: { format: 'token', length: 16 } } } }, /^entities\.PAN\.params\.length: must be at most 15/],
    ['a short hash length', { name: 'p', entities: { PAN: { action: 'hash', params: { length: 4 } } } }, /^entities\.PAN\.params\.length: /],
    ['params on keep', { name: 'p', entities: { PAN: { action: 'keep', params: { x: 1 } } } }, /^entities\.PAN\.params\.x: this takes no parameters/],
    ['params on pseudonymise', { name: 'p', entities: { PAN: { action: 'pseudonymise', params: { mode: 'x' } } } }, /^entities\.PAN\.params\.mode: /],
    ['a bad default action', { name: 'p', defaults: { action: 'drop' } }, /^defaults\.action: /],
    ['a typed rule as the default', { name: 'p', defaults: { action: 'generalise', rule: 'age-band' } }, /^defaults\.rule: rule age-band applies to AGE, not a default/],
    ['generalise default without a rule', { name: 'p', defaults: { action: 'generalise' } }, /^defaults\.rule: generalise as a default needs a rule/],
    ['a short secret', { name: 'p', secret: 'abc' }, /^secret: must be a string of at least 16/],
    ['money as a string', { name: 'p', money: 'yes' }, /^money: /],
    ['a bad money action', { name: 'p', money: { action: 'hash' } }, /^money\.action: /],
    ['an unknown money field', { name: 'p', money: { bands: [] } }, /^money\.bands: unknown field/],
    ['money context not a list', { name: 'p', money: { context: 'salary' } }, /^money\.context: /],
    ['an unknown field even when undefined', { name: 'p', extra: undefined }, /^extra: unknown field/],
    ['an empty money context word', { name: 'p', money: { context: ['ok', ''] } }, /^money\.context\[1\]: /],
  ])('%s', (_what, policy, message) => {
    let err: unknown;
    try {
      compilePolicy(policy as never);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ name: 'KavachError', code: 'INVALID_POLICY' });
    expect((err as Error).message).toMatch(message);
  });

  it('never puts the secret in an error message or in the compiled copy', () => {
    const secret = 'super-secret-value-1234567890';
    try {
      compilePolicy({ name: 'p', secret, entities: { PAN: { action: 'hash', params: { format: 'md5' } } } } as never);
    } catch (e) {
      expect((e as Error).message).not.toContain(secret);
    }
    const p = compilePolicy({ name: 'p', secret, entities: { PAN: { action: 'hash' } } });
    expect(JSON.stringify(p.policy)).not.toContain(secret);
  });
});

describe('plain data only', () => {
  afterEach(() => {
    unregisterRule('with-fn');
  });
  it('a function smuggled into a user rule\'s params is INVALID_POLICY, not a crash', () => {
    registerRule('with-fn', (v) => v, { params: ['f'] });
    const policy = { name: 'p', entities: { PERSON: { action: 'generalise' as const, rule: 'with-fn', params: { f: () => 1 } } } };
    expect(() => compilePolicy(policy)).toThrow(expect.objectContaining({ code: 'INVALID_POLICY', message: expect.stringMatching(/plain data/) }));
  });
});

describe('custom detector types', () => {
  afterEach(() => {
    unregisterDetector('employee-id');
  });

  it('are accepted once a detector reports them, and refused before', () => {
    const policy = { name: 'p', entities: { EMPLOYEE_ID: { action: 'redact' as const } } };
    expect(() => compilePolicy(policy)).toThrow(/entities\.EMPLOYEE_ID: unknown entity type/);
    registerDetector({ id: 'employee-id', type: 'EMPLOYEE_ID', patterns: [{ name: 'emp', source: 'EMP-[0-9]{5}', score: 0.9 }] });
    const d = compilePolicy(policy).decider()({ type: 'EMPLOYEE_ID', text: 'EMP-00042' });
    expect(d).toEqual({ action: 'replace', text: '[EMPLOYEE_ID]', via: 'redact' });
  });
});

describe('compiled policies', () => {
  it('compile presets by name, accept compiled input, and report their properties', () => {
    const llm = compilePolicy('llm');
    expect(isCompiledPolicy(llm)).toBe(true);
    expect(compilePolicy(llm)).toBe(llm);
    expect(llm.name).toBe('llm');
    expect(llm.reversible).toBe(true);
    expect(llm.needsKey).toBe(false);
    expect(llm.actionFor('AGE')).toBe('keep');
    expect(llm.actionFor('PAN')).toBe('pseudonymise');
    expect(Object.isFrozen(llm.policy)).toBe(true);
  });

  it('copy the input, so later edits to the object change nothing', () => {
    const policy = { name: 'p', entities: { PAN: { action: 'mask' as 'mask' | 'keep' } } };
    const c = compilePolicy(policy);
    policy.entities.PAN.action = 'keep';
    expect(c.actionFor('PAN')).toBe('mask');
  });

  it('load from JSON', () => {
    const json = '{"name":"from-json","defaults":{"action":"redact"},"entities":{"AGE":{"action":"generalise","rule":"age-band","params":{"width":5}}}}';
    const d = compilePolicy(JSON.parse(json)).decider();
    expect(d({ type: 'AGE', text: '42' })).toMatchObject({ text: '40-44' });
    expect(d({ type: 'PAN', text: 'ABCPK1234F' })).toMatchObject({ text: '[PAN]' });
  });
});

describe('extendPolicy', () => {
  it('merges entities per type and keeps the base untouched', () => {
    const p = extendPolicy('llm', { name: 'llm-masked-aadhaar', entities: { AADHAAR: { action: 'mask' }, AGE: { action: 'generalise' } } });
    expect(p.entities).toMatchObject({ AADHAAR: { action: 'mask' }, AGE: { action: 'generalise' }, HEALTH: { action: 'keep' }, CITY: { action: 'keep' } });
    expect(PRESETS.llm.entities).not.toHaveProperty('AADHAAR');
    const c = compilePolicy(p);
    expect(c.name).toBe('llm-masked-aadhaar');
    expect(c.actionFor('AADHAAR')).toBe('mask');
    expect(c.actionFor('PERSON')).toBe('pseudonymise');
  });

  it('names the result after the base when no name is given, and replaces other fields', () => {
    const p = extendPolicy(PRESETS.strict, { money: false, defaults: { action: 'redact' } });
    expect(p.name).toBe('strict+custom');
    const c = compilePolicy(p);
    expect(c.money).toBe(false);
    expect(c.actionFor('PAN')).toBe('redact');
  });

  it('an override with a mistake fails when compiled, naming the field', () => {
    const p = extendPolicy('llm', { entities: { AGE: { action: 'generalise', params: { width: 0 } } } });
    expect(() => compilePolicy(p)).toThrow(/^entities\.AGE\.params\.width/);
  });

  it('refuses an unknown base preset', () => {
    expect(() => extendPolicy('nope' as never, {})).toThrow(expect.objectContaining({ code: 'INVALID_POLICY' }));
  });
});
