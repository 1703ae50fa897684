import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../src/index.js';
import { BUILD_TIMEOUT, builtDist, builtLib, ROOT } from './built.js';

type Lib = Awaited<ReturnType<typeof builtLib>>;
let lib: Lib;
const pools: Pool[] = [];

beforeAll(async () => {
  lib = await builtLib();
}, BUILD_TIMEOUT);
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

function pool(options: Parameters<Lib['createPool']>[0]): Pool {
  const p = lib.createPool(options);
  pools.push(p);
  return p;
}

// Synthetic records: valid-checksum Aadhaar numbers with context, and plain filler.
const AADHAAR = ['2345 6789 0124', '234567890124'];
function texts(n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    i % 3 === 0 ? `record ${i}: Aadhaar ${AADHAAR[i % 2]} on file` : i % 3 === 1 ? `record ${i}: nothing to see` : `mail r${i}@example.in`,
  );
}

describe('createPool (built package, worker threads)', () => {
  it('gives the same results as detect() in this thread, in input order, across threads and chunk sizes', async () => {
    const input = texts(300);
    const expected = input.map((t) => lib.detect(t));
    const p2 = pool({ threads: 2, chunkRecords: 7 });
    expect(p2.threads).toBe(2);
    expect(await p2.detectBatch(input)).toEqual(expected);
    const p1 = pool({ threads: 1, chunkRecords: 256 });
    expect(await p1.detectBatch(input)).toEqual(expected);
    const p0 = pool({ threads: 0, chunkRecords: 5 });
    expect(await p0.detectBatch(input)).toEqual(expected);
  });

  it('passes detect options to the workers', async () => {
    const p = pool({ threads: 2 });
    const [only] = await p.detectBatch(['Aadhaar 2345 6789 0124, mail a@example.in'], { entities: ['EMAIL'], explain: true });
    expect(only!.map((e) => e.type)).toEqual(['EMAIL']);
    expect(only![0]!.explanation).toBeDefined();
  });

  it('streams from an async source and yields one result per text, in order', async () => {
    const p = pool({ threads: 2, chunkRecords: 16, maxInFlight: 3 });
    async function* gen() {
      for (const t of texts(100)) yield t;
    }
    const got: string[] = [];
    let i = 0;
    for await (const found of p.detectStream(gen())) {
      got.push(found.map((e) => e.text).join('|'));
      i++;
    }
    expect(i).toBe(100);
    expect(got).toEqual(texts(100).map((t) => lib.detect(t).map((e) => e.text).join('|')));
  });

  it('loads custom detectors into every worker from a module of specs', async () => {
    const mod = join(ROOT, '.tmp', `emp-detector-${process.pid}.mjs`);
    writeFileSync(mod, `export default [{ id: 'employee-id', type: 'EMPLOYEE_ID', patterns: [{ name: 'emp', source: 'EMP-[0-9]{6}', score: 0.9 }] }];\n`);
    const p = pool({ threads: 2, detectorModules: [pathToFileURL(mod).href] });
    const res = await p.detectBatch(['badge EMP-123456 issued', 'none']);
    expect(res.map((r) => r.map((e) => [e.type, e.text]))).toEqual([[['EMPLOYEE_ID', 'EMP-123456']], []]);
  });

  it('anonymiseBatch equals anonymise on each text in turn (one session, fresh vaults), for 0, 1 and 2 threads', async () => {
    const input = [...texts(120), 'token-shaped input <AADHAAR_1> stays distinct', 'Aadhaar 2345 6789 0124 again'];
    const sequential = lib.createMemoryVault();
    const expected: string[] = [];
    for (const t of input) expected.push((await lib.anonymise(t, { vault: sequential, session: 's' })).text);
    for (const threads of [0, 1, 2]) {
      const vault = lib.createMemoryVault();
      const p = pool({ threads, chunkRecords: 16 });
      const got = await p.anonymiseBatch(input, { vault, session: 's' });
      expect(got.map((r) => r.text)).toEqual(expected);
      expect(new Set(got.map((r) => r.session))).toEqual(new Set(['s']));
      // The vault restores what the pool wrote.
      expect(await lib.deanonymise(got[0]!.text, { vault, session: 's' })).toBe(input[0]);
    }
    expect(expected[0]).toContain('<AADHAAR_1>');
    expect(expected.at(-1)).toContain('<AADHAAR_1>'); // the same value, the same token, 120 texts later
  });

  it('anonymiseBatch gives what anonymise gives text by text, entities and vault included, under every kind of policy, for 0 and 2 threads', async () => {
    // Policies the threads apply themselves (presets, plain data, hashing with the process key) and
    // ones applied in this thread (a decider, a compiled policy, an audited call).
    const input = [
      ...texts(40),
      'Call +91 98765 43210 or mail asha.rao@example.in, age 42, Bengaluru 560001, salary Rs 85,000',
      'token-shaped <PHONE_1> and Aadhaar 2345 6789 0124 again',
    ];
    const plain = { name: 'mixed', defaults: { action: 'pseudonymise' }, entities: { PHONE: { action: 'hash' }, EMAIL: { action: 'mask' }, AGE: { action: 'generalise', rule: 'age-band', params: { width: 10, top: 90 } } }, money: true } as const;
    const cases: Array<[string, Record<string, unknown>]> = [
      ['llm', {}],
      ['llm deterministic', { mode: 'deterministic' }], // keyed vaults (deterministic tokens need a key)
      ['llm surrogate', { mode: 'surrogate' }],
      ['dataset', { policy: 'dataset' }],
      ['strict', { policy: 'strict' }],
      ['plain data', { policy: plain }],
      ['compiled', { policy: lib.compilePolicy(plain) }],
      ['decider', { policy: (e: { type: string }) => (e.type === 'EMAIL' ? { action: 'replace', text: '[mail]' } : { action: 'pseudonymise' }) }],
    ];
    const key = lib.generateKey();
    const newVault = (mode: unknown) => (mode === 'deterministic' ? lib.createMemoryVault({ key }) : lib.createMemoryVault());
    for (const [label, extra] of cases) {
      const sequential = newVault(extra.mode);
      const expected = [];
      for (const t of input) expected.push(await lib.anonymise(t, { ...extra, vault: sequential, session: 'p' }));
      for (const threads of [0, 2]) {
        const vault = newVault(extra.mode);
        const got = await pool({ threads, chunkRecords: 9 }).anonymiseBatch(input, { ...extra, vault, session: 'p' });
        if (extra.mode === 'surrogate') {
          // Surrogates are drawn at random: the same spans and actions, and every text restores.
          const shape = (rs: typeof got) => rs.map((r) => [r.session, r.entities.map((e) => [e.type, e.start, e.end, e.action])]);
          expect(shape(got), `${label}, ${threads} threads`).toEqual(shape(expected));
          for (let i = 0; i < input.length; i++) expect(await lib.deanonymise(got[i]!.text, { vault, session: 'p' })).toBe(input[i]);
          continue;
        }
        expect(got, `${label}, ${threads} threads`).toEqual(expected);
        for (let i = 0; i < input.length; i += 7) {
          expect(await lib.deanonymise(got[i]!.text, { vault, session: 'p' })).toBe(await lib.deanonymise(expected[i]!.text, { vault: sequential, session: 'p' }));
        }
      }
    }
    // Audited: one event per text, as anonymise gives (the decisions are counted in this thread).
    const events: Array<{ op: string }> = [];
    const audited = await pool({ threads: 2 }).anonymiseBatch(input, { vault: lib.createMemoryVault(), session: 'a', audit: lib.callbackSink((e) => void events.push(e)) });
    expect(events.map((e) => e.op)).toEqual(input.map(() => 'anonymise'));
    const plainVault = lib.createMemoryVault();
    for (let i = 0; i < input.length; i++) expect(audited[i]!.text).toBe((await lib.anonymise(input[i]!, { vault: plainVault, session: 'a' })).text);
  });

  it('the threads apply the very binding this thread made: its key material and the policy as it was at its first use', async () => {
    const text = ['Call +91 98765 43210 about Aadhaar 2345 6789 0124'];
    const hashing: { name: string; entities: Record<string, { action: 'hash' | 'keep' | 'redact' }> } = { name: 'h', entities: { PHONE: { action: 'hash' }, AADHAAR: { action: 'keep' } } };
    const saved = process.env.KAVACH_KEY;
    try {
      // A binding made under one master key stays bound to it when the variable changes.
      process.env.KAVACH_KEY = lib.generateKey();
      const policy = structuredClone(hashing);
      const first = await lib.anonymise(text[0]!, { policy, vault: lib.createMemoryVault() });
      process.env.KAVACH_KEY = lib.generateKey();
      for (const threads of [0, 2]) {
        const [got] = await pool({ threads }).anonymiseBatch(text, { policy, vault: lib.createMemoryVault() });
        expect(got!.text).toBe(first.text);
      }
      // A policy object changed after its first use is applied as bound, here and in the threads.
      policy.entities.AADHAAR = { action: 'redact' };
      const again = await lib.anonymise(text[0]!, { policy, vault: lib.createMemoryVault() });
      expect(again.text).toBe(first.text);
      const [got] = await pool({ threads: 2 }).anonymiseBatch(text, { policy, vault: lib.createMemoryVault() });
      expect(got!.text).toBe(first.text);
      // A policy that never travels reads no key: a malformed one fails neither path.
      const [v1, v2] = [lib.createMemoryVault(), lib.createMemoryVault()];
      process.env.KAVACH_KEY = 'not a key';
      const decider = () => ({ action: 'keep' as const });
      const plain = await lib.anonymise(text[0]!, { policy: decider, vault: v1 });
      const [kept] = await pool({ threads: 2 }).anonymiseBatch(text, { policy: decider, vault: v2 });
      expect(kept!.text).toBe(plain.text);
    } finally {
      if (saved === undefined) delete process.env.KAVACH_KEY;
      else process.env.KAVACH_KEY = saved;
    }
  });

  it('anonymiseBatch takes records too: anonymiseRecord under one session, in order; mixed input is refused', async () => {
    const vault = lib.createMemoryVault();
    const p = pool({ threads: 1 });
    const got = await p.anonymiseBatch([{ name: 'Ravi', pan: 'ABCPK1234F' }, { note: 'PAN ABCPK1234F', n: 1 }], { vault, session: 'r' });
    expect(got.map((r) => r.record)).toEqual([{ name: '<PERSON_1>', pan: '<PAN_1>' }, { note: 'PAN <PAN_1>', n: 1 }]);
    expect(got.map((r) => r.session)).toEqual(['r', 'r']);
    await expect(p.anonymiseBatch(['text', { a: 1 }] as never, { vault })).rejects.toThrow(/not both/);
  });

  it('anonymiseBatch of records: the threads detect, this thread walks; what anonymiseRecord gives record by record, for 0, 1 and 2 threads', async () => {
    const records: object[] = texts(150).map((t, i) => (i % 3 === 0 ? { id: i, note: t, customer: { name: i % 2 ? 'Asha Rao' : 'ASHA RAO', age: 30 + (i % 50) } } : { id: i, note: t, mobile: 9876543210 + (i % 7) }));
    records.push({ note: 'seen <PERSON_1> before', diagnosis: 'stage two' }, [], {});
    const sequential = lib.createMemoryVault();
    const expected: unknown[] = [];
    for (const r of records) expected.push(await lib.anonymiseRecord(r, { vault: sequential, session: 'rs' }));
    for (const threads of [0, 1, 2]) {
      const vault = lib.createMemoryVault();
      const p = pool({ threads, chunkSize: 4096 });
      expect(await p.anonymiseBatch(records, { vault, session: 'rs' })).toEqual(expected);
    }
    expect(JSON.stringify(expected)).toContain('<LITERAL_');
  });

  it('anonymiseBatch refuses a record that is not JSON with BAD_RECORD, by position, also when it cannot be sent to a thread', async () => {
    const p = pool({ threads: 1 });
    const bad = [{ name: 'Ravi Kumar' }, { note: 'PAN ABCPK1234F', call: () => 'Ravi Kumar' }];
    const err = await p.anonymiseBatch(bad, { vault: lib.createMemoryVault() }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_RECORD' });
    expect(String((err as Error).message)).not.toContain('Ravi');
    const direct = await lib.anonymiseRecord(bad[1]!, { vault: lib.createMemoryVault() }).catch((e: unknown) => e);
    expect((err as Error).message).toBe((direct as Error).message);
  });

  it('anonymiseStream yields in input order with one session and backpressure from an async source', async () => {
    const vault = lib.createMemoryVault();
    const p = pool({ threads: 2, chunkRecords: 8, maxInFlight: 2 });
    async function* gen() {
      for (let i = 0; i < 50; i++) yield `row ${i}: mail u${i}@example.in`;
    }
    const out: string[] = [];
    const sessions = new Set<string>();
    for await (const r of p.anonymiseStream(gen(), { vault })) {
      out.push(r.text);
      sessions.add(r.session);
    }
    expect(out).toEqual(Array.from({ length: 50 }, (_, i) => `row ${i}: mail <EMAIL_${i + 1}>`));
    expect(sessions.size).toBe(1);
  });

  it('rejects bad options and use after close with typed errors', async () => {
    expect(() => lib.createPool({ threads: -1 })).toThrow(/threads must be an integer/);
    expect(() => lib.createPool({ threads: 1, workerFile: join(ROOT, 'nope.js') })).toThrow(/worker entry not found/);
    const p = lib.createPool({ threads: 1 });
    await p.close();
    await expect(p.detectBatch(['x'])).rejects.toThrow(/pool is closed/);
  });

  it('finds its worker next to the CJS build too', async () => {
    const { execFileSync } = await import('node:child_process');
    const script = `const k = require(${JSON.stringify(join(builtDist(), 'index.cjs'))});
      const p = k.createPool({ threads: 1 });
      p.detectBatch(['Aadhaar 2345 6789 0124']).then(async (r) => { console.log(r[0][0].type); await p.close(); });`;
    expect(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim()).toBe('AADHAAR');
  });

  it('streams 50 MB through 2 threads with bounded memory (backpressure)', async () => {
    // Detection is limited to one cheap type: this measures the pipeline's memory, not detectors.
    const p = pool({ threads: 2, chunkRecords: 256, maxInFlight: 4 });
    const line = 'patient note: Aadhaar 2345 6789 0124, follow-up in two weeks, nothing else to add here....';
    const target = 50 * 1024 * 1024;
    let produced = 0;
    async function* gen() {
      // Distinct strings, as a file would give: an unbounded queue would have to hold them all.
      for (let i = 0; produced < target; i++) {
        const s = `${i} ${line}`;
        produced += s.length;
        yield s;
      }
    }
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    let n = 0;
    let found = 0;
    for await (const r of p.detectStream(gen(), { entities: ['AADHAAR'] })) {
      found += r.length;
      if (++n % 5000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(found).toBe(n);
    expect(n).toBeGreaterThan(500_000);
    // Measured: ~130 MB growth with maxInFlight 4 (mostly worker heaps), ~430 MB with no bound.
    expect(peak - before).toBeLessThan(300 * 1024 * 1024);
  });
});
