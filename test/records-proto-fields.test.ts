/** Field names that are also Object.prototype members are ordinary names: no hint, no type. */
import { describe, expect, it } from 'vitest';
import { anonymiseRecord, fieldLabel, FIELD_HINTS } from '../src/records/records.js';
import { createMemoryVault } from '../src/vault/memory.js';

const vault = createMemoryVault();

describe('field names like Object.prototype members', () => {
  it.each(['constructor', 'CONSTRUCTOR', 'con_structor', 'Con-Structor'])('a number under %s is left a number, as under any unhinted name', async (field) => {
    const r = await anonymiseRecord({ [field]: 9876543210, foo: 9876543210 }, { vault });
    expect(r.record).toEqual({ [field]: 9876543210, foo: 9876543210 });
    expect(r.retyped).toEqual([]);
    expect(r.entities).toEqual([]);
  });

  it('labels such a field with its own words', () => {
    expect(fieldLabel('constructor')).toBe('constructor');
    expect(fieldLabel('Constructor')).toBe('Constructor');
    // A hint given by the caller (options.fields) that is no type's name: the field's own words.
    expect(fieldLabel('ref_no', 'toString')).toBe('ref no');
    expect(fieldLabel('mobile')).toBe('Mobile');
  });

  it('leaves FIELD_HINTS a frozen plain object of the hinted names', () => {
    expect(Object.isFrozen(FIELD_HINTS)).toBe(true);
    expect(Object.getPrototypeOf(FIELD_HINTS)).toBe(Object.prototype);
    expect(FIELD_HINTS.mobile).toBe('PHONE');
    expect(Object.hasOwn(FIELD_HINTS, 'constructor')).toBe(false);
  });
});
