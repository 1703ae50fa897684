/**
 * The gateway's controls, driven through its Web handler with a chosen client address (the real
 * openai client's fetch calls the handler directly): keys and rotation, address allowlists, models,
 * purposes, rate limits, the audit file (scanned for every original), retention, spike alerts and
 * metrics. Time comes from an injected clock, never the wall clock.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, generateApiKey, hashApiKey, writeKeysFile, type Gateway, type GatewayEvent, type GatewayOptions, type KeyEntry } from '../../src/gateway/index.js';
import { expectNoLabelledValue, LABELLED, PII, PROMPT } from './helpers.js';
import { chatCompletion, chatStream, cut, Stub, tokensIn } from './stub.js';

let stub: Stub;
const dir = mkdtempSync(join(tmpdir(), 'kavach-gw-'));
const open: Gateway[] = [];
const DAY = 86_400_000;

beforeAll(async () => {
  stub = await new Stub().start();
  stub.respond = (r) => {
    if (r.path === '/hook') return { kind: 'json', body: { ok: true } };
    const t = tokensIn(JSON.stringify(r.json?.messages ?? []));
    return r.json?.stream ? { kind: 'sse', pieces: chatStream({ content: cut(`Hi ${t.join(' ')}`, 3) }) } : { kind: 'json', body: chatCompletion({ content: `Hi ${t.join(' ')}` }) };
  };
});
afterAll(async () => {
  for (const g of open) await g.close();
  await stub?.close();
});
afterEach(() => {
  const bodies = stub.requests.filter((r) => r.path !== '/hook').map((r) => r.body).join('\n');
  stub.requests.length = 0;
  expectNoLabelledValue(bodies);
});

class Clock {
  t = Date.parse('2026-06-01T10:00:00Z');
  now = (): number => this.t;
}

function gateway(o: Partial<GatewayOptions>): Gateway {
  const g = createGateway({ upstream: `${stub.url}/v1`, upstreamKey: 'sk-up', spikes: false, log: () => undefined, ...o });
  open.push(g);
  return g;
}

/** An openai client whose requests reach the handler directly, from `ip`. */
function clientFor(g: Gateway, key: string, ip = '127.0.0.1', headers: Record<string, string> = {}): OpenAI {
  return new OpenAI({ apiKey: key, baseURL: 'http://kavach.test/v1', maxRetries: 0, defaultHeaders: headers, fetch: (url, init) => g(new Request(url, init), { ip }) });
}

function keyFile(entries: Array<Partial<KeyEntry> & { id: string }>): { path: string; keys: string[] } {
  const keys = entries.map(() => generateApiKey());
  const path = join(dir, `keys-${Math.random().toString(36).slice(2)}.json`);
  writeKeysFile(path, { version: 1, keys: entries.map((e, i) => ({ keyHash: hashApiKey(keys[i]!), ...e })) });
  return { path, keys };
}

const ask = (c: OpenAI, content = PROMPT, model = 'gpt-4o-mini') => c.chat.completions.create({ model, messages: [{ role: 'user', content }] });
const fail = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as any);

