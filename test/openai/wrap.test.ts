/**
 * wrapOpenAI / kavachFetch: the real `openai` v6 client talking straight to a stub upstream through a
 * kavach fetch. Every call path (create, stream helpers, parse, responses) goes through the fetch.
 */
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';
import type { GatewayEvent, RequestEvent } from '../../src/gateway/index.js';
import { kavachFetch, wrapOpenAI } from '../../src/openai/index.js';
import { expectNoLabelledValue, LABELLED, PII, PROMPT } from '../gateway/helpers.js';
import { chatCompletion, chatStream, cut, responsesStream, Stub, tokensIn } from '../gateway/stub.js';

let stub: Stub;
beforeAll(async () => {
  stub = await new Stub().start();
});
afterAll(async () => {
  await stub?.close();
});
afterEach(() => {
  const bodies = stub.allBodies();
  stub.requests.length = 0;
  expectNoLabelledValue(bodies);
});

const base = () => new OpenAI({ baseURL: `${stub.url}/v1`, apiKey: 'sk-test', maxRetries: 0 });
const lastUserTokens = (body: any): string[] => tokensIn(JSON.stringify(body.messages?.at(-1) ?? body.input));

describe('wrapOpenAI', () => {
  it('returns a new client whose requests are anonymised and replies restored; the original client is untouched', async () => {
    const events: GatewayEvent[] = [];
    const original = base();
    const client = wrapOpenAI(original, { purpose: 'support', caller: 'helpdesk', onEvent: (e) => void events.push(e) });
    expect(client).not.toBe(original);
    stub.respond = (r) => {
      const [p, a] = lastUserTokens(r.json);
      return { kind: 'json', body: chatCompletion({ content: `Hello ${p}, Aadhaar ${a}.` }) };
    };
    const res = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }] });
    expect(res.choices[0]!.message.content).toBe(`Hello ${PII.name}, Aadhaar ${PII.aadhaar}.`);
    expect(stub.requests[0]!.headers.authorization).toBe('Bearer sk-test');
    expect(events).toHaveLength(1);
    const e = events[0] as RequestEvent;
    expect(e).toMatchObject({ op: 'request', caller: 'helpdesk', purpose: 'support', route: '/v1/chat/completions', status: 200, restored: 2, anonymisedTotal: 5 });
    // The event holds counts and labels only.
    expectNoLabelledValue(JSON.stringify(events), LABELLED);
    // The original client still sends what it is given (it is not wrapped).
    stub.respond = () => ({ kind: 'json', body: chatCompletion({ content: 'plain' }) });
    await original.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'no personal data here' }] });
    expect(stub.requests[1]!.json.messages).toEqual([{ role: 'user', content: 'no personal data here' }]);
  });

  it('streams: content split inside tokens and tool-call argument fragments come back whole (runTools-style helpers too)', async () => {
    const client = wrapOpenAI(base());
    stub.respond = (r) => {
      const [p, a] = lastUserTokens(r.json);
      return { kind: 'sse', pieces: chatStream({ content: cut(`Dear ${p}. `, 2), tools: [{ name: 'save', args: cut(JSON.stringify({ person: p, aadhaar: a }), 3) }] }) };
    };
    const final = await client.chat.completions.stream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }] }).finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe(`Dear ${PII.name}. `);
    expect(JSON.parse((final.choices[0]!.message.tool_calls![0] as any).function.arguments)).toEqual({ person: PII.name, aadhaar: PII.aadhaar });
  });

  it('runTools: the tool function gets the originals, its result goes back anonymised, the final answer is restored', async () => {
    const client = wrapOpenAI(base(), { session: 'tools-1' });
    const seenArgs: unknown[] = [];
    stub.respond = (r) => {
      const msgs = r.json.messages;
      const last = msgs.at(-1);
      if (last.role === 'user') {
        const [p, , pan] = tokensIn(last.content);
        return { kind: 'json', body: chatCompletion({ content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: JSON.stringify({ name: p, pan }) } }] }) };
      }
      // The tool's result, as the upstream sees it: tokens only.
      expect(last.role).toBe('tool');
      expect(last.content).toBe('Record of <PERSON_1>: phone <PHONE_1>');
      return { kind: 'json', body: chatCompletion({ content: `${tokensIn(last.content).join(' / ')} found.` }) };
    };
    const runner = client.chat.completions.runTools({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: PROMPT }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'lookup',
            description: 'Find a customer record',
            parameters: { type: 'object', properties: { name: { type: 'string' }, pan: { type: 'string' } } },
            parse: JSON.parse,
            function: (args: { name: string; pan: string }) => {
              seenArgs.push(args);
              return `Record of ${args.name}: phone ${PII.phone}`;
            },
          },
        },
      ],
    });
    expect(await runner.finalContent()).toBe(`${PII.name} / ${PII.phone} found.`);
    expect(seenArgs).toEqual([{ name: PII.name, pan: PII.pan }]);
    expect(stub.requests).toHaveLength(2);
  });

  it('covers the Responses API stream helper', async () => {
    const client = wrapOpenAI(base());
    stub.respond = (r) => {
      const [p] = tokensIn(JSON.stringify(r.json.input));
      return { kind: 'sse', pieces: responsesStream({ text: cut(`Namaste ${p}!`, 4) }) };
    };
    const final = await client.responses.stream({ model: 'gpt-4o-mini', input: PROMPT }).finalResponse();
    expect(final.output_text).toBe(`Namaste ${PII.name}!`);
  });

  it('a session (string, function or header) keeps tokens across requests; the header is never sent on', async () => {
    const engine = createEngine();
    const seen: string[] = [];
    const client = wrapOpenAI(base(), {
      engine,
      session: (req) => {
        seen.push(req.url);
        return typeof req.body.user === 'string' ? `user-${req.body.user.length}` : undefined;
      },
    });
    stub.respond = () => ({ kind: 'json', body: chatCompletion({ content: 'ok' }) });
    await client.chat.completions.create({ model: 'm', user: 'u1', messages: [{ role: 'user', content: `My friend Priya Sharma and ${PII.name}` }] });
    await client.chat.completions.create({ model: 'm', user: 'u1', messages: [{ role: 'user', content: `Only ${PII.name}` }] });
    expect(stub.requests[1]!.json.messages.at(-1).content).toBe('Only <PERSON_2>');
    expect(seen[0]).toMatch(/\/chat\/completions$/);
    await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `Only ${PII.name}` }] }, { headers: { 'x-kavach-session': 'hdr' } });
    expect(stub.requests[2]!.json.messages.at(-1).content).toBe('Only <PERSON_1>');
    expect(stub.requests[2]!.headers['x-kavach-session']).toBeUndefined();
    expect((await engine.vault.stats()).sessions).toBe(2);
    await engine.close();
  });

  it('refuses a body sent to an endpoint it does not cover, and lets body-less calls through', async () => {
    const fetch = kavachFetch();
    const refused = await fetch(`${stub.url}/v1/assistants`, { method: 'POST', body: JSON.stringify({ instructions: PROMPT }) });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as any).error.code).toBe('kavach_route_not_covered');
    expect(stub.requests).toHaveLength(0);
    stub.respond = () => ({ kind: 'json', body: { object: 'list', data: [] } });
    const ok = await fetch(`${stub.url}/v1/models`);
    expect(ok.status).toBe(200);
    await fetch.close();
  });

  it('fails closed when anonymising fails: an OpenAI error, no retry, nothing sent', async () => {
    const engine = createEngine();
    await engine.vault.close();
    const client = wrapOpenAI(new OpenAI({ baseURL: `${stub.url}/v1`, apiKey: 'k' }), { engine });
    const err: any = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: PROMPT }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(err.status).toBe(500);
    expect(err.code).toBe('kavach_anonymise_failed');
    expect(stub.requests).toHaveLength(0);
  });

  it('restores into a link only when told to (links: "restore")', async () => {
    stub.respond = (r) => ({ kind: 'json', body: chatCompletion({ content: `[profile](https://x.example/u/${lastUserTokens(r.json)[0]})` }) });
    const withheld = await wrapOpenAI(base()).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `I am ${PII.name}` }] });
    expect(withheld.choices[0]!.message.content).toBe('[profile](https://x.example/u/<PERSON_1>)');
    const restored = await wrapOpenAI(base(), { links: 'restore' }).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `I am ${PII.name}` }] });
    expect(restored.choices[0]!.message.content).toBe(`[profile](https://x.example/u/${PII.name})`);
  });

  it('strips logprobs when told to, and adds no instruction when instruction is false', async () => {
    stub.respond = () => ({ kind: 'json', body: chatCompletion({ content: 'ok' }) });
    await wrapOpenAI(base(), { logprobs: 'strip', instruction: false }).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: PROMPT }], logprobs: true, top_logprobs: 3 });
    const body = stub.requests[0]!.json;
    expect(body.logprobs).toBeUndefined();
    expect(body.top_logprobs).toBeUndefined();
    expect(body.messages).toHaveLength(1);
  });
});
