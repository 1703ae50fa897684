// anonymiseRecord starts every string of a record before awaiting any, through a coalescing view of
// the vault: one tokenize request per record, holding the strings' requests in leaf order, so the
// tokens are numbered as one string after another numbers them.
import { describe, expect, it } from 'vitest';
import { anonymise } from '../src/anonymise.js';
import { anonymiseRecord, deanonymiseRecord } from '../src/records/records.js';
import type { TokenRequest, Vault } from '../src/vault/interface.js';
import { createMemoryVault } from '../src/vault/memory.js';

/** A vault that records each tokenize call's request types and values' lengths (never the values). */
function counting(inner: Vault): { vault: Vault; calls: Array<Array<[string, number]>> } {
  const calls: Array<Array<[string, number]>> = [];
  const vault = Object.create(inner) as Vault;
  Object.defineProperty(vault, 'tokenize', {
    value: (reqs: readonly TokenRequest[], ...rest: unknown[]) => {
      calls.push(reqs.map((r) => [r.type, r.value.length]));
      return (inner.tokenize as (...a: unknown[]) => Promise<string[]>).call(inner, reqs, ...rest);
    },
  });
  return { vault, calls };
}

const RECORD = {
  customer: { name: 'Asha Rao', mobile: '9876543210' },
  nominee: 'Kaizad Dastur',
  notes: ['call Ravi Kumar on 98203 41576', 'seen <PERSON_1> before', 'Aadhaar 2345 6789 0124'],
  age: 42,
};

describe('a record asks the vault once', () => {
  it('one tokenize request per record, in leaf order, numbered as string after string', async () => {
    const { vault, calls } = counting(createMemoryVault());
    const r = await anonymiseRecord(RECORD, { vault, session: 's1' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.map(([t]) => t)).toEqual(['PERSON', 'PHONE', 'PERSON', 'PERSON', 'PHONE', 'LITERAL', 'AADHAAR']);
    // The oracle: the same strings, behind the same labels, one anonymise call after another.
    const seq = counting(createMemoryVault());
    const one = async (text: string): Promise<string> => (await anonymise(text, { vault: seq.vault, session: 's1' })).text;
    const want = {
      customer: { name: (await one('Name: Asha Rao')).slice(6), mobile: (await one('Mobile: 9876543210')).slice(8) },
      nominee: (await one('Name: Kaizad Dastur')).slice(6),
      notes: [(await one('notes: call Ravi Kumar on 98203 41576')).slice(7), (await one('notes: seen <PERSON_1> before')).slice(7), (await one('notes: Aadhaar 2345 6789 0124')).slice(7)],
      age: 42,
    };
    expect(seq.calls.length).toBeGreaterThan(1);
    expect(r.record).toEqual(want);
    expect((await deanonymiseRecord(r.record, { vault, session: 's1' })).record).toEqual(RECORD);
  });

  it('a vault that fails fails the record with its error, and no string is left unsettled', async () => {
    const inner = createMemoryVault();
    const vault = Object.create(inner) as Vault;
    Object.defineProperty(vault, 'tokenize', { value: () => Promise.reject(new Error('vault down')) });
    await expect(anonymiseRecord(RECORD, { vault, session: 's2' })).rejects.toThrow('vault down');
  });
});
