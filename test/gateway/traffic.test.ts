/**
 * The gateway against a stub upstream, driven by the real `openai` v6 client: what reaches the
 * upstream (never a labelled value) and what the client gets back (the originals), for plain JSON,
 * streams split inside tokens, tool-call argument fragments, structured output, the Responses API,
 * embeddings, sessions, concurrency and failures.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { detect } from '../../src/resolve/detect.js';
import { createGateway, type GatewayEvent, type RequestEvent } from '../../src/gateway/index.js';
import { client, expectNoLabelledValue, PII, PROMPT, serveGateway, useStubGateway } from './helpers.js';
import { chatCompletion, chatStream, cut, responsesStream, sse, tokensIn } from './stub.js';

const events: GatewayEvent[] = [];
const h = useStubGateway({ upstreamKey: 'sk-upstream-secret', audit: (e) => void events.push(e), spikes: false });

const api = () => client(`${h.served.url}/v1`);
const lastEvent = (): RequestEvent => events.filter((e): e is RequestEvent => e.op === 'request').at(-1)!;

/** The stub's "model": the tokens it was sent, in the order of first appearance in the last user text. */
function userTokens(body: any): string[] {
  const msgs = body.messages ?? [];
  const user = [...msgs].reverse().find((m: any) => m.role === 'user');
  return tokensIn(typeof user?.content === 'string' ? user.content : JSON.stringify(user?.content ?? body.input));
}

