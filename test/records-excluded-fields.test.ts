// A field excluded with `fields: { x: false }` is neither scanned nor changed, except that
// token-shaped text in it is escaped exactly as anonymise escapes it: otherwise `<PERSON_1>` written
// there would come back, after deanonymiseRecord, as whoever PERSON_1 is in the session.
import { describe, expect, it } from 'vitest';
import { anonymise } from '../src/anonymise.js';
import { anonymiseCsvRow, anonymiseRecord, deanonymiseCsvRow, deanonymiseRecord } from '../src/records/records.js';
import { generateKey } from '../src/vault/keys.js';
import { createMemoryVault } from '../src/vault/memory.js';

const vault = createMemoryVault();

describe('excluded fields keep token-shaped text as text', () => {
  it('a token-shaped value in an excluded field is escaped and restores as written', async () => {
    const input = { notes: '<PERSON_1>', name: 'Asha Rao' };
    const r = await anonymiseRecord(input, { vault, fields: { notes: false } });
    expect(r.record.name).toBe('<PERSON_1>');
    expect(r.record.notes).toMatch(/^<LITERAL_[0-9a-z]+>$/);
    expect(r.entities).toContainEqual(expect.objectContaining({ path: '/notes', action: 'escape', start: 0, end: 10 }));
    const back = await deanonymiseRecord(r.record, { vault, session: r.session });
    expect(back.record).toEqual(input);
  });

  it('the excluded field is matched by name without case or punctuation, as hints are', async () => {
    const input = [{ accountNo: '<PERSON_1>', name: 'Asha Rao' }];
    const r = await anonymiseRecord(input, { vault, fields: { 'Account No': false } });
    expect(r.record[0]!.accountNo).toMatch(/^<LITERAL_[0-9a-z]+>$/);
    expect((await deanonymiseRecord(r.record, { vault, session: r.session })).record).toEqual(input);
  });

  it('escapes exactly as anonymise does, and leaves the rest of the field unscanned', async () => {
    const value = 'Asha Rao wrote <PERSON_1> and {PHONE_1}, Aadhaar 2345 6789 0124, Rs. 5,000';
    const r = await anonymiseRecord({ notes: value, name: 'Asha Rao' }, { vault, fields: { notes: false } });
    const plain = await anonymise(value, { vault, session: r.session, detector: () => [] });
    expect(r.record.notes).toBe(plain.text);
    // Only the two token-shaped stretches changed: the name, the Aadhaar number and the money stay.
    expect(r.record.notes).toMatch(/^Asha Rao wrote <LITERAL_[0-9a-z]+> and <LITERAL_[0-9a-z]+>, Aadhaar 2345 6789 0124, Rs\. 5,000$/);
    expect(r.entities.filter((e) => e.path === '/notes').map((e) => e.action)).toEqual(['escape', 'escape']);
    expect((await deanonymiseRecord(r.record, { vault, session: r.session })).record).toEqual({ notes: value, name: 'Asha Rao' });
  });

  it('an excluded field without token-shaped text is returned unchanged, as are excluded numbers', async () => {
    const input = { notes: 'Asha Rao, 2345 6789 0124', mobile: 9876543210 };
    const r = await anonymiseRecord(input, { vault, fields: { notes: false, mobile: false } });
    expect(r.record).toEqual(input);
    expect(r.entities).toEqual([]);
    expect(r.retyped).toEqual([]);
  });

  it('CSV rows: an excluded column is escaped the same way', async () => {
    const headers = ['notes', 'name'];
    const row = ['<PERSON_1>', 'Asha Rao'];
    const r = await anonymiseCsvRow(headers, row, { vault, fields: { notes: false } });
    expect(r.row[1]).toBe('<PERSON_1>');
    expect(r.row[0]).toMatch(/^<LITERAL_[0-9a-z]+>$/);
    expect((await deanonymiseCsvRow(r.row, { vault, session: r.session })).row).toEqual(row);
  });

  it('deterministic mode escapes with deterministic literals, as anonymise does', async () => {
    const keyed = createMemoryVault({ key: generateKey() });
    const input = { notes: '<PERSON_1>', name: 'Asha Rao' };
    const r = await anonymiseRecord(input, { vault: keyed, mode: 'deterministic', fields: { notes: false } });
    const plain = await anonymise('<PERSON_1>', { vault: keyed, session: r.session, mode: 'deterministic', detector: () => [] });
    expect(r.record.notes).toBe(plain.text);
    expect(r.record.notes).toMatch(/^<LITERAL_[0-9a-z]{6,}>$/);
    expect((await deanonymiseRecord(r.record, { vault: keyed, session: r.session })).record).toEqual(input);
  });
});
