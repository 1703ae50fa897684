// The pool's `records` task: whole JSON records detected (and, under a policy that travels, planned)
// in a worker thread, then anonymised in the caller's thread with those spans or plans. Its oracle is
// anonymiseRecord called record by record: the same records, entities, retyped paths and vault.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpanReader, unpackPlans } from '../../src/batch/packed.js';
import { prepareContext, runTask, type RecordsTask, type RecordsTaskResult } from '../../src/batch/tasks.js';
import { scrubPolicy } from '../../src/cli/pipeline.js';
import { anonymiseRecord, anonymiseRecordsFound, BadJsonError, deanonymiseRecord, type AnonymisedRecord, type RecordOptions } from '../../src/records/records.js';
import { anonymiseRecordsAnswer } from '../../src/batch/scrub.js';
import { createMemoryVault } from '../../src/vault/memory.js';
import { callbackSink } from '../../src/audit/index.js';
import type { Vault } from '../../src/vault/interface.js';
import { ROOT } from './built.js';

/** Corpus texts as records (a JSON text as it is, any other in a note), and the walker's edge cases. */
function records(): unknown[] {
  const lines = readFileSync(join(ROOT, 'corpus/corpus.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 260);
  const out: unknown[] = lines.map((l, i) => {
    const text = (JSON.parse(l) as { text: string }).text;
    try {
      const v = JSON.parse(text) as unknown;
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) return { id: i, ...v };
    } catch {
      // Not JSON: a note.
    }
    return { id: i, note: text, contact: { city: 'Pune', pincode: 411001, mobile: 9876543210 } };
  });
  let deep: unknown = 'Aadhaar 2345 6789 0124';
  for (let i = 0; i < 70; i++) deep = [deep];
  out.splice(
    40,
    0,
    { name: 'Ravi', age: 42, dob: '12/03/1985', tags: ['PAN ABCPK1234F', ''], n: 5, ok: true },
    // Token-shaped text (escaped), a repeated person in two spellings, a number under a hinted field.
    { note: 'seen <PERSON_1> and {PHONE_1} before', holder: 'KAIZAD DASTUR', phone: '+91 92346 18849' },
    { customerName: 'Kaizad Dastur', mobile: 9234618849, accountNo: '50100234567891', ifsc: 'HDFC0001234' },
    // A value only its field's name marks (forced), and a key holding a number (its label's span dropped).
    { diagnosis: 'stage two', 'Ravi 9876543210': 'call after 5' },
    // A key named like Object.prototype's members, and one the walker refuses (nested too deep).
    JSON.parse('{"__proto__": {"name": "Asha Rao"}, "constructor": "Aadhaar 2345 6789 0124"}'),
    { id: 'deep', deep },
    {},
  );
  return out;
}

/** Every record through anonymiseRecord in turn: the oracle. */
async function oracle(recs: readonly unknown[], options: RecordOptions): Promise<Array<AnonymisedRecord | string>> {
  const out: Array<AnonymisedRecord | string> = [];
  for (const r of recs) {
    try {
      out.push(await anonymiseRecord(r, options));
    } catch (err) {
      if (!(err instanceof BadJsonError)) throw err;
      out.push(`bad: ${err.message}`);
    }
  }
  return out;
}

/** A batch's results as the oracle lists them (a refused record as its message). */
const listed = (rs: ReadonlyArray<AnonymisedRecord | BadJsonError>): Array<AnonymisedRecord | string> => rs.map((r) => (r instanceof BadJsonError ? `bad: ${r.message}` : r));

/** The records through one task (in this thread), then this thread's half as scrubRecords runs it. */
async function viaTask(recs: readonly unknown[], options: RecordOptions, task: Omit<RecordsTask, 'op' | 'records'>): Promise<Array<AnonymisedRecord | string>> {
  const answer = (await runTask({ op: 'records', records: recs.slice(), ...task }, prepareContext({}))) as RecordsTaskResult;
  return listed(await anonymiseRecordsAnswer(recs, answer, options));
}

/** What a vault holds for a session's tokens (every token of the results revealed). */
async function holds(vault: Vault, session: string, results: ReadonlyArray<AnonymisedRecord | string>): Promise<Array<[string, string]>> {
  const tokens = new Set<string>();
  for (const r of results) if (typeof r !== 'string') for (const e of r.entities) if (e.token) tokens.add(e.token);
  return [...(await vault.reveal(session, [...tokens]))].sort((a, b) => a[0].localeCompare(b[0]));
}

const RECS = records();

describe('records task (whole records detected in a worker thread)', () => {
  it('the corpus and the edge cases: the task is exercised (spans, a refused record, escapes, hints)', async () => {
    const answer = runTask({ op: 'records', records: RECS.slice() }, prepareContext({})) as RecordsTaskResult;
    expect(answer.counts).toHaveLength(RECS.length);
    expect([...answer.counts].filter((n) => n < 0)).toHaveLength(1);
    expect([...answer.counts].reduce((a, n) => a + Math.max(0, n), 0)).toBeGreaterThan(RECS.length);
  });

  for (const preset of ['llm', 'dataset'] as const) {
    for (const planned of [false, true]) {
      it(`${preset}, ${planned ? 'planned in the task' : 'spans only'}: the same records, entities, retyped paths and vault as anonymiseRecord record by record`, async () => {
        const key = new Uint8Array(32).fill(7);
        const { policy, whole, planned: spec } = scrubPolicy(preset, key);
        const session = 's-records';
        const [a, b] = [createMemoryVault(), createMemoryVault()];
        const want = await oracle(RECS, { session, vault: a, policy });
        const travel = whole ?? spec;
        expect(travel).toBeDefined();
        const got = await viaTask(RECS, { session, vault: b, policy }, planned ? { plan: { policy: travel!, session, mode: 'token' } } : {});
        expect(got).toEqual(want);
        expect(await holds(b, session, got)).toEqual(await holds(a, session, want));
        const text = JSON.stringify(want);
        expect(text).toContain('bad: ');
        expect(text).toContain('<LITERAL_');
        expect(text).not.toContain('Kaizad');
      });
    }
  }

  for (const preset of ['llm', 'dataset'] as const) {
    it(`${preset}: tasks of 37 records (two groups each) give what record by record gives, vault and spelling sheets included`, async () => {
      const key = new Uint8Array(32).fill(9);
      const { policy, whole, planned } = scrubPolicy(preset, key);
      const session = 's-chunks';
      const [a, b] = [createMemoryVault(), createMemoryVault()];
      const want = await oracle(RECS, { session, vault: a, policy });
      const got: Array<AnonymisedRecord | string> = [];
      for (let at = 0; at < RECS.length; at += 37) {
        got.push(...(await viaTask(RECS.slice(at, at + 37), { session, vault: b, policy }, { plan: { policy: (whole ?? planned)!, session, mode: 'token' } })));
      }
      expect(got).toEqual(want);
      expect(await holds(b, session, got)).toEqual(await holds(a, session, want));
      // Each record's own spellings come back from the chunked run's vault ("KAIZAD DASTUR" and "Kaizad Dastur").
      if (preset !== 'llm') return; // dataset pseudonymises nothing: nothing to restore
      for (const [i, r] of got.entries()) {
        if (typeof r === 'string') continue;
        expect((await deanonymiseRecord(r.record, { session, vault: b, retyped: r.retyped })).record).toEqual(RECS[i]);
      }
    });
  }

  it('detect options and configured fields travel: the same as anonymiseRecord with them', async () => {
    const detect = { entities: ['PHONE', 'PERSON', 'AADHAAR', 'PAN'], minScore: 0.5 };
    const fields = { note: false as const, kind: 'PERSON', Contact_City: false as const };
    const [a, b] = [createMemoryVault(), createMemoryVault()];
    const want = await oracle(RECS, { session: 's', vault: a, detect, fields });
    const got = await viaTask(RECS, { session: 's', vault: b, detect, fields }, { detect, fields });
    expect(got).toEqual(want);
    // Different options give different answers: the comparison can fail.
    const plain = await oracle(RECS, { session: 's', vault: createMemoryVault() });
    expect(plain).not.toEqual(want);
  });

  it('a reader that runs out or has spans left over is an internal error, and an audited record refuses plans made elsewhere', async () => {
    const rec = { name: 'Ravi', note: 'Aadhaar 2345 6789 0124' };
    const answer = runTask({ op: 'records', records: [rec] }, prepareContext({})) as RecordsTaskResult;
    expect(answer.counts[0]).toBe(2);
    const r = new SpanReader(answer.spans!);
    const vault = createMemoryVault();
    await expect(anonymiseRecordsFound([rec], { vault }, [{ count: 1, next: (input) => r.next(input) }])).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(anonymiseRecordsFound([rec], { vault }, [{ count: 3, next: () => [] }])).rejects.toMatchObject({ code: 'INTERNAL' });
    // A record the thread walked but this thread refuses would leave its spans to the next record.
    let deep: unknown = 'x';
    for (let i = 0; i < 70; i++) deep = [deep];
    await expect(anonymiseRecordsAnswer([{ deep }], answer, { vault })).rejects.toMatchObject({ code: 'INTERNAL' });
    const short = new SpanReader(answer.spans!);
    short.next('Name: Ravi');
    expect(() => short.end()).toThrow(/longer than their counts/);
    const { planned } = scrubPolicy('llm', new Uint8Array(32));
    const plans = runTask({ op: 'records', records: [rec], plan: { policy: planned!, session: 's', mode: 'token' } }, prepareContext({})) as RecordsTaskResult;
    const list = unpackPlans(2, plans.plans!);
    let k = 0;
    const audit = callbackSink(() => undefined);
    await expect(anonymiseRecordsFound([rec], { vault, audit }, [{ count: 2, next: () => list[k++]! }])).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