describe('chat completions, whole replies', () => {
  it('sends tokens upstream, with the upstream key and the copy instruction, and gives the client its values back', async () => {
    h.stub.respond = (r) => {
      const [person, aadhaar, pan] = userTokens(r.json);
      return { kind: 'json', body: chatCompletion({ content: `Dear ${person}, we have Aadhaar ${aadhaar} and PAN ${pan}.` }) };
    };
    const res = await api().chat.completions.create(
      { model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'You write letters.' }, { role: 'user', content: PROMPT }] },
      { headers: { 'x-kavach-session': 'letter-1', 'x-kavach-purpose': 'loan-letter' } },
    );
    expect(res.choices[0]!.message.content).toBe(`Dear ${PII.name}, we have Aadhaar ${PII.aadhaar} and PAN ${PII.pan}.`);
    const up = h.stub.requests[0]!;
    expect(up.path).toBe('/v1/chat/completions');
    expect(up.headers.authorization).toBe('Bearer sk-upstream-secret');
    expect(up.headers['x-kavach-session']).toBeUndefined();
    expect(up.headers['x-kavach-purpose']).toBeUndefined();
    expect(up.json.messages[0].content).toMatch(/^You write letters\.\n\nSome values in this conversation were replaced/);
    expect(up.json.messages[1].content).toBe('My name is <PERSON_1>, Aadhaar <AADHAAR_1>, PAN <PAN_1>, phone <PHONE_1>, email <EMAIL_1>. Please draft a loan letter.');
    const e = lastEvent();
    expect(e).toMatchObject({ op: 'request', route: '/v1/chat/completions', status: 200, purpose: 'loan-letter', caller: 'local', model: 'gpt-4o-mini', restored: 3, withheld: 0, anonymisedTotal: 5, usage: { input: 50, output: 20, total: 70 } });
    expect(e.anonymised).toEqual({ PERSON: 1, AADHAAR: 1, PAN: 1, PHONE: 1, EMAIL: 1 });
  });

  it('decompresses a gzip reply before restoring it and never forwards the client’s accept-encoding', async () => {
    h.stub.respond = (r) => ({ kind: 'json', gzip: true, body: chatCompletion({ content: `Hi ${userTokens(r.json)[0]}` }) });
    const res = await fetch(`${h.served.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'br' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: PROMPT }] }),
    });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(((await res.json()) as any).choices[0].message.content).toBe(`Hi ${PII.name}`);
    expect(h.stub.requests[0]!.headers['accept-encoding']).not.toBe('br');
    expect(res.headers.get('x-request-id')).toBe('req_stub');
  });

  it('adds no instruction when nothing was replaced', async () => {
    h.stub.respond = () => ({ kind: 'json', body: chatCompletion({ content: 'Hello.' }) });
    await api().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'What is a loan letter?' }] });
    expect(h.stub.requests[0]!.json.messages).toEqual([{ role: 'user', content: 'What is a loan letter?' }]);
  });

  it('anonymises text parts, tool results, refusals and the arguments of earlier tool calls; leaves tool definitions alone', async () => {
    h.stub.respond = () => ({ kind: 'json', body: chatCompletion({ content: 'ok' }) });
    const tools = [{ type: 'function' as const, function: { name: 'lookup_customer', description: 'Find records like Sunita Rao by name', parameters: { type: 'object', properties: { name: { type: 'string', description: 'e.g. Sunita Rao' } } } } }];
    await api().chat.completions.create({
      model: 'gpt-4o-mini',
      tools,
      messages: [
        { role: 'developer', content: [{ type: 'text', text: `The customer is ${PII.name}.` }] },
        { role: 'user', content: [{ type: 'text', text: `Look up PAN ${PII.pan}` }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup_customer', arguments: JSON.stringify({ name: PII.name, aadhaar: PII.aadhaar }) } }] },
        { role: 'tool', tool_call_id: 'call_1', content: `Found: ${PII.name}, mobile ${PII.phone}` },
        { role: 'assistant', content: null, refusal: `I cannot share ${PII.email}` },
      ],
    });
    const m = h.stub.requests[0]!.json.messages;
    expect(m[0].content[0].text).toBe('The customer is <PERSON_1>.');
    expect(m[0].content[1].text).toMatch(/^Some values/);
    expect(m[1].content[0].text).toBe('Look up PAN <PAN_1>');
    expect(m[1].content[1]).toEqual({ type: 'image_url', image_url: { url: 'https://example.com/a.png' } });
    expect(JSON.parse(m[2].tool_calls[0].function.arguments)).toEqual({ name: '<PERSON_1>', aadhaar: '<AADHAAR_1>' });
    expect(m[3].content).toBe('Found: <PERSON_1>, mobile <PHONE_1>');
    expect(m[4].refusal).toBe('I cannot share <EMAIL_1>');
    // Tool definitions and schemas are not touched (their description text included).
    expect(h.stub.requests[0]!.json.tools).toEqual(tools);
  });

  it('restores tool-call arguments as JSON, escaping what needs escaping', async () => {
    // A value with quotes and a backslash, found by a custom detector alongside the built-in ones.
    const odd = 'Ravi "Chotu" K\\umar';
    const engine = createEngine({
      detector: (t) => {
        const i = t.indexOf(odd);
        return [...detect(t), ...(i >= 0 ? [{ type: 'PERSON', start: i, end: i + odd.length, text: odd, score: 1, detector: 'test' }] : [])];
      },
    });
    const g = createGateway({ upstream: `${h.stub.url}/v1`, engine, spikes: false });
    const s = await serveGateway(g);
    try {
      h.stub.respond = (r) => {
        const [p] = userTokens(r.json);
        return { kind: 'json', body: chatCompletion({ content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'greet', arguments: `{"name":"${p}","note":"see ${p}"}` } }] }) };
      };
      const res = await client(`${s.url}/v1`).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Greet ${odd} please` }] });
      const args = JSON.parse(res.choices[0]!.message.tool_calls![0]!.type === 'function' ? (res.choices[0]!.message.tool_calls![0] as any).function.arguments : '');
      expect(args).toEqual({ name: odd, note: `see ${odd}` });
      expect(h.stub.allBodies()).not.toContain('Chotu');
    } finally {
      await s.close();
      await g.close();
    }
  });

  it('restores structured output (JSON) through .parse()', async () => {
    const schema = { type: 'object', properties: { to: { type: 'string' }, pan: { type: 'string' } }, required: ['to', 'pan'], additionalProperties: false };
    h.stub.respond = (r) => {
      const [p, , pan] = userTokens(r.json);
      expect(r.json.response_format.type).toBe('json_schema');
      return { kind: 'json', body: chatCompletion({ content: JSON.stringify({ to: p, pan }) }) };
    };
    const res = await api().chat.completions.parse({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }], response_format: { type: 'json_schema', json_schema: { name: 'letter', schema, strict: true } } });
    expect(h.stub.requests[0]!.json.response_format.json_schema.schema).toEqual(schema);
    expect(res.choices[0]!.message.parsed).toEqual({ to: PII.name, pan: PII.pan });
  });

  it('leaves tokens inside URLs, link targets and HTML attributes as tokens and counts them', async () => {
    h.stub.respond = (r) => {
      const [p, a] = userTokens(r.json);
      return { kind: 'json', body: chatCompletion({ content: `Hi ${p}. ![x](https://attacker.example/p.png?a=${a}) <a href="https://x.example/?q=${p}">link</a> https://x.example/${a}` }) };
    };
    const res = await api().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }] });
    const text = res.choices[0]!.message.content!;
    expect(text.startsWith(`Hi ${PII.name}. `)).toBe(true);
    expect(text).toContain('https://attacker.example/p.png?a=<AADHAAR_1>');
    expect(text).not.toContain(PII.aadhaar);
    expect(text.match(/Ravi Kumar/g)).toHaveLength(1);
    const e = lastEvent();
    expect(e.restored).toBe(1);
    expect(e.withheld).toBe(3);
    expect(Object.values(e.withheldWhere ?? {}).reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('refuses logprobs before anything is sent', async () => {
    const err = await api()
      .chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }], logprobs: true })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, code: 'kavach_logprobs_refused' });
    expect(h.stub.requests).toHaveLength(0);
  });

  it('fails closed: a vault that fails means an OpenAI-shaped error and nothing upstream', async () => {
    const engine = createEngine();
    await engine.vault.close();
    const g = createGateway({ upstream: `${h.stub.url}/v1`, engine, spikes: false, audit: (e) => void events.push(e) });
    const s = await serveGateway(g);
    try {
      const err: any = await client(`${s.url}/v1`)
        .chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }] })
        .catch((e: unknown) => e);
      expect(err.status).toBe(500);
      expect(err.code).toBe('kavach_anonymise_failed');
      expect(err.type).toBe('kavach_error');
      expectNoLabelledValue(String(err.message));
      expect(h.stub.requests).toHaveLength(0);
      expect(lastEvent()).toMatchObject({ status: 500, error: 'kavach_anonymise_failed' });
    } finally {
      await s.close();
      await g.close();
    }
  });

  it('answers an unknown route with 404 and passes /v1/models through', async () => {
    const r = await fetch(`${h.served.url}/v1/files`, { method: 'POST', body: PROMPT });
    expect(r.status).toBe(404);
    expect(((await r.json()) as any).error.code).toBe('unknown_route');
    h.stub.respond = () => ({ kind: 'json', body: { object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model' }] } });
    const models = await api().models.list();
    expect(models.data.map((m) => m.id)).toEqual(['gpt-4o-mini']);
    expect((await fetch(`${h.served.url}/healthz`)).status).toBe(200);
  });
});

describe('chat completions, streams', () => {
  it('restores tokens split across chunks and streams without holding the reply back', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    h.stub.respond = (r) => {
      const [p, a, pan] = userTokens(r.json);
      const head = cut(`Dear ${p}, thank you. `, 3);
      const tail = cut(`Your Aadhaar ${a} and PAN ${pan} are on file.`, 3);
      const pieces: Array<string | (() => Promise<void>)> = chatStream({ content: [...head, ...tail] });
      // Hold the stream open after the greeting until the client has seen it.
      pieces.splice(1 + head.length, 0, () => gate as Promise<void>);
      return { kind: 'sse', pieces };
    };
    const stream = await api().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }], stream: true });
    let text = '';
    let chunks = 0;
    for await (const ch of stream) {
      chunks++;
      text += ch.choices[0]?.delta?.content ?? '';
      if (text.includes('thank you.')) release();
    }
    expect(text).toBe(`Dear ${PII.name}, thank you. Your Aadhaar ${PII.aadhaar} and PAN ${PII.pan} are on file.`);
    expect(chunks).toBeGreaterThan(10);
    // The client did not ask for usage: the chunk we asked for is not passed on, but counted.
    expect(h.stub.requests[0]!.json.stream_options).toEqual({ include_usage: true });
    expect(lastEvent()).toMatchObject({ stream: true, restored: 3, usage: { total: 70 } });
  });

  it('passes the usage chunk when the client asked for it', async () => {
    h.stub.respond = (r) => ({ kind: 'sse', pieces: chatStream({ content: cut(`Hi ${userTokens(r.json)[0]}`, 4) }) });
    const stream = await api().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }], stream: true, stream_options: { include_usage: true } });
    let usage: unknown;
    let text = '';
    for await (const ch of stream) {
      if (ch.usage) usage = ch.usage;
      text += ch.choices[0]?.delta?.content ?? '';
    }
    expect(text).toBe(`Hi ${PII.name}`);
    expect(usage).toEqual({ prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 });
  });

  it('restores tool-call argument fragments per call, and the arguments parse as JSON with the originals', async () => {
    h.stub.respond = (r) => {
      const [p, a, pan] = userTokens(r.json);
      return {
        kind: 'sse',
        pieces: chatStream({
          tools: [
            { name: 'save', args: cut(JSON.stringify({ name: p, aadhaar: a }), 4) },
            { name: 'file', args: cut(JSON.stringify({ pan, holder: p }), 3) },
          ],
        }),
      };
    };
    const runner = api().chat.completions.stream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }], tools: [] as any });
    const final = await runner.finalChatCompletion();
    const calls = final.choices[0]!.message.tool_calls!.map((c: any) => JSON.parse(c.function.arguments));
    expect(calls).toEqual([{ name: PII.name, aadhaar: PII.aadhaar }, { pan: PII.pan, holder: PII.name }]);
    expect(lastEvent()).toMatchObject({ restored: 4 });
  });

  it('flushes a token held at the end when the stream has no finish_reason before [DONE]', async () => {
    h.stub.respond = (r) => {
      const p = userTokens(r.json)[0]!;
      const head = { id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm' };
      return { kind: 'sse', pieces: [sse({ ...head, choices: [{ index: 0, delta: { content: 'Hi ' }, finish_reason: null }] }), sse({ ...head, choices: [{ index: 0, delta: { content: p }, finish_reason: null }] }), 'data: [DONE]\n\n'] };
    };
    const stream = await api().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }], stream: true });
    let text = '';
    for await (const ch of stream) text += ch.choices[0]?.delta?.content ?? '';
    expect(text).toBe(`Hi ${PII.name}`);
  });

  it('passes an error chunk on: the client sees the error', async () => {
    h.stub.respond = () => ({ kind: 'sse', pieces: [sse({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'Hel' }, finish_reason: null }] }), sse({ error: { message: 'overloaded', type: 'server_error' } })] });
    const stream = await api().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }], stream: true });
    const err = await (async () => {
      for await (const _ of stream) void _;
    })().catch((e: unknown) => e);
    expect(String((err as Error).message)).toContain('overloaded');
  });

  it('a connection dropped mid-stream fails the client request (never a silently short reply)', async () => {
    h.stub.respond = (r) => ({ kind: 'sse', pieces: chatStream({ content: cut(`Dear ${userTokens(r.json)[0]}, more follows`, 3) }).slice(0, 6), drop: true });
    const stream = await api().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }], stream: true });
    let text = '';
    const err = await (async () => {
      for await (const ch of stream) text += ch.choices[0]?.delta?.content ?? '';
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expectNoLabelledValue(text, [PII.aadhaar, PII.pan]);
    await expect.poll(() => lastEvent().error).toBe('stream_failed');
  });
});

