/**
 * The bounded load run as a test: 200 streamed requests at once through the gateway on loopback,
 * each with its own person. Asserts behaviour only — no value reaches the upstream, every reply comes
 * back restored with its own request's values — never timing (bench/gateway.ts reports latency).
 */
import { beforeAll, expect, it } from 'vitest';
import { loadCase, replyFor } from '../../bench/gateway-data.js';
import type { RequestEvent } from '../../src/gateway/index.js';
import { useStubGateway } from './helpers.js';
import { chatStream, cut, tokensIn } from './stub.js';

const N = 200;
const events: RequestEvent[] = [];
const h = useStubGateway({ spikes: false, audit: (e) => void (e.op === 'request' && events.push(e)) }, false);
beforeAll(() => {
  h.stub.respond = (r) => ({ kind: 'sse', pieces: chatStream({ content: cut(replyFor(tokensIn(r.json.messages.at(-1).content)), 4) }) });
});

async function streamed(i: number): Promise<string> {
  const { prompt } = loadCase(i);
  const res = await fetch(`${h.served.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-kavach-session': `load-${i}` },
    body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: prompt }] }),
  });
  expect(res.status).toBe(200);
  let text = '';
  for (const line of (await res.text()).split('\n')) {
    if (!line.startsWith('data: {')) continue;
    text += JSON.parse(line.slice(6)).choices?.[0]?.delta?.content ?? '';
  }
  return text;
}

it(`${N} concurrent streamed requests: nothing labelled reaches the upstream, every reply restored with its own values`, async () => {
  const replies = await Promise.all(Array.from({ length: N }, (_, i) => streamed(i)));
  expect(h.stub.requests).toHaveLength(N);
  const bodies = h.stub.allBodies();
  for (let i = 0; i < N; i++) {
    const c = loadCase(i);
    for (const v of c.values) expect(bodies.includes(v), `case ${i}: a value reached the upstream`).toBe(false);
    expect(replies[i]).toBe(replyFor([c.name, c.aadhaar]));
  }
  await expect.poll(() => events.length).toBe(N);
  expect(events.every((e) => e.status === 200 && e.restored === 3 && !e.error)).toBe(true);
}, 120_000);
