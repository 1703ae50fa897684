/** The gateway's small parts on their own: SSE parsing, JSON-aware anonymising, keys, spikes, durations. */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { createGateway } from '../../src/gateway/gateway.js';
import { kavachFetch } from '../../src/openai/index.js';
import { Conversation, humanise, RequestTexts } from '../../src/gateway/conversation.js';
import { parseDuration } from '../../src/gateway/duration.js';
import { generateApiKey, hashApiKey, KeyRing, modelAllowed, validateKeysFile } from '../../src/gateway/keys.js';
import { SpikeDetector } from '../../src/gateway/spikes.js';
import { formatEvent, SseParser } from '../../src/gateway/sse.js';

describe('SseParser', () => {
  const text = 'event: response.output_text.delta\ndata: {"a":1}\n\n: keep-alive\n\ndata: line one\ndata: line two\n\ndata: [DONE]\n\n';
  it.each([1, 2, 3, 7, 13])('gives the same events whatever the chunking (%i characters at a time)', (n) => {
    const p = new SseParser();
    const events = [];
    for (let i = 0; i < text.length; i += n) events.push(...p.push(text.slice(i, i + n)));
    expect(p.end()).toBeUndefined();
    expect(events.map((e) => [e.event ?? null, e.data ?? null])).toEqual([
      ['response.output_text.delta', '{"a":1}'],
      [null, null],
      [null, 'line one\nline two'],
      [null, '[DONE]'],
    ]);
  });

  it('reads CRLF line ends, even with \\r and \\n in different chunks', () => {
    const p = new SseParser();
    const events = [...p.push('data: {"x":1}\r'), ...p.push('\n\r'), ...p.push('\ndata: 2\r\n\r\n')];
    expect(events.map((e) => e.data)).toEqual(['{"x":1}', '2']);
  });

  it('returns an unterminated last event at the end (a stream cut short)', () => {
    const p = new SseParser();
    expect(p.push('data: {"partial":')).toEqual([]);
    expect(p.end()?.data).toBe('{"partial":');
  });

  it('formatEvent round-trips', () => {
    const p = new SseParser();
    const [e] = p.push(formatEvent({ event: 'x', id: '7' }, 'a\nb'));
    expect(e).toMatchObject({ event: 'x', id: '7', data: 'a\nb' });
  });
});

/** A JSON text through the gateway's request path (tool-call arguments are read this way). */
async function anonymiseJson(conv: Conversation, text: string): Promise<string> {
  const tx = new RequestTexts();
  let out = text;
  tx.addJson(text, (o) => (out = o));
  await tx.run(conv);
  return out;
}

describe('Conversation', () => {
  it('anonymises the string values and keys of a JSON text and uses the key as context', async () => {
    const engine = createEngine();
    const conv = new Conversation(engine, 'json-1');
    const out = JSON.parse(await anonymiseJson(conv, JSON.stringify({ customer: { full_name: 'Ravi Kumar', aadhaar_number: '2345 6789 0124' }, n: 3, ok: true, tags: ['PAN ABCPK1234F'] })));
    expect(out).toEqual({ customer: { full_name: '<PERSON_1>', aadhaar_number: '<AADHAAR_1>' }, n: 3, ok: true, tags: ['PAN <PAN_1>'] });
    expect(conv.counts.anonymised).toEqual({ PERSON: 1, AADHAAR: 1, PAN: 1 });
    // Not JSON: anonymised as text.
    expect(await anonymiseJson(conv, '{"name": "Ravi Kumar"')).toBe('{"name": "<PERSON_1>"');
    await engine.close();
  });

  it('restores into JSON with escaping and counts restored tokens once', async () => {
    const engine = createEngine();
    const conv = new Conversation(engine, 'json-2');
    const [anon] = await conv.anonymiseAll([{ text: 'Aadhaar 2345 6789 0124' }]);
    expect(anon).toBe('Aadhaar <AADHAAR_1>');
    const ch = conv.channel(true);
    let out = '';
    for (const piece of ['{"a":"<AAD', 'HAAR_1>","b":"x"}']) out += await ch.push(piece);
    out += await ch.end();
    expect(JSON.parse(out)).toEqual({ a: '2345 6789 0124', b: 'x' });
    expect(conv.counts.restored).toBe(1);
    await engine.close();
  });

  it('humanise turns keys into words', () => {
    expect(humanise('aadhaarNumber')).toBe('aadhaar Number');
    expect(humanise('pan_no')).toBe('pan no');
    expect(humanise('customer.phone-number')).toBe('customer phone number');
  });
});

