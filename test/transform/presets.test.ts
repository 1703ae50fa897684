// The presets end to end: detect → policy → vault, through createEngine and plain anonymise.
import { afterAll, describe, expect, it } from 'vitest';
import { anonymise } from '../../src/anonymise.js';
import { deanonymise } from '../../src/deanonymise.js';
import { createEngine } from '../../src/engine.js';
import { extendPolicy } from '../../src/decide/input.js';
import { PRESETS } from '../../src/decide/presets.js';
import { createMemoryVault } from '../../src/vault/memory.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const engines: Array<{ close(): Promise<void> }> = [];
function engine(options: Parameters<typeof createEngine>[0]) {
  const e = createEngine({ key: KEY, ...options });
  engines.push(e);
  return e;
}
afterAll(async () => {
  for (const e of engines) await e.close();
});

const RECORD =
  'Customer Ravi Kumar (Aadhaar 2345 6789 0124, PAN ABCPK1234F), mobile +91 98765 43210, email ravi.kumar@gmail.com, ' +
  'DOB 12/03/1985, Age 42, lives in Bangalore 560001, diagnosed with diabetes. His salary is ₹12,50,000 per year.';
const ORIGINALS = ['Ravi Kumar', '2345 6789 0124', 'ABCPK1234F', '98765 43210', 'ravi.kumar@gmail.com', '12/03/1985', '560001', '12,50,000'];

describe('the seed example', () => {
  it('dataset: "Ravi Kumar, Age 42, Bangalore" → a person token, Age 40-49, South Zone', async () => {
    const r = await engine({ policy: 'dataset' }).anonymise('Ravi Kumar, Age 42, Bangalore');
    expect(r.text).toMatch(/^<PERSON_[a-z][a-z2-7]{11}>, Age 40-49, South Zone$/);
  });
});

describe('llm (the default)', () => {
  it('pseudonymises identifiers and names, keeps HEALTH, AGE and CITY, and restores', async () => {
    const e = engine({});
    const r = await e.anonymise(RECORD);
    expect(r.text).toContain('Age 42');
    expect(r.text).toContain('Bangalore');
    expect(r.text).toContain('diabetes');
    for (const v of ['Ravi Kumar', '2345 6789 0124', 'ABCPK1234F', 'ravi.kumar@gmail.com']) expect(r.text).not.toContain(v);
    expect(r.text).toContain('<PERSON_1>');
    expect(await e.deanonymise(r.text, { session: r.session })).toBe(RECORD);
  });

  it('is what plain anonymise() uses with no policy', async () => {
    const r = await anonymise('Ravi Kumar, Age 42, Bangalore, PAN ABCPK1234F');
    expect(r.text).toBe('<PERSON_1>, Age 42, Bangalore, PAN <PAN_1>');
  });
});

describe('dataset', () => {
  it('generalises quasi-identifiers, hashes identifiers, bands money, masks the rest', async () => {
    const r = await engine({ policy: 'dataset' }).anonymise(RECORD);
    for (const v of ORIGINALS) expect(r.text).not.toContain(v);
    expect(r.text).toContain('DOB 1985');
    expect(r.text).toContain('Age 40-49');
    expect(r.text).toContain('South Zone 560XXX');
    expect(r.text).toContain('diagnosed with XXXXXXXX');
    expect(r.text).toContain('salary is ₹10–25 lakh');
    expect(r.text).toMatch(/Aadhaar <AADHAAR_[a-z][a-z2-7]{11}>, PAN <PAN_[a-z][a-z2-7]{11}>/);
  });

  it('gives the same token for the same value in every record, session and engine with the key', async () => {
    const a = await engine({ policy: 'dataset' }).anonymise('Ravi Kumar, PAN ABCPK1234F', { session: 's1' });
    const b = await engine({ policy: 'dataset' }).anonymise('Patient: Ravi Kumar; pan abcpk1234f', { session: 's2' });
    const tokens = (t: string) => t.match(/<[A-Z_]+_[a-z2-7]+>/g);
    expect(tokens(a.text)).toEqual(tokens(b.text));
    const other = await engine({ policy: 'dataset', key: Buffer.alloc(32, 9).toString('base64') }).anonymise('Ravi Kumar, PAN ABCPK1234F');
    expect(tokens(other.text)).not.toEqual(tokens(a.text));
  });

  it('is irreversible: nothing is stored, and deanonymise leaves the tokens alone', async () => {
    const e = engine({ policy: 'dataset' });
    const r = await e.anonymise(RECORD);
    expect((await e.vault.stats()).records).toBe(0);
    const back = await e.deanonymise(r.text, { session: r.session, detailed: true });
    expect(back.text).toBe(r.text);
    expect(back.unknown).toEqual([]);
  });

  it('a persistent vault with no key cannot hash: KEY_MISSING when the engine is built', () => {
    // A vault whose key lives elsewhere (as a SQLite or Redis vault's would): the engine cannot see it.
    const inner = createMemoryVault();
    const persistent = new Proxy(inner, { get: (t, p) => (p === 'ephemeralKey' ? false : Reflect.get(t, p, t)) });
    const env = process.env.KAVACH_KEY;
    delete process.env.KAVACH_KEY;
    try {
      expect(() => createEngine({ vault: persistent, policy: 'dataset' })).toThrow(expect.objectContaining({ code: 'KEY_MISSING' }));
      expect(() => createEngine({ vault: persistent, policy: extendPolicy('dataset', { secret: 'a-policy-secret-of-32-characters' }) })).not.toThrow();
    } finally {
      if (env !== undefined) process.env.KAVACH_KEY = env;
    }
  });
});

