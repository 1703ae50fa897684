// The audit trail through the real pipeline: every operation leaves one event, and the file never
// holds a value, a token's original or the text.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callbackSink, jsonlFileSink, type AuditEvent } from '../src/audit/index.js';
import { anonymise } from '../src/anonymise.js';
import { deanonymise } from '../src/deanonymise.js';
import { createEngine } from '../src/engine.js';
import { digitsOnly } from '../src/detect/validators/digits.js';

const dir = mkdtempSync(join(tmpdir(), 'kavach-audit-pipeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const KEY = Buffer.alloc(32, 3).toString('base64');

const INPUT =
  'Customer Ravi Kumar (Aadhaar 2345 6789 0124, PAN ABCPK1234F), mobile +91 98765 43210, email ravi.kumar@gmail.com, ' +
  'DOB 12/03/1985, Age 42, lives in Bangalore 560001, diagnosed with diabetes. His salary is ₹12,50,000 per year. ' +
  'Card 4111 1111 1111 1111, account no 001234567890, IFSC SBIN0001234, UPI ravi@okaxis.';
const ORIGINALS = [
  'Ravi Kumar', 'Ravi', 'Kumar', '2345 6789 0124', 'ABCPK1234F', '+91 98765 43210', 'ravi.kumar@gmail.com', '12/03/1985',
  'Bangalore', '560001', 'diabetes', '12,50,000', '4111 1111 1111 1111', '001234567890', 'SBIN0001234', 'ravi@okaxis',
];

describe('audit through the pipeline', () => {
  it('writes one event per operation to an append-only JSONL file, with no original value in it', async () => {
    const path = join(dir, 'audit.jsonl');
    const sink = jsonlFileSink(path);
    const e = createEngine({ key: KEY, audit: sink, caller: 'svc-support', purpose: 'default-purpose' });
    const r = await e.anonymise(INPUT, { session: 'sess-1', purpose: 'ticket-summary' });
    const reply = `Dear ${r.entities.find((x) => x.type === 'PERSON')!.token}, noted. <PERSON_99> and <AADHAAR_42> are not ours.`;
    const back = await e.deanonymise(reply, { session: 'sess-1', caller: 'svc-reply' });
    expect(back).toContain('Ravi Kumar');
    const d = createEngine({ key: KEY, policy: 'dataset', audit: sink, caller: 'etl' });
    await d.anonymise(INPUT, { session: 'sess-2' });
    await e.vault.forgetValue('ABCPK1234F', { type: 'PAN' });
    await e.vault.rotateKey(Buffer.alloc(32, 4).toString('base64'));
    await e.vault.forgetSession('sess-1');
    await e.vault.purgeExpired();
    await e.close();
    await d.close();
    sink.close();

    const raw = readFileSync(path, 'utf8');
    for (const v of ORIGINALS) expect(raw).not.toContain(v);
    for (const v of ['2345 6789 0124', '98765 43210', '4111 1111 1111 1111', '001234567890', '12,50,000']) {
      expect(raw).not.toContain(digitsOnly(v));
    }
    expect(raw).not.toContain(INPUT.slice(0, 30));

    const events = raw.trimEnd().split('\n').map((l) => JSON.parse(l) as AuditEvent);
    expect(events.map((x) => x.op)).toEqual(['anonymise', 'deanonymise', 'anonymise', 'forget', 'rotate', 'forget', 'purge']);
    const [anon, deanon, dataset, forgetValue, rotate, forgetSession] = events;
    expect(anon).toMatchObject({
      v: 1, session: 'sess-1', caller: 'svc-support', purpose: 'ticket-summary', policy: 'llm', ok: true,
      entities: { PERSON: { pseudonymise: 1 }, AADHAAR: { pseudonymise: 1 }, AGE: { keep: 1 }, CITY: { keep: 1 }, HEALTH: { keep: 1 } },
    });
    expect(anon!.total).toBe(Object.values(anon!.entities!).reduce((n, byAction) => n + Object.values(byAction).reduce((a, b) => a + b, 0), 0));
    expect(deanon).toMatchObject({ op: 'deanonymise', session: 'sess-1', caller: 'svc-reply', purpose: 'default-purpose', restored: 1, unknown: 2 });
    expect(dataset).toMatchObject({
      policy: 'dataset', caller: 'etl',
      entities: { PERSON: { hash: 1 }, AGE: { generalise: 1 }, CITY: { generalise: 1 }, PIN_CODE: { generalise: 1 }, MONEY: { generalise: 1 }, HEALTH: { mask: 1 }, IFSC: { mask: 1 } },
    });
    expect(forgetValue).toMatchObject({ op: 'forget', affected: 1 });
    expect(forgetValue).not.toHaveProperty('session');
    expect(rotate!.op).toBe('rotate');
    expect(rotate!.affected).toBeGreaterThan(0);
    expect(forgetSession).toMatchObject({ op: 'forget', session: 'sess-1' });
    for (const ev of events) {
      expect(typeof ev.durationMs).toBe('number');
      expect(Number.isNaN(Date.parse(ev.time))).toBe(false);
    }
  });

  it('plain anonymise / deanonymise take the sink per call', async () => {
    const seen: AuditEvent[] = [];
    const audit = callbackSink((ev) => {
      seen.push(ev);
    });
    const r = await anonymise('PAN ABCPK1234F', { audit, caller: 'c', purpose: 'p', policy: 'strict' });
    await deanonymise(r.text, { session: r.session, audit });
    expect(seen).toMatchObject([
      { op: 'anonymise', policy: 'strict', caller: 'c', purpose: 'p', entities: { PAN: { pseudonymise: 1 } }, total: 1 },
      { op: 'deanonymise', restored: 1, unknown: 0 },
    ]);
  });

  it('a failed operation is recorded with its error code only', async () => {
    const seen: AuditEvent[] = [];
    const audit = callbackSink((ev) => {
      seen.push(ev);
    });
    await expect(anonymise('PAN ABCPK1234F', { audit, policy: { name: 'bad', entities: { PAN: { action: 'nope' } } } as never })).rejects.toThrow();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ op: 'anonymise', ok: false, error: 'INVALID_POLICY' });
  });

  it('a sink that fails fails the call (an operation that cannot be recorded is not reported as done)', async () => {
    const audit = callbackSink(() => {
      throw new Error('audit store down');
    });
    await expect(anonymise('PAN ABCPK1234F', { audit })).rejects.toThrow('audit store down');
  });
});