describe('keys', () => {
  it('admits a known key, refuses a missing, unknown, expired or other-environment key with 401 in OpenAI shape', async () => {
    const clock = new Clock();
    const { path, keys } = keyFile([
      { id: 'billing', env: 'prod' },
      { id: 'old', env: 'prod', notAfter: new Date(clock.t - 1000).toISOString() },
      { id: 'devtool', env: 'dev' },
    ]);
    const g = gateway({ keys: path, env: 'prod', clock: clock.now });
    expect((await ask(clientFor(g, keys[0]!))).choices[0]!.message.content).toBe(`Hi ${PII.name} ${PII.aadhaar} ${PII.pan} ${PII.phone} ${PII.email}`);
    const bare = await g(new Request('http://kavach.test/v1/chat/completions', { method: 'POST', body: JSON.stringify({ model: 'm', messages: [] }) }), { ip: '127.0.0.1' });
    expect(bare.status).toBe(401);
    expect(await bare.json()).toEqual({ error: { message: 'kavach: No API key was provided', type: 'authentication_error', param: null, code: 'invalid_api_key' } });
    for (const k of ['kvk_not-a-real-key', keys[1]!, keys[2]!]) {
      const err = await fail(ask(clientFor(g, k)));
      expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
      expect(err.status).toBe(401);
      expect(err.code).toBe('invalid_api_key');
    }
    expect(stub.requests).toHaveLength(1);
    // The caller's key never goes upstream; the upstream key does.
    expect(stub.requests[0]!.headers.authorization).toBe('Bearer sk-up');
  });

  it('rotation: two keys of one caller both work until the old one’s notAfter; a revoked key stops at once', async () => {
    const clock = new Clock();
    const { path, keys } = keyFile([
      { id: 'svc', notAfter: new Date(clock.t + DAY).toISOString() },
      { id: 'svc' },
    ]);
    const g = gateway({ keys: path, clock: clock.now });
    await ask(clientFor(g, keys[0]!), 'hello');
    await ask(clientFor(g, keys[1]!), 'hello');
    clock.t += 2 * DAY;
    expect((await fail(ask(clientFor(g, keys[0]!), 'hello'))).status).toBe(401);
    await ask(clientFor(g, keys[1]!), 'hello');
    // Revoke: the file is rewritten (as `kavach keys revoke` does) and read again on the next request.
    writeKeysFile(path, { version: 1, keys: [] });
    expect((await fail(ask(clientFor(g, keys[1]!), 'hello'))).status).toBe(401);
  });

  it('refuses a body over maxBodyBytes with 413 before reading it into the engine', async () => {
    const g = gateway({ maxBodyBytes: 2048 });
    const err = await fail(ask(clientFor(g, 'x'), PROMPT.repeat(20)));
    expect([err.status, err.code]).toEqual([413, 'request_too_large']);
    expect(stub.requests).toHaveLength(0);
    await ask(clientFor(g, 'x'), 'small');
  });

  it('without keys: loopback callers only', async () => {
    const g = gateway({});
    await ask(clientFor(g, 'x', '::1'), 'hello');
    await ask(clientFor(g, 'x', '::ffff:127.0.0.1'), 'hello');
    const err = await fail(ask(clientFor(g, 'x', '192.168.1.20'), 'hello'));
    expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(err.code).toBe('ip_not_allowed');
  });
});

describe('allowlists, models, purposes', () => {
  it('refuses an address outside the key’s CIDRs with 403', async () => {
    const { path, keys } = keyFile([{ id: 'office', allowIps: ['10.20.0.0/16', '2001:db8::/32', '192.0.2.7'] }]);
    const g = gateway({ keys: path });
    for (const ip of ['10.20.3.4', '::ffff:10.20.9.9', '2001:db8::5', '192.0.2.7']) await ask(clientFor(g, keys[0]!, ip), 'hello');
    for (const ip of ['10.21.0.1', '127.0.0.1', '192.0.2.8', '2001:db9::1']) {
      const err = await fail(ask(clientFor(g, keys[0]!, ip), 'hello'));
      expect([err.status, err.code]).toEqual([403, 'ip_not_allowed']);
    }
    expect(stub.requests).toHaveLength(4);
  });

  it('refuses a model not on the key’s list with 403 (prefixes with *)', async () => {
    const { path, keys } = keyFile([{ id: 'cheap', models: ['gpt-4o-mini', 'gpt-4.1-*'] }]);
    const g = gateway({ keys: path });
    const c = clientFor(g, keys[0]!);
    await ask(c, 'hello', 'gpt-4o-mini');
    await ask(c, 'hello', 'gpt-4.1-nano');
    const err = await fail(ask(c, 'hello', 'o3'));
    expect([err.status, err.code, err.param]).toEqual([403, 'model_not_allowed', 'model']);
  });

  it('requires a listed purpose when the key lists purposes (400 missing, 403 not listed)', async () => {
    const { path, keys } = keyFile([{ id: 'helpdesk', purposes: ['support-ticket', 'kyc'] }]);
    const events: GatewayEvent[] = [];
    const g = gateway({ keys: path, audit: (e) => void events.push(e) });
    const missing = await fail(ask(clientFor(g, keys[0]!), 'hello'));
    expect([missing.status, missing.code]).toEqual([400, 'purpose_required']);
    const wrong = await fail(ask(clientFor(g, keys[0]!, '127.0.0.1', { 'x-kavach-purpose': 'marketing' }), 'hello'));
    expect([wrong.status, wrong.code]).toEqual([403, 'purpose_not_allowed']);
    await ask(clientFor(g, keys[0]!, '127.0.0.1', { 'x-kavach-purpose': 'kyc' }), 'hello');
    expect(events.map((e) => (e.op === 'request' ? [e.status, e.purpose ?? null] : null))).toEqual([[400, null], [403, 'marketing'], [200, 'kyc']]);
  });
});