describe('keys', () => {
  it('validates the file and names the bad field', () => {
    const h = hashApiKey(generateApiKey());
    expect(() => validateKeysFile({ version: 1, keys: [{ id: 'a', keyHash: 'md5:x' }] })).toThrow(/keys\[0\]\.keyHash/);
    expect(() => validateKeysFile({ version: 1, keys: [{ id: 'a', keyHash: h, allowIps: ['10.0.0.0/33'] }] })).toThrow(/keys\[0\]\.allowIps/);
    expect(() => validateKeysFile({ version: 1, keys: [{ id: 'a', keyHash: h, env: 'staging' }] })).toThrow(/keys\[0\]\.env/);
    expect(() => validateKeysFile({ version: 1, keys: [{ id: 'a', keyHash: h, rpm: 0 }] })).toThrow(/keys\[0\]\.rpm/);
    expect(() => validateKeysFile({ version: 1, keys: [{ id: 'a', keyHash: h }, { id: 'b', keyHash: h }] })).toThrow(/twice/);
    expect(() => validateKeysFile({ version: 2, keys: [] })).toThrow(/version/);
  });

  it('checks keys by hash, expiry and environment', () => {
    const [a, b] = [generateApiKey(), generateApiKey()];
    const ring = new KeyRing(validateKeysFile({ version: 1, keys: [{ id: 'a', keyHash: hashApiKey(a), env: 'prod', notAfter: '2030-01-01T00:00:00Z' }, { id: 'b', keyHash: hashApiKey(b), env: 'dev' }] }), 'prod');
    const now = Date.parse('2029-01-01T00:00:00Z');
    expect(ring.check(a, now)).toMatchObject({ ok: true, entry: { id: 'a' } });
    expect(ring.check(a, Date.parse('2031-01-01T00:00:00Z'))).toEqual({ ok: false, reason: 'expired' });
    expect(ring.check(b, now)).toEqual({ ok: false, reason: 'environment' });
    expect(ring.check(`${a}x`, now)).toEqual({ ok: false, reason: 'unknown' });
    expect(ring.check(undefined, now)).toEqual({ ok: false, reason: 'missing' });
  });

  it('model lists: exact names and prefixes', () => {
    expect(modelAllowed(undefined, 'anything')).toBe(true);
    expect(modelAllowed(['gpt-4o-mini', 'o4-*'], 'o4-mini')).toBe(true);
    expect(modelAllowed(['gpt-4o-mini'], 'gpt-4o')).toBe(false);
    expect(modelAllowed(['gpt-4o-mini'], undefined)).toBe(false);
  });
});

describe('SpikeDetector', () => {
  it('follows a moving baseline: a steady rate never alerts, a burst alerts once per minute, idle minutes lower the baseline', () => {
    let t = 0;
    const d = new SpikeDetector({ factor: 3, minRequests: 10, newIp: false }, () => t);
    const minute = (n: number) => {
      const alerts = [];
      for (let i = 0; i < n; i++) alerts.push(...d.request('c', undefined));
      t += 60_000;
      return alerts;
    };
    // 10 a minute, then 29: baseline 10 → 13.8 (α 0.2); 40 is within 3 × 13.8.
    for (let m = 0; m < 10; m++) expect(minute(10)).toEqual([]);
    expect(minute(29)).toEqual([]);
    expect(minute(40)).toEqual([]);
    // Baseline now 0.2 × 40 + 0.8 × 13.8 = 19.04: the 58th request of a minute is the first above 3×.
    const burst = minute(80);
    expect(burst).toHaveLength(1);
    expect(burst[0]).toMatchObject({ kind: 'request-spike', observed: 58, baseline: 19.04, factor: 3 });
    // An idle hour: the baseline decays to the floor (10), so 31 a minute is a spike again.
    t += 60 * 60_000;
    expect(minute(30)).toEqual([]);
    t -= 60_000;
    expect(d.request('c', undefined)).toEqual([expect.objectContaining({ observed: 31 })]);
  });

  it('alerts on a new address only after the first', () => {
    const d = new SpikeDetector({}, () => 0);
    expect(d.request('c', '10.0.0.1')).toEqual([]);
    expect(d.request('c', '10.0.0.1')).toEqual([]);
    expect(d.request('c', '10.0.0.2')).toEqual([expect.objectContaining({ kind: 'new-ip', ip: '10.0.0.2' })]);
    expect(d.request('other', '10.0.0.2')).toEqual([]);
  });
});

it('parseDuration', () => {
  expect(parseDuration('90d', 'x')).toBe(90 * 86_400_000);
  expect(parseDuration('1.5h', 'x')).toBe(5_400_000);
  expect(parseDuration('250', 'x')).toBe(250);
  expect(() => parseDuration('soon', 'retention')).toThrow(/retention/);
});

describe('the engine a gateway or wrapper makes for itself', () => {
  it('keeps detection answers for 4,096 texts (a plain engine keeps none unless asked)', async () => {
    const texts = Array.from({ length: 1100 }, (_, i) => `Message ${i}: please call the branch about account ${100000 + i} before Friday, thanks.`);
    const counting = (engine: { registerDetector: (spec: never) => unknown; detect: (t: string) => unknown }): (() => number) => {
      let n = 0;
      engine.registerDetector({ id: 'counter', type: 'COUNTER', find: () => (n++, []) } as never);
      return () => n;
    };
    const gw = createGateway({ upstream: 'http://127.0.0.1:9/v1', spikes: false, log: () => undefined });
    const fetch = kavachFetch({ fetch: async () => new Response('{}') });
    const plain = createEngine();
    for (const engine of [gw.engine, fetch.engine, plain]) {
      const finds = counting(engine);
      for (const t of texts) engine.detect(t);
      expect(finds()).toBe(texts.length);
      engine.detect(texts[0]!);
      expect(finds()).toBe(engine === plain ? texts.length + 1 : texts.length);
    }
    await gw.close();
    await fetch.close();
    await plain.close();
  });
});
