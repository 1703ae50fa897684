import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ActionCounter, callbackSink, emitAudit, jsonlFileSink, makeAuditEvent, type AuditEvent } from '../src/audit/index.js';
import { KavachError } from '../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'kavach-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audit events', () => {
  it('carry whitelisted facts only: counts, totals, time, duration, who and why', () => {
    const counter = new ActionCounter();
    counter.add('AADHAAR', 'mask');
    counter.add('AADHAAR', 'mask');
    counter.add('PERSON', 'pseudonymise');
    const e = makeAuditEvent({
      op: 'anonymise', start: performance.now(), startTime: new Date('2025-01-02T03:04:05.000Z'), session: 's1',
      caller: 'support-bot', purpose: 'ticket-summary', policy: 'llm', entities: counter.counts,
      ...({ text: 'Aadhaar 2345 6789 0124', value: '2345 6789 0124' } as object),
    });
    expect(e).toMatchObject({
      v: 1, time: '2025-01-02T03:04:05.000Z', op: 'anonymise', session: 's1', caller: 'support-bot', purpose: 'ticket-summary',
      policy: 'llm', entities: { AADHAAR: { mask: 2 }, PERSON: { pseudonymise: 1 } }, total: 3, ok: true,
    });
    expect(e.durationMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(e)).not.toContain('2345');
  });

  it.each([
    ['a long caller is truncated to 200 characters', { caller: 'c'.repeat(500) }, (e: AuditEvent) => expect(e.caller).toHaveLength(200)],
    ['a non-string purpose is dropped', { purpose: { id: 1 } }, (e: AuditEvent) => expect(e).not.toHaveProperty('purpose')],
    ['deanonymise counts', { op: 'deanonymise' as const, restored: 3, unknown: 1 }, (e: AuditEvent) => expect(e).toMatchObject({ restored: 3, unknown: 1 })],
    ['vault operation counts', { op: 'purge' as const, affected: 12 }, (e: AuditEvent) => expect(e).toMatchObject({ op: 'purge', affected: 12 })],
    ['a failure keeps the error code, not its message', { error: new KavachError('VAULT_ERROR', 'value 2345 6789 0124 failed') }, (e: AuditEvent) => {
      expect(e).toMatchObject({ ok: false, error: 'VAULT_ERROR' });
      expect(JSON.stringify(e)).not.toContain('2345');
    }],
    ['a foreign error is ERROR', { error: new Error('x') }, (e: AuditEvent) => expect(e.error).toBe('ERROR')],
  ])('%s', (_what, facts, check) => {
    check(makeAuditEvent({ op: 'anonymise', start: performance.now(), ...facts }));
  });
});

describe('sinks', () => {
  it('callbackSink hands events over in order', async () => {
    const seen: AuditEvent[] = [];
    const sink = callbackSink((e) => {
      seen.push(e);
    });
    await emitAudit(sink, { op: 'forget', start: performance.now(), session: 'a', affected: 2 });
    await emitAudit(sink, { op: 'rotate', start: performance.now(), affected: 5 });
    expect(seen.map((e) => e.op)).toEqual(['forget', 'rotate']);
    await emitAudit(undefined, { op: 'rotate', start: 0 });
  });

  it('a failing sink fails the operation (fail closed)', async () => {
    const sink = callbackSink(() => Promise.reject(new Error('disk full')));
    await expect(emitAudit(sink, { op: 'purge', start: performance.now() })).rejects.toThrow('disk full');
    expect(() => callbackSink(42 as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });

  it('jsonlFileSink appends one JSON line per event and never truncates', async () => {
    const path = join(dir, 'audit.jsonl');
    writeFileSync(path, '{"v":1,"op":"earlier"}\n');
    const sink = jsonlFileSink(path);
    await emitAudit(sink, { op: 'anonymise', start: performance.now(), policy: 'llm', entities: { PAN: { mask: 1 } } });
    await emitAudit(sink, { op: 'deanonymise', start: performance.now(), restored: 1, unknown: 0 });
    sink.close();
    // A second sink on the same file (another process, a restart) appends too.
    const again = jsonlFileSink(path);
    await emitAudit(again, { op: 'purge', start: performance.now(), affected: 0 });
    again.close();
    await emitAudit(again, { op: 'forget', start: performance.now(), affected: 1 });
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { op: string });
    expect(lines.map((l) => l.op)).toEqual(['earlier', 'anonymise', 'deanonymise', 'purge', 'forget']);
    expect(again.path).toBe(path);
  });

  it('creates the file readable by its owner only', () => {
    const path = join(dir, 'new.jsonl');
    jsonlFileSink(path).close();
    expect(statSync(path).mode & 0o077).toBe(0);
  });

  it('refuses a missing path', () => {
    expect(() => jsonlFileSink('')).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});