describe('rate limits', () => {
  it('429 with retry-after when a caller goes over its requests per minute', async () => {
    const { path, keys } = keyFile([{ id: 'bursty', rpm: 2 }, { id: 'other', rpm: 2 }]);
    const g = gateway({ keys: path });
    const c = clientFor(g, keys[0]!);
    await ask(c, 'one');
    await ask(c, 'two');
    const res = await g(new Request('http://kavach.test/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${keys[0]}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'three' }] }) }), { ip: '127.0.0.1' });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as any).error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    const err = await fail(ask(c, 'four'));
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    // Another caller has its own budget.
    await ask(clientFor(g, keys[1]!), 'five');
    expect(stub.requests).toHaveLength(3);
  });

  it('429 once the upstream tokens of the minute reach the caller’s tpm (streamed usage counts too)', async () => {
    const { path, keys } = keyFile([{ id: 'wordy', tpm: 100 }]);
    const g = gateway({ keys: path });
    const c = clientFor(g, keys[0]!);
    await ask(c, 'one'); // 70 tokens
    const s = await c.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'two' }], stream: true }); // 70 more
    for await (const _ of s) void _;
    const err = await fail(ask(c, 'three'));
    expect([err.status, err.code]).toEqual([429, 'rate_limit_exceeded']);
    expect(err.message).toContain('tokens');
  });
});

describe('audit', () => {
  it('one JSONL event per request with counts, never a value; content only as the upstream saw it', async () => {
    const plain = join(dir, 'audit-plain.jsonl');
    const withContent = join(dir, 'audit-content.jsonl');
    const { path, keys } = keyFile([{ id: 'crm', env: 'prod', rpm: 5 }]);
    for (const [file, auditContent] of [[plain, 'none'], [withContent, 'anonymised']] as const) {
      const g = gateway({ keys: path, audit: file, auditContent });
      const c = clientFor(g, keys[0]!, '10.0.0.7', { 'x-kavach-purpose': 'case-notes', 'x-kavach-session': `s-${auditContent}` });
      await ask(c);
      const s = await c.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }], stream: true });
      for await (const _ of s) void _;
      await fail(ask(clientFor(g, 'kvk_wrong', '10.0.0.7'), PROMPT));
      await g.close();
      const text = readFileSync(file, 'utf8');
      expectNoLabelledValue(text, LABELLED);
      const lines = text.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatchObject({ v: 1, op: 'request', caller: 'crm', env: 'prod', purpose: 'case-notes', ip: '10.0.0.7', route: '/v1/chat/completions', model: 'gpt-4o-mini', status: 200, stream: false, anonymisedTotal: 5, restored: 5, usage: { total: 70 } });
      expect(lines[0].anonymised).toEqual({ PERSON: 1, AADHAAR: 1, PAN: 1, PHONE: 1, EMAIL: 1 });
      expect(lines[1]).toMatchObject({ stream: true, status: 200, restored: 5 });
      expect(lines[2]).toMatchObject({ status: 401, error: 'invalid_api_key', anonymisedTotal: 0 });
      expect(lines[0].latencyMs).toBeGreaterThanOrEqual(0);
      if (auditContent === 'none') expect(text).not.toContain('<PERSON_1>');
      else {
        expect(lines[0].content.request.messages.at(-1).content).toContain('<AADHAAR_1>');
        expect(lines[0].content.reply).toContain('<PERSON_1>');
        expect(lines[1].content.reply).toContain('data: ');
      }
    }
  });

  it('purges audit events and vault sessions older than the retention', async () => {
    const clock = new Clock();
    const file = join(dir, 'audit-retention.jsonl');
    const g = gateway({ audit: file, clock: clock.now, retention: '90d' });
    const c = clientFor(g, 'x', '127.0.0.1', { 'x-kavach-session': 'old-conversation' });
    await ask(c);
    expect((await g.engine.vault.stats()).sessions).toBe(1);
    clock.t += 91 * DAY;
    await ask(clientFor(g, 'x', '127.0.0.1', { 'x-kavach-session': 'new-conversation' }));
    const r = await g.purge();
    expect(r.auditEvents).toBe(1);
    expect(r.vaultRecords).toBe(5);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(Date.parse(lines[0].time)).toBe(clock.t);
    expect((await g.engine.vault.stats()).sessions).toBe(1);
    // The file is still appended to after a purge.
    await ask(c, 'hello');
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
  });
});