describe('sessions', () => {
  it('keeps one token per value across turns of a named session, echoed values included', async () => {
    h.stub.respond = (r) => ({ kind: 'json', body: chatCompletion({ content: `Noted, ${userTokens(r.json)[0]}.` }) });
    const headers = { 'x-kavach-session': 'conv-turns' };
    const first = await api().chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `I am ${PII.name}, PAN ${PII.pan}.` }] }, { headers });
    const reply = first.choices[0]!.message.content!;
    expect(reply).toBe(`Noted, ${PII.name}.`);
    await api().chat.completions.create(
      { model: 'm', messages: [{ role: 'user', content: `I am ${PII.name}, PAN ${PII.pan}.` }, { role: 'assistant', content: reply }, { role: 'user', content: `My friend Priya Sharma and I (${PII.name}) need help.` }] },
      { headers },
    );
    const second = h.stub.requests[1]!.json.messages;
    expect(second[1].content).toBe('I am <PERSON_1>, PAN <PAN_1>.');
    expect(second[2].content).toBe('Noted, <PERSON_1>.');
    expect(second[3].content).toBe('My friend <PERSON_2> and I (<PERSON_1>) need help.');
  });

  it('without a session header each request is its own session, erased when done', async () => {
    h.stub.respond = (r) => ({ kind: 'json', body: chatCompletion({ content: `Hi ${userTokens(r.json)[0]}` }) });
    const before = (await h.gw.engine.vault.stats()).sessions;
    await api().chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `My friend Priya Sharma called.` }] });
    await api().chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `I am ${PII.name}.` }] });
    expect(h.stub.requests[0]!.json.messages.at(-1).content).toBe('My friend <PERSON_1> called.');
    expect(h.stub.requests[1]!.json.messages.at(-1).content).toBe('I am <PERSON_1>.');
    expect((await h.gw.engine.vault.stats()).sessions).toBe(before);
  });

  it('two conversations streamed at once never get each other’s values', async () => {
    const people = ['Ravi Kumar', 'Priya Sharma'];
    let waiting = 0;
    let both!: () => void;
    const bothArrived = new Promise<void>((r) => (both = r));
    h.stub.respond = (r) => {
      if (++waiting === 2) both();
      const p = userTokens(r.json)[0]!;
      const pieces: Array<string | (() => Promise<void>)> = chatStream({ content: cut(`Hello ${p}, and again ${p}.`, 2) });
      // Both streams are open at the same time: each waits for the other request to arrive.
      pieces.splice(3, 0, () => bothArrived);
      return { kind: 'sse', pieces };
    };
    const texts = await Promise.all(
      people.map(async (name, i) => {
        const stream = await api().chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `My name is ${name}.` }], stream: true }, { headers: { 'x-kavach-session': `parallel-${i}` } });
        let t = '';
        for await (const ch of stream) t += ch.choices[0]?.delta?.content ?? '';
        return t;
      }),
    );
    expect(texts).toEqual([`Hello ${people[0]}, and again ${people[0]}.`, `Hello ${people[1]}, and again ${people[1]}.`]);
    expectNoLabelledValue(h.stub.allBodies(), people);
  });
});

