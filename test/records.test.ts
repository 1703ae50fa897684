import { describe, expect, it } from 'vitest';
import { callbackSink, type AuditEvent } from '../src/audit/index.js';
import { detect } from '../src/resolve/detect.js';
import { anonymiseCsvRow, anonymiseRecord, deanonymiseCsvRow, deanonymiseRecord, fieldKey } from '../src/records/records.js';
import type { PresetName } from '../src/decide/presets.js';
import { createEngine } from '../src/engine.js';
import { createMemoryVault } from '../src/vault/memory.js';

const vault = createMemoryVault();
const ALL = { name: 'pseudonymise-all', defaults: { action: 'pseudonymise' as const } };
const TOKEN = (type: string) => new RegExp(`^<${type}_[0-9a-z]+>$`);
/** A number replaced by one token carries the number mark: curly brackets. */
const NUMBER_TOKEN = (type: string) => new RegExp(`^\\{${type}_[0-9a-z]+\\}$`);

describe('field names mark weak values', () => {
  it.each([
    ['name', 'Ravi', 'PERSON'],
    ['customer_name', 'Anita', 'PERSON'],
    ['city', 'Pune', 'CITY'],
    ['age', '42', 'AGE'],
    ['pincode', '411001', 'PIN_CODE'],
    ['PIN Code', '560 001', 'PIN_CODE'],
    ['dob', '12/03/1985', 'DATE_OF_BIRTH'],
    ['aadhaar', '234567890124', 'AADHAAR'],
    ['pan', 'ABCPK1234F', 'PAN'],
    ['mobile', '9876543210', 'PHONE'],
    ['phoneNumber', '98765 43210', 'PHONE'],
    ['account_no', '001234567890', 'BANK_ACCOUNT'],
    ['accountNo', '001234567890', 'BANK_ACCOUNT'],
    ['email', 'ravi@example.com', 'EMAIL'],
    ['diagnosis', 'asthma', 'HEALTH'],
  ])('%s: %s → a %s token', async (field, value, type) => {
    const r = await anonymiseRecord({ [field]: value }, { policy: ALL, vault });
    const out = (r.record as Record<string, string>)[field]!;
    expect(out).toMatch(TOKEN(type));
    expect(r.entities).toEqual([expect.objectContaining({ path: `/${encodeURIComponent(field).replace(/%20/g, ' ')}`, type, start: 0, end: value.length })]);
    const back = await deanonymiseRecord(r.record, { session: r.session, vault });
    expect(back.record).toEqual({ [field]: value });
  });

  it.each([
    ['age', '42'],
    ['pincode', '411001'],
  ])('the same value under a neutral field name is left alone: %s %s', async (field, value) => {
    expect(detect(value)).toEqual([]);
    const r = await anonymiseRecord({ note: value }, { policy: ALL, vault });
    expect(r.record).toEqual({ note: value });
    const hinted = await anonymiseRecord({ [field]: value }, { policy: ALL, vault });
    expect(hinted.record).not.toEqual({ [field]: value });
  });

  it.each([
    ['aadhaar', '234567890123'], // Verhoeff fails: a field name does not make a bad number an Aadhaar
    ['age', '420'],
    ['pincode', '041100'],
    ['dob', '31/02/1985'],
    ['mobile', '12345'],
  ])('a hinted value that does not validate is not forced: %s %s', async (field, value) => {
    const r = await anonymiseRecord({ [field]: value }, { policy: 'strict', vault });
    expect(r.entities.filter((e) => e.type !== 'LITERAL')).toEqual([]);
  });

  it('the hint retypes a whole value a detector saw as something else', async () => {
    expect(detect('Name: Pune').map((e) => e.type)).toEqual(['CITY']);
    const r = await anonymiseRecord({ name: 'Pune' }, { policy: 'strict', vault });
    expect((r.record as { name: string }).name).toMatch(TOKEN('PERSON'));
  });

  it('other personal data inside a hinted field is still found', async () => {
    const r = await anonymiseRecord({ name: 'Ravi Kumar, PAN ABCPK1234F' }, { policy: 'strict', vault });
    expect(r.entities.map((e) => e.type)).toEqual(['PERSON', 'PAN']);
  });

  it('options.fields adds hints and switches fields off', async () => {
    const r = await anonymiseRecord(
      { employee: 'Ravi', notes: 'PAN ABCPK1234F', mobile: '9876543210' },
      { policy: 'strict', vault, fields: { employee: 'PERSON', notes: false } },
    );
    const rec = r.record as Record<string, string>;
    expect(rec.employee).toMatch(TOKEN('PERSON'));
    expect(rec.notes).toBe('PAN ABCPK1234F');
    expect(rec.mobile).toMatch(TOKEN('PHONE'));
    await expect(anonymiseRecord({}, { fields: { x: 42 as never } })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });

  it('field names are compared without case or punctuation', () => {
    expect(['account_no', 'accountNo', 'Account No', 'ACCOUNT-NO'].map(fieldKey)).toEqual(Array(4).fill('accountno'));
  });

  it('the field name is context for free text too (money in a salary field)', async () => {
    const r = await anonymiseRecord({ salary: '₹12,50,000', price: '₹12,50,000' }, { policy: 'dataset', vault });
    expect(r.record).toEqual({ salary: '₹10–25 lakh', price: '₹12,50,000' });
  });
});

describe('numbers under hinted fields', () => {
  it.each([
    ['llm', { age: 42 }, { age: 42 }, []],
    ['dataset', { age: 42 }, { age: '40-49' }, ['/age']],
    ['strict', { age: 42 }, { age: expect.stringMatching(NUMBER_TOKEN('AGE')) }, ['/age']],
    ['llm', { mobile: 9876543210 }, { mobile: expect.stringMatching(NUMBER_TOKEN('PHONE')) }, ['/mobile']],
    ['dataset', { pincode: 560001 }, { pincode: '560XXX' }, ['/pincode']],
    ['strict', { score: 42, count: 560001 }, { score: 42, count: 560001 }, []],
  ])('%s: %o → %o, retyped %o', async (policy, input, expected, retyped) => {
    const r = await anonymiseRecord(input, { policy: policy as PresetName, vault });
    expect(r.record).toEqual(expected);
    expect(r.retyped).toEqual(retyped);
  });

  it('deanonymiseRecord turns retyped numbers back into numbers', async () => {
    const input = { age: 42, mobile: 9876543210, note: '42' };
    const r = await anonymiseRecord(input, { policy: 'strict', vault });
    const back = await deanonymiseRecord(r.record, { session: r.session, vault, retyped: r.retyped });
    expect(back.record).toEqual(input);
    // The number mark in the record is enough: no `retyped` list needed.
    const noTypes = await deanonymiseRecord(r.record, { session: r.session, vault });
    expect(noTypes.record).toEqual(input);
  });

  it('the number mark comes from the record walk, never from how the restored value looks', async () => {
    // The same phone as a number and as a string: one token, but only the number comes back as a number.
    const input = { mobile: 9876543210, phone: '9876543210', contact: { mobile: 9876543211 }, alt: [9876543212] };
    const r = await anonymiseRecord(input, { vault });
    const rec = r.record as unknown as { mobile: string; phone: string; contact: { mobile: string }; alt: number[] };
    expect(rec.mobile).toMatch(NUMBER_TOKEN('PHONE'));
    expect(rec.phone).toMatch(TOKEN('PHONE'));
    expect(rec.mobile.slice(1, -1)).toBe(rec.phone.slice(1, -1));
    expect(rec.contact.mobile).toMatch(NUMBER_TOKEN('PHONE'));
    expect(rec.alt).toEqual([9876543212]); // no field hint: numbers are left alone in the walk
    expect(r.retyped).toEqual(['/mobile', '/contact/mobile']);
    expect((await deanonymiseRecord(r.record, { session: r.session, vault })).record).toEqual(input);
    // Input that already looks like a marked number is escaped, so it comes back as the same string.
    const forged = { mobile: '{PHONE_1}', age: '{AGE_1}' };
    const f = await anonymiseRecord(forged, { vault });
    expect(JSON.stringify(f.record)).not.toContain('{PHONE_1}');
    expect((await deanonymiseRecord(f.record, { session: f.session, vault })).record).toEqual(forged);
    // A number replaced by something other than one token (a band) stays a string; only `retyped` knows.
    const d = await anonymiseRecord({ age: 42 }, { policy: 'dataset', vault });
    expect(d.record).toEqual({ age: '40-49' });
  });
});

describe('shape', () => {
  const input = {
    id: 17,
    active: true,
    deleted: null,
    patient: { name: 'Ravi Kumar', contacts: [{ type: 'mobile', mobile: '+91 98765 43210' }, { type: 'email', email: 'ravi.kumar@example.com' }] },
    tags: ['vip', 'Anita Desai wrote in'],
    matrix: [[1, 2], [3, 'PAN ABCPK1234F']],
    empty: {},
    none: [],
    'odd/key~': 'Aadhaar 2345 6789 0124',
  };

  it('keeps keys, numbers, booleans, null and nesting; restores exactly; does not mutate the input', async () => {
    const frozen = structuredClone(input);
    const r = await anonymiseRecord(input, { vault });
    expect(input).toEqual(frozen);
    const out = r.record as typeof input;
    expect(Object.keys(out)).toEqual(Object.keys(input));
    expect(out.id).toBe(17);
    expect(out.active).toBe(true);
    expect(out.deleted).toBeNull();
    expect(out.empty).toEqual({});
    expect(out.none).toEqual([]);
    expect(out.matrix[0]).toEqual([1, 2]);
    const json = JSON.stringify(out);
    for (const v of ['Ravi Kumar', '98765 43210', 'ravi.kumar@example.com', 'Anita Desai', 'ABCPK1234F', '2345 6789 0124']) expect(json).not.toContain(v);
    expect(r.entities.map((e) => e.path)).toContain('/odd~1key~0');
    const back = await deanonymiseRecord(out, { session: r.session, vault });
    expect(back.record).toEqual(input);
    expect(back.unknown).toEqual([]);
  });

  it('one session per record: a value in two fields gets one token', async () => {
    const r = await anonymiseRecord({ a: 'PAN ABCPK1234F', b: { pan: 'ABCPK1234F' } }, { vault });
    const rec = r.record as { a: string; b: { pan: string } };
    expect(rec.a).toBe(`PAN ${rec.b.pan}`);
  });

  it('takes a bare string or array too', async () => {
    const s = await anonymiseRecord('PAN ABCPK1234F', { vault });
    expect(s.record).toMatch(/^PAN <PAN_1>$/);
    const a = await anonymiseRecord(['PAN ABCPK1234F', 5], { vault });
    expect(a.record).toEqual(['PAN <PAN_1>', 5]);
    expect((await deanonymiseRecord(a.record, { session: a.session, vault })).record).toEqual(['PAN ABCPK1234F', 5]);
  });

  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  let deep: unknown = 'x';
  for (let i = 0; i < 70; i++) deep = [deep];
  it.each([
    ['a cycle', cyclic, /at position \/1: has a cycle/],
    ['a Date', { when: new Date(0) }, /at position \/0: Date is not a plain JSON object/],
    ['a function', { a: 1, f: () => 1 }, /at position \/1: function is not JSON/],
    ['a bigint', { n: 10n }, /at position \/0: bigint is not JSON/],
    ['undefined', { u: undefined }, /at position \/0: undefined is not JSON/],
    ['NaN', { list: [1, { n: Number.NaN }] }, /at position \/0\/1\/0: numbers must be finite/],
    ['a Map', new Map(), /record: Map is not a plain JSON object/],
    ['nesting deeper than 64', deep, /at position (\/0){64}: nested deeper than 64/],
  ])('refuses %s with BAD_RECORD naming the position, never the value', async (_what, value, message) => {
    const err = await anonymiseRecord(value, { vault }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_RECORD', message: expect.stringMatching(message) });
  });

  it('locates a bad value by position, never by the text of the keys on its way (keys are data too)', async () => {
    const record = JSON.parse('{"id":1,"Ravi Kumar 9876543210":{"x~/y ABCPK1234F":[0,1]}}') as Record<string, Record<string, unknown[]>>;
    record['Ravi Kumar 9876543210']!['x~/y ABCPK1234F']![1] = () => 1;
    for (const call of [() => anonymiseRecord(record, { vault }), () => deanonymiseRecord(record, { session: 's', vault })]) {
      const err = (await call().catch((e: unknown) => e)) as Error;
      expect(err).toMatchObject({ code: 'BAD_RECORD', message: 'record at position /1/0/1: function is not JSON' });
      for (const secret of ['Ravi', '9876543210', 'ABCPK1234F', 'x~']) expect(err.message).not.toContain(secret);
    }
  });
});

describe('CSV rows', () => {
  it('use header names as field names and restore', async () => {
    const headers = ['name', 'mobile', 'age', 'city', 'remarks'];
    const row = ['Ravi', '9876543210', '42', 'Pune', 'PAN ABCPK1234F'];
    const r = await anonymiseCsvRow(headers, row, { policy: 'strict', vault });
    expect(r.row[0]).toMatch(TOKEN('PERSON'));
    expect(r.row[1]).toMatch(TOKEN('PHONE'));
    expect(r.row[2]).toMatch(TOKEN('AGE'));
    expect(r.row[3]).toMatch(TOKEN('CITY'));
    expect(r.row[4]).toMatch(/^PAN <PAN_\d+>$/);
    expect(r.entities.map((e) => e.path)).toEqual(['/0', '/1', '/2', '/3', '/4']);
    const back = await deanonymiseCsvRow(r.row, { session: r.session, vault });
    expect(back.row).toEqual(row);
    expect(back.restored).toBe(5);
  });

  it('dataset rows generalise by column', async () => {
    const r = await anonymiseCsvRow(['name', 'age', 'city', 'pincode', 'dob'], ['Ravi', '42', 'Bangalore', '560001', '12/03/1985'], { policy: 'dataset', vault });
    expect(r.row.slice(1)).toEqual(['40-49', 'South Zone', '560XXX', '1985']);
    expect(r.row[0]).toMatch(/^<PERSON_[a-z][a-z2-7]{11}>$/);
  });

  it('refuses rows that are not arrays of strings', async () => {
    await expect(anonymiseCsvRow(['a'], [1] as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(anonymiseCsvRow('a' as never, ['x'])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('audit', () => {
  it('one event per record, with counts over all its fields, and none per string', async () => {
    const seen: AuditEvent[] = [];
    const audit = callbackSink((e) => {
      seen.push(e);
    });
    const r = await anonymiseRecord({ name: 'Ravi', age: 42, notes: 'PAN ABCPK1234F', pan: 'ABCPK1234F' }, { policy: 'llm', vault, audit, caller: 'etl', purpose: 'export' });
    await deanonymiseRecord(r.record, { session: r.session, vault, audit });
    expect(seen).toMatchObject([
      { op: 'anonymise', policy: 'llm', caller: 'etl', purpose: 'export', entities: { PERSON: { pseudonymise: 1 }, AGE: { keep: 1 }, PAN: { pseudonymise: 2 } }, total: 4 },
      { op: 'deanonymise', restored: 3, unknown: 0 },
    ]);
    expect(JSON.stringify(seen)).not.toMatch(/Ravi|ABCPK/);
  });
});

describe('through an engine', () => {
  it('uses the engine policy, key, vault and audit sink', async () => {
    const seen: AuditEvent[] = [];
    const e = createEngine({ policy: 'dataset', key: Buffer.alloc(32, 5).toString('base64'), audit: callbackSink((x) => void seen.push(x)), caller: 'etl' });
    const text = await e.anonymise('Ravi Kumar, Age 42, Bangalore');
    const r = await e.anonymiseRecord({ name: 'Ravi Kumar', age: 42, city: 'Bangalore' });
    expect(r.record).toEqual({ name: text.text.split(',')[0], age: '40-49', city: 'South Zone' });
    expect(seen.map((x) => [x.op, x.policy, x.caller])).toEqual([['anonymise', 'dataset', 'etl'], ['anonymise', 'dataset', 'etl']]);
    const llm = createEngine({});
    const l = await llm.anonymiseRecord({ name: 'Ravi Kumar', pan: 'ABCPK1234F' });
    expect((await llm.deanonymiseRecord(l.record, { session: l.session })).record).toEqual({ name: 'Ravi Kumar', pan: 'ABCPK1234F' });
    await e.close();
    await llm.close();
  });
});
