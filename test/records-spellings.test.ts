// Exact restore of records and CSV rows (src/records/sheets.ts): one value written two ways in two
// fields of one record gets one token, and both fields then read the same (`<AADHAAR_1>`). The
// spelling sheets used to be filed under that text only, so the second field's sheet was applied to
// the first as well and deanonymiseRecord gave back one spelling for both.
import { describe, expect, it } from 'vitest';
import { anonymise } from '../src/anonymise.js';
import { deanonymise } from '../src/deanonymise.js';
import { anonymiseCsvRow, anonymiseRecord, deanonymiseCsvRow, deanonymiseRecord } from '../src/records/records.js';
import type { SpellingEntry } from '../src/vault/interface.js';
import { createMemoryVault } from '../src/vault/memory.js';

const vault = createMemoryVault();

async function roundTrip<T>(record: T, session?: string): Promise<{ out: T; back: T }> {
  const r = await anonymiseRecord(record, { vault, ...(session ? { session } : {}) });
  const b = await deanonymiseRecord(r.record, { vault, session: r.session, retyped: r.retyped });
  return { out: r.record, back: b.record };
}

describe('a value written two ways in one record comes back as written in each field', () => {
  it.each([
    [{ a: '2345 6789 0124', b: '234567890124' }],
    [['2345 6789 0124', '234567890124']],
    [{ name: '+91 98765 43210', x: '9876543210' }],
    [['a@b.com', 'A@B.COM']],
    [{ aadhaar: '234567890124', notes: { text: 'Aadhaar 2345 6789 0124' }, again: ['2345-6789-0124'] }],
  ])('%j', async (record) => {
    const { out, back } = await roundTrip(record);
    expect(JSON.stringify(out)).not.toMatch(/2345|9876|a@b/i);
    expect(back).toEqual(record);
  });

  it('a number and a string of one phone: each its own spelling, the number a number', async () => {
    const record = { phone: '+91 98765 43210', mobile: 9876543210 };
    const { out, back } = await roundTrip(record);
    expect(out).toEqual({ phone: '<PHONE_1>', mobile: '{PHONE_1}' });
    expect(back).toEqual(record);
  });

  it('CSV rows', async () => {
    const row = ['2345 6789 0124', '234567890124'];
    const r = await anonymiseCsvRow(['aadhaar', 'aadhaar2'], row, { vault });
    expect(r.row).toEqual(['<AADHAAR_1>', '<AADHAAR_1>']);
    expect((await deanonymiseCsvRow(r.row, { vault, session: r.session })).row).toEqual(row);
  });

  it('rows of one session: the same column reading the same token in two rows keeps each row\'s spelling', async () => {
    const session = 'rows-of-one-session';
    const headers = ['aadhaar', 'name'];
    const rows = [['2345 6789 0124', 'Asha Rao'], ['234567890124', 'Ravi Kumar']];
    const out = [];
    for (const row of rows) out.push((await anonymiseCsvRow(headers, row, { vault, session })).row);
    expect(out.map((r) => r[0])).toEqual(['<AADHAAR_1>', '<AADHAAR_1>']);
    for (let i = 0; i < rows.length; i++) expect((await deanonymiseCsvRow(out[i]!, { vault, session })).row).toEqual(rows[i]);
  });

  it('a plain anonymise call of the session whose output reads like a field does not change the field', async () => {
    const session = 'plain-then-record';
    await anonymise('2345 6789 0124', { vault, session });
    const plain = await anonymise('234567890124', { vault, session });
    expect(plain.text).toBe('<AADHAAR_1>');
    const { out, back } = await roundTrip({ aadhaar: '2345 6789 0124' }, session);
    expect(out).toEqual({ aadhaar: '<AADHAAR_1>' });
    expect(back).toEqual({ aadhaar: '2345 6789 0124' });
  });

  it('a field\'s text alone still restores with its sheet (kavach restore of JSONL restores field by field)', async () => {
    const r = await anonymiseRecord({ a: '2345 6789 0124', b: 'Aadhaar 234567890124' }, { vault });
    expect(await deanonymise(r.record.b, { vault, session: r.session })).toBe('Aadhaar 234567890124');
    // A number's field as written back, with the number mark.
    const n = await anonymiseRecord<{ phone: string; mobile: number | string }>({ phone: '+91 98765 43210', mobile: 9876543210 }, { vault });
    expect(n.record.mobile).toBe('{PHONE_1}');
    expect(await deanonymise(String(n.record.mobile), { vault, session: n.session })).toBe('9876543210');
  });

  it('the vault is given no record text and no key text to file the sheets under', async () => {
    const spy = createMemoryVault();
    const keys: string[] = [];
    const save = spy.saveSpellings!.bind(spy);
    spy.saveSpellings = async (session: string, key: string, entries: readonly SpellingEntry[]): Promise<void> => {
      keys.push(key);
      return save(session, key, entries);
    };
    const record = { 'Asha Rao 9876543210': { a: '2345 6789 0124', b: '234567890124' } };
    const r = await anonymiseRecord(record, { vault: spy });
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(k).not.toMatch(/asha|9876|2345|6789/i);
    expect((await deanonymiseRecord(r.record, { vault: spy, session: r.session })).record).toEqual(record);
  });
});
