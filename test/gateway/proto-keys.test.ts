/**
 * Caller-chosen JSON keys that are also Object.prototype names ("__proto__", "constructor") go
 * upstream like any other key: anonymised, never dropped, never read from the prototype.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useStubGateway } from './helpers.js';
import { chatCompletion } from './stub.js';

const h = useStubGateway({ upstreamKey: 'sk-upstream-secret', spikes: false, instruction: false });

beforeAll(() => {
  h.stub.respond = () => ({ kind: 'json', body: chatCompletion({ content: 'ok' }) });
});

/** POST a raw JSON text, so that "__proto__" is an own key of what the gateway parses. */
async function post(path: string, json: string): Promise<number> {
  const res = await fetch(`${h.served.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json });
  await res.arrayBuffer();
  return res.status;
}

describe('request keys named like Object.prototype members', () => {
  it('keeps a "__proto__" key of tool-call arguments and of metadata, anonymised', async () => {
    const args = '{"__proto__": {"phone": "9876543210"}, "city": "Pune", "constructor": "Ravi Kumar"}';
    const raw = `{"model": "m", "messages": [
      {"role": "user", "content": "hi"},
      {"role": "assistant", "content": null, "tool_calls": [{"id": "t1", "type": "function", "function": {"name": "f", "arguments": ${JSON.stringify(args)}}}]},
      {"role": "tool", "tool_call_id": "t1", "content": "done"}],
      "metadata": {"__proto__": "Ravi Kumar", "other": "x"}}`;
    expect(await post('/v1/chat/completions', raw)).toBe(200);
    const body = h.stub.requests[0]!.json;
    const sent = JSON.parse(body.messages[1].tool_calls[0].function.arguments);
    expect(Object.keys(sent)).toEqual(['__proto__', 'city', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(sent, '__proto__')?.value).toEqual({ phone: '<PHONE_1>' });
    expect(sent.city).toBe('Pune');
    expect(sent.constructor).toBe('<PERSON_1>');
    expect(Object.keys(body.metadata)).toEqual(['__proto__', 'other']);
    expect(Object.getOwnPropertyDescriptor(body.metadata, '__proto__')?.value).toBe('<PERSON_1>');
  });

  it('keeps a "__proto__" prompt variable of the Responses API, anonymised', async () => {
    const raw = '{"model": "m", "input": "hi", "prompt": {"id": "p", "variables": {"__proto__": "Ravi Kumar", "v": {"type": "input_text", "text": "x"}}}}';
    expect(await post('/v1/responses', raw)).toBe(200);
    const vars = h.stub.requests[0]!.json.prompt.variables;
    expect(Object.keys(vars)).toEqual(['__proto__', 'v']);
    expect(Object.getOwnPropertyDescriptor(vars, '__proto__')?.value).toBe('<PERSON_1>');
    expect(vars.v).toEqual({ type: 'input_text', text: 'x' });
  });
});
