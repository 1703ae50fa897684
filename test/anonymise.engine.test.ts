// Each engine owns its detector and rule registries (copies of the default ones taken when it is
// built): what one engine registers, plain calls and other engines do not see, and the reverse.
import { afterEach, describe, expect, it } from 'vitest';
import { anonymise } from '../src/anonymise.js';
import { unregisterDetector } from '../src/detect/detect.js';
import { detect } from '../src/resolve/detect.js';
import { createEngine } from '../src/engine.js';
import { compilePolicy } from '../src/transform/compile.js';
import { listRules, registerRule, unregisterRule } from '../src/transform/rules/registry.js';

const EMPLOYEE = {
  id: 'employee-id',
  type: 'EMPLOYEE_ID',
  patterns: [{ name: 'emp', source: '(?<![A-Za-z0-9])EMP-[0-9]{6}(?![A-Za-z0-9])', score: 0.9 }],
};
const TEXT = 'employee EMP-123456 joined';

afterEach(() => {
  unregisterRule('engine-bucket');
  unregisterRule('global-bucket');
  unregisterDetector('employee-id');
});

describe('engine-owned detectors', () => {
  it('a detector registered on an engine is used by that engine only', async () => {
    const a = createEngine();
    const b = createEngine();
    a.registerDetector(EMPLOYEE);
    expect(a.listDetectors().some((d) => d.id === 'employee-id')).toBe(true);
    expect(b.listDetectors().some((d) => d.id === 'employee-id')).toBe(false);
    expect(a.detect(TEXT).map((e) => e.type)).toEqual(['EMPLOYEE_ID']);
    expect(detect(TEXT).filter((e) => e.type === 'EMPLOYEE_ID')).toEqual([]);

    expect((await a.anonymise(TEXT)).text).toBe('employee <EMPLOYEE_ID_1> joined');
    expect((await b.anonymise(TEXT)).text).toBe(TEXT);
    expect((await anonymise(TEXT)).text).toBe(TEXT);
    // A record on the engine goes through the engine's detectors too.
    expect((await a.anonymiseRecord({ note: TEXT })).record).toEqual({ note: 'employee <EMPLOYEE_ID_1> joined' });

    // A per-call policy may name the engine's type; the default registry does not know it.
    const masked = await a.anonymise(TEXT, { policy: { name: 'm', entities: { EMPLOYEE_ID: { action: 'redact' } } } });
    expect(masked.text).toBe('employee [EMPLOYEE_ID] joined');
    expect(() => compilePolicy({ name: 'm', entities: { EMPLOYEE_ID: { action: 'redact' } } })).toThrow(expect.objectContaining({ code: 'INVALID_POLICY' }));
    await expect(b.anonymise(TEXT, { policy: { name: 'm', entities: { EMPLOYEE_ID: { action: 'redact' } } } })).rejects.toMatchObject({ code: 'INVALID_POLICY' });

    expect(a.unregisterDetector('employee-id')).toBe(true);
    expect((await a.anonymise(TEXT)).text).toBe(TEXT);
  });
});

describe('engine-owned rules', () => {
  const policy = { name: 'bucketed', entities: { CITY: { action: 'generalise' as const, rule: 'engine-bucket' } } };

  it('a rule registered on an engine is seen by that engine only', async () => {
    const a = createEngine();
    a.registerRule('engine-bucket', () => 'SOMEWHERE');
    expect(a.listRules()).toContain('engine-bucket');
    expect(listRules()).not.toContain('engine-bucket');
    const r = await a.anonymise('I live in Pune.', { policy });
    expect(r.text).toBe('I live in SOMEWHERE.');
    expect(() => compilePolicy(policy)).toThrow(expect.objectContaining({ code: 'INVALID_POLICY', message: expect.stringMatching(/entities\.CITY\.rule/) }));
    expect(() => createEngine({ policy })).toThrow(expect.objectContaining({ code: 'INVALID_POLICY' }));
    expect(a.unregisterRule('engine-bucket')).toBe(true);
    await expect(a.anonymise('I live in Pune.', { policy: { ...policy, name: 'again' } })).rejects.toMatchObject({ code: 'INVALID_POLICY' });
  });

  it('an engine starts with the default registry as it is when the engine is built', async () => {
    registerRule('global-bucket', { pune: 'WEST', '*': 'ELSEWHERE' });
    const e = createEngine({ policy: { name: 'g', entities: { CITY: { action: 'generalise', rule: 'global-bucket' } } } });
    unregisterRule('global-bucket');
    expect(e.listRules()).toContain('global-bucket');
    expect((await e.anonymise('I live in Pune.')).text).toBe('I live in WEST.');
  });
});
