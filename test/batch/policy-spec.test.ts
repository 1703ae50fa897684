import { afterEach, describe, expect, it } from 'vitest';
import { travellingPlan } from '../../src/batch/policy-spec.js';
import { boundFrom, defaultFlow } from '../../src/anonymise.js';
import { bindPolicy, compilePolicy } from '../../src/transform/compile.js';
import { registerRule, unregisterRule } from '../../src/transform/rules/registry.js';
import type { PolicyOption } from '../../src/decide/input.js';

const plain = { name: 'p', defaults: { action: 'pseudonymise' }, entities: { PHONE: { action: 'hash' }, EMAIL: { action: 'mask' } } } as const;
const spec = (policy: PolicyOption | undefined) => travellingPlan(defaultFlow.plan(policy));

describe('travellingPlan: which policies the pool threads apply themselves', () => {
  afterEach(() => {
    unregisterRule('my-band');
  });

  it('presets and plain data travel as bound (plain data, the binding key material), with a fresh id each time', () => {
    for (const p of [undefined, 'llm', 'dataset', 'strict', plain] as const) {
      const s = spec(p);
      const from = boundFrom(defaultFlow.plan(p))!;
      expect(s, String(p)).toMatchObject({ input: from.input, keyMaterial: from.keyMaterial });
      expect(typeof s!.input).toBe('object');
      expect(s!.id).not.toBe(spec(p)!.id);
    }
    expect(spec(plain)!.input).toEqual(plain);
    expect(spec(plain)!.input).not.toBe(plain); // a copy made at binding time
  });

  it('a decider, a plan bound elsewhere or a compiled policy stays in the calling thread (not plain data)', () => {
    expect(spec(() => ({ action: 'keep' }))).toBeUndefined();
    expect(spec(bindPolicy('llm', { keyMaterial: new Uint8Array(32).fill(3) }))).toBeUndefined();
    expect(spec(compilePolicy(plain))).toBeUndefined();
  });

  it('a user rule in the default registry keeps every policy here (the threads do not have it)', () => {
    registerRule('my-band', { '*': 'any' });
    expect(spec('llm')).toBeUndefined();
    expect(spec(plain)).toBeUndefined();
    unregisterRule('my-band');
    expect(spec('llm')).toBeDefined();
  });

  it('a policy naming a type no built-in detector reports stays here', () => {
    const custom = { name: 'c', entities: { EMPLOYEE_ID: { action: 'pseudonymise' } } };
    // The caller's registry refuses an unknown type: the check matters for types a custom detector registered.
    expect(() => defaultFlow.plan(custom as never)).toThrow();
    expect(spec({ name: 'c', entities: { PAN: { action: 'pseudonymise' } } })).toBeDefined();
  });
});