describe('responses API', () => {
  it('anonymises instructions and input items (function_call_output included) and restores the reply', async () => {
    h.stub.respond = (r) => {
      const toks = tokensIn(JSON.stringify(r.json.input));
      return {
        kind: 'json',
        body: {
          id: 'resp_1',
          object: 'response',
          created_at: 1,
          model: 'gpt-4o-mini',
          status: 'completed',
          output: [
            { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: `Done for ${toks[0]}`, annotations: [] }] },
            { id: 'fc_1', type: 'function_call', call_id: 'c2', name: 'save', arguments: JSON.stringify({ who: toks[0] }), status: 'completed' },
          ],
          usage: { input_tokens: 30, output_tokens: 5, total_tokens: 35 },
        },
      };
    };
    const res = await api().responses.create({
      model: 'gpt-4o-mini',
      instructions: `Help ${PII.name}.`,
      input: [
        { role: 'user', content: [{ type: 'input_text', text: PROMPT }] },
        { type: 'function_call', call_id: 'c1', name: 'lookup', arguments: JSON.stringify({ pan: PII.pan }) },
        { type: 'function_call_output', call_id: 'c1', output: `Owner ${PII.name}, phone ${PII.phone}` },
      ],
    });
    expect(res.output_text).toBe(`Done for ${PII.name}`);
    expect(JSON.parse((res.output[1] as any).arguments)).toEqual({ who: PII.name });
    const body = h.stub.requests[0]!.json;
    expect(body.instructions).toMatch(/^Help <PERSON_1>\.\n\nSome values/);
    expect(body.input[1].arguments).toBe('{"pan":"<PAN_1>"}');
    expect(body.input[2].output).toBe('Owner <PERSON_1>, phone <PHONE_1>');
  });

  it('restores a streamed reply: deltas, .done copies, output items and response.completed', async () => {
    h.stub.respond = (r) => {
      const [p, a] = tokensIn(JSON.stringify(r.json.input));
      return { kind: 'sse', pieces: responsesStream({ text: cut(`Dear ${p}, Aadhaar ${a} noted.`, 3), call: { name: 'save', args: cut(JSON.stringify({ name: p }), 5) } }) };
    };
    const stream = api().responses.stream({ model: 'gpt-4o-mini', input: PROMPT });
    let deltas = '';
    const seqs: number[] = [];
    let doneText = '';
    for await (const ev of stream) {
      seqs.push(ev.sequence_number);
      if (ev.type === 'response.output_text.delta') deltas += ev.delta;
      if (ev.type === 'response.output_text.done') doneText = ev.text;
    }
    const final = await stream.finalResponse();
    const expected = `Dear ${PII.name}, Aadhaar ${PII.aadhaar} noted.`;
    expect(deltas).toBe(expected);
    expect(doneText).toBe(expected);
    expect(final.output_text).toBe(expected);
    expect(JSON.parse((final.output.find((o) => o.type === 'function_call') as any).arguments)).toEqual({ name: PII.name });
    // Sequence numbers stay strictly increasing after any event kavach inserts.
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
  });
});

describe('embeddings', () => {
  it('anonymises the input and refuses token arrays it cannot read', async () => {
    h.stub.respond = () => ({ kind: 'json', body: { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }], model: 'e', usage: { prompt_tokens: 5, total_tokens: 5 } } });
    await api().embeddings.create({ model: 'text-embedding-3-small', input: [PROMPT, `PAN ${PII.pan}`], encoding_format: 'float' });
    expect(h.stub.requests[0]!.json.input[1]).toBe('PAN <PAN_1>');
    const err = await api()
      .embeddings.create({ model: 'text-embedding-3-small', input: [[1, 2, 3]] })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, code: 'kavach_unscannable' });
    expect(h.stub.requests).toHaveLength(1);
  });
});