describe('strict', () => {
  it('lets nothing through: pseudonymises everything, redacts HEALTH and money, and restores the rest', async () => {
    const e = engine({ policy: 'strict' });
    const r = await e.anonymise(RECORD);
    for (const v of [...ORIGINALS, 'diabetes', 'Bangalore', 'Age 42']) expect(r.text).not.toContain(v);
    expect(r.text).toContain('diagnosed with [HEALTH]');
    expect(r.text).toContain('salary is [MONEY]');
    const back = await e.deanonymise(r.text, { session: r.session });
    expect(back).toContain('Ravi Kumar');
    expect(back).toContain('Age 42');
    expect(back).not.toContain('diabetes');
  });
});

describe('engines check policies at construction', () => {
  it.each([
    [{ name: 'x', entities: { AGE: { action: 'generalise', params: { width: 0 } } } }, /entities\.AGE\.params\.width/],
    [{ name: 'x', entities: { NOT_A_TYPE: { action: 'keep' } } }, /entities\.NOT_A_TYPE/],
    ['lenient', /unknown preset/],
  ])('createEngine({ policy: %o }) throws INVALID_POLICY', (policy, message) => {
    expect(() => createEngine({ policy: policy as never })).toThrow(expect.objectContaining({ code: 'INVALID_POLICY', message: expect.stringMatching(message) }));
  });

  it('plain anonymise reports a bad policy on the call, with the same error', async () => {
    await expect(anonymise('x', { policy: { name: 'x', entities: { PAN: { action: 'encrypt' } } } as never })).rejects.toMatchObject({ code: 'INVALID_POLICY' });
  });

  it('an extended preset works end to end', async () => {
    const policy = extendPolicy('llm', { name: 'llm-masked', entities: { AADHAAR: { action: 'mask' }, PHONE: { action: 'mask' } } });
    const r = await engine({ policy }).anonymise('Aadhaar 2345 6789 0124, mobile +91 98765 43210, Ravi Kumar');
    expect(r.text).toBe('Aadhaar XXXX XXXX 0124, mobile +91 98XXX XX210, <PERSON_1>');
    expect(r.entities.map((x) => x.action)).toEqual(['replace', 'replace', 'pseudonymise']);
  });

  it('a decider function still works as the policy', async () => {
    const r = await engine({ policy: () => ({ action: 'replace', text: '*' }) }).anonymise('PAN ABCPK1234F');
    expect(r.text).toBe('PAN *');
  });

  it('presets are plain data (JSON round trip compiles to the same behaviour)', async () => {
    const copy = JSON.parse(JSON.stringify(PRESETS.dataset));
    const a = await engine({ policy: copy }).anonymise('Ravi Kumar, Age 42, Bangalore');
    const b = await engine({ policy: 'dataset' }).anonymise('Ravi Kumar, Age 42, Bangalore');
    expect(a.text).toBe(b.text);
  });

  it('deanonymise of an llm reply restores only what llm pseudonymised', async () => {
    const e = engine({});
    const r = await e.anonymise('Ravi Kumar, Age 42');
    expect(await deanonymise(`${r.text} - ok`, { session: r.session, vault: e.vault })).toBe('Ravi Kumar, Age 42 - ok');
  });
});