describe('spikes and metrics', () => {
  it('alerts when a caller goes above k× its baseline, and on a new address (audit sink, log, webhook, metrics)', async () => {
    const clock = new Clock();
    const { path, keys } = keyFile([{ id: 'batch' }]);
    const events: GatewayEvent[] = [];
    const logged: string[] = [];
    const g = gateway({ keys: path, clock: clock.now, audit: (e) => void events.push(e), log: (l) => logged.push(l), spikes: { factor: 2, minRequests: 2, minTokens: 1000, webhook: `${stub.url}/hook` } });
    const c = clientFor(g, keys[0]!, '10.0.0.1');
    // A steady minute-by-minute baseline of 2 requests...
    for (let m = 0; m < 5; m++) {
      await ask(c, 'hello');
      await ask(c, 'hello');
      clock.t += 60_000;
    }
    expect(events.filter((e) => e.op === 'alert')).toEqual([]);
    // ...then a burst: the 5th request of the minute is above 2 × 2.
    for (let i = 0; i < 6; i++) await ask(c, 'hello');
    const alerts = () => events.filter((e) => e.op === 'alert');
    expect(alerts().filter((a) => (a as any).kind === 'request-spike')).toHaveLength(1);
    expect(alerts()[0]).toMatchObject({ kind: 'request-spike', caller: 'batch', observed: 5, factor: 2 });
    // 6 requests × 70 tokens = 420 this minute: below 2 × max(baseline 140, floor 1000).
    expect(alerts().some((a) => (a as any).kind === 'token-spike')).toBe(false);
    // A new address for this caller.
    await ask(clientFor(g, keys[0]!, '10.0.0.99'), 'hello');
    expect(alerts().at(-1)).toMatchObject({ kind: 'new-ip', caller: 'batch', ip: '10.0.0.99' });
    expect(logged.some((l) => l.includes('alert request-spike caller=batch'))).toBe(true);
    await expect.poll(() => stub.requests.filter((r) => r.path === '/hook').map((r) => r.json.kind)).toEqual(['request-spike', 'new-ip']);
    const metrics = await (await g(new Request('http://kavach.test/metrics'), { ip: '127.0.0.1' })).text();
    expect(metrics).toMatch(/kavach_gateway_alerts_total\{kind="request-spike",caller="batch"\} 1/);
    expect(metrics).toMatch(/kavach_gateway_requests_total\{route="\/v1\/chat\/completions",status="200",caller="batch"\} 17/);
    expect((await g(new Request('http://kavach.test/metrics'), { ip: '10.0.0.1' })).status).toBe(403);
  });

  it('alerts on a token spike', async () => {
    const clock = new Clock();
    const events: GatewayEvent[] = [];
    const g = gateway({ clock: clock.now, audit: (e) => void events.push(e), spikes: { factor: 2, minRequests: 1000, minTokens: 100 } });
    const c = clientFor(g, 'x');
    for (let i = 0; i < 3; i++) await ask(c, 'hello'); // 210 tokens > 2 × 100
    expect(events.filter((e) => e.op === 'alert')).toEqual([expect.objectContaining({ kind: 'token-spike', caller: 'local', observed: 210 })]);
  });
});
