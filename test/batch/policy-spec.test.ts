import { afterEach, describe, expect, it } from 'vitest';
import { travellingPolicy } from '../../src/batch/policy-spec.js';
import { defaultFlow } from '../../src/anonymise.js';
import { compilePolicy } from '../../src/transform/compile.js';
import { registerRule, unregisterRule } from '../../src/transform/rules/registry.js';

const KEY = new Uint8Array(32).fill(7);
const plain = { name: 'p', defaults: { action: 'pseudonymise' }, entities: { PHONE: { action: 'hash' }, EMAIL: { action: 'mask' } } } as const;

describe('travellingPolicy: which policies the pool threads apply themselves', () => {
  afterEach(() => {
    unregisterRule('my-band');
  });

  it('presets and plain data travel, with the key material and a fresh id each time', () => {
    for (const p of [undefined, 'llm', 'dataset', 'strict', plain] as const) {
      const spec = travellingPolicy(p, KEY);
      expect(spec, String(p)).toMatchObject({ input: p, keyMaterial: KEY });
      expect(spec!.id).not.toBe(travellingPolicy(p, KEY)!.id);
    }
  });

  it('a decider, a plan or a compiled policy stays in the calling thread (not plain data)', () => {
    expect(travellingPolicy(() => ({ action: 'keep' }), KEY)).toBeUndefined();
    expect(travellingPolicy(defaultFlow.plan('llm'), KEY)).toBeUndefined();
    expect(travellingPolicy(compilePolicy(plain), KEY)).toBeUndefined();
  });

  it('a user rule in the default registry keeps every policy here (the threads do not have it)', () => {
    registerRule('my-band', { '*': 'any' });
    expect(travellingPolicy('llm', KEY)).toBeUndefined();
    expect(travellingPolicy(plain, KEY)).toBeUndefined();
    unregisterRule('my-band');
    expect(travellingPolicy('llm', KEY)).toBeDefined();
  });

  it('a policy naming a type no built-in detector reports stays here', () => {
    expect(travellingPolicy({ name: 'c', entities: { EMPLOYEE_ID: { action: 'pseudonymise' } } } as never, KEY)).toBeUndefined();
    expect(travellingPolicy({ name: 'c', entities: { PAN: { action: 'pseudonymise' } } }, KEY)).toBeDefined();
  });
});
