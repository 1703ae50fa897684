// engine.anonymiseMany: the texts of one request anonymised together, one vault request for all, with
// what one anonymise call after another gives; and the gateway gathering a request's texts into it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../src/engine.js';
import { Conversation } from '../src/gateway/conversation.js';
import { prepareChat, prepareEmbeddings, prepareResponses, TOKEN_INSTRUCTION } from '../src/gateway/request.js';
import type { Vault } from '../src/vault/interface.js';
import { generateKey } from '../src/vault/keys.js';
import { createMemoryVault } from '../src/vault/memory.js';
import { createSqliteVault } from '../src/vault/sqlite.js';

const root = join(import.meta.dirname, '..');
const corpus = readFileSync(join(root, 'corpus/corpus.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text);
const dir = mkdtempSync(join(tmpdir(), 'kavach-many-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let dbs = 0;

/** A vault whose tokenize calls are counted. */
function counted(v: Vault): { vault: Vault; calls: { tokenize: number } } {
  const calls = { tokenize: 0 };
  const tokenize = v.tokenize.bind(v);
  v.tokenize = (reqs, o) => {
    calls.tokenize++;
    return tokenize(reqs, o);
  };
  return { vault: v, calls };
}

const stores = {
  memory: (key: string) => createMemoryVault({ key }),
  sqlite: (key: string) => createSqliteVault({ path: join(dir, `v${++dbs}.db`), key }),
};

describe('engine.anonymiseMany', () => {
  for (const [name, make] of Object.entries(stores)) {
    it(`${name}: gives what one anonymise call after another gives, ${name === 'memory' ? 'asking the memory vault text by text' : 'with one vault request'}`, async () => {
      const key = generateKey();
      const texts = corpus.slice(0, 120);
      const one = counted(make(key));
      const many = counted(make(key));
      const a = createEngine({ vault: one.vault });
      const b = createEngine({ vault: many.vault });
      const seq = [];
      for (const t of texts) seq.push(await a.anonymise(t, { session: 'req' }));
      const together = await b.anonymiseMany(texts, { session: 'req' });
      expect(together.map((r) => r.text)).toEqual(seq.map((r) => r.text));
      expect(together.map((r) => r.entities)).toEqual(seq.map((r) => r.entities));
      expect(one.calls.tokenize).toBe(seq.filter((r) => r.entities.some((e) => e.token)).length);
      if (name === 'memory') expect(many.calls.tokenize).toBe(one.calls.tokenize); // nothing per request to share
      else expect(many.calls.tokenize).toBeLessThanOrEqual(2); // a second escape round may ask again
      for (let i = 0; i < texts.length; i += 17) expect(await b.deanonymise(together[i]!.text, { session: 'req' })).toBe(texts[i]);
      await a.close();
      await b.close();
    });
  }

  it('puts texts without a session into one new session of their own', async () => {
    const engine = createEngine();
    const rs = await engine.anonymiseMany(['Call Ravi Kumar on 9876543210.', 'Ravi Kumar again: 98765 43210.']);
    expect(rs[0]!.session).toBe(rs[1]!.session);
    expect(rs[0]!.text).toBe('Call <PERSON_1> on <PHONE_1>.');
    expect(rs[1]!.text).toBe('<PERSON_1> again: <PHONE_1>.');
    const other = await engine.anonymiseMany(['Call Ravi Kumar on 9876543210.']);
    expect(other[0]!.session).not.toBe(rs[0]!.session);
    expect(await engine.anonymiseMany([])).toEqual([]);
    await engine.close();
  });

  it('fails the call when a text fails, with that text\'s error', async () => {
    const engine = createEngine();
    await expect(engine.anonymiseMany(['Call 9876543210', 42 as never])).rejects.toThrow(/must be a string/);
    await expect(engine.anonymiseMany('Call 9876543210' as never)).rejects.toThrow(/must be an array/);
    await engine.close();
  });
});

describe('the gateway reads a request\'s texts first, then anonymises them together (a SQLite vault here)', () => {
  const body = {
    model: 'gpt-4o-mini',
    user: 'ravi.kumar@example.com',
    metadata: { ticket: 'T-19', customer: 'Ravi Kumar, PAN ABCPK1234F', n: 3 },
    messages: [
      { role: 'system', content: 'You help bank customers.' },
      { role: 'user', content: 'I am Ravi Kumar, Aadhaar 2345 6789 0124, phone 9876543210.' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: JSON.stringify({ customer: { full_name: 'Ravi Kumar', pan: 'ABCPK1234F' }, tags: ['mobile 9876543210'], n: 1 }) } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'Account of RAVI KUMAR: IFSC HDFC0001234, e-mail ravi.kumar@example.com' },
      { role: 'user', content: [{ type: 'text', text: 'Also my wife Priya Sharma, 9123456789.' }, { type: 'image_url', image_url: { url: 'https://example.com/x.png' } }] },
    ],
  };

  it('chat: one vault request, the body one text after another gave (checked against a replay)', async () => {
    const key = generateKey();
    const { vault, calls } = counted(stores.sqlite(key));
    const engine = createEngine({ vault });
    const conv = new Conversation(engine, 'chat-1');
    const got = await prepareChat(structuredClone(body), conv, { instruction: TOKEN_INSTRUCTION, logprobs: 'refuse' });
    expect(calls.tokenize).toBe(1);

    // The replay: each text anonymised alone, in the order the request is read, with a vault of its own.
    const replay = createEngine({ vault: createMemoryVault({ key }) });
    const one = async (t: string, context?: string): Promise<string> => {
      const r = await replay.anonymise(context ? `${context}: ${t}` : t, { session: 'chat-1' });
      return context ? r.text.slice(context.length + 2) : r.text;
    };
    const m = body.messages;
    const user1 = await one(m[1]!.content as string);
    const key1 = await one('customer');
    const key2 = await one('full_name');
    const name = await one('Ravi Kumar', 'full name');
    const key3 = await one('pan');
    const pan = await one('ABCPK1234F', 'pan');
    const key4 = await one('tags');
    const tag = await one('mobile 9876543210', 'tags');
    const key5 = await one('n');
    const tool = await one(m[3]!.content as string);
    const part = await one('Also my wife Priya Sharma, 9123456789.');
    const user = await one(body.user);
    const customer = await one(body.metadata.customer);
    expect(got.body.user).toBe(user);
    expect(got.body.metadata).toEqual({ ticket: 'T-19', customer, n: 3 });
    expect(Object.keys(got.body.metadata as object)).toEqual(['ticket', 'customer', 'n']);
    const msgs = got.body.messages as Array<Record<string, any>>;
    expect(msgs[0]!.content).toBe(`You help bank customers.\n\n${TOKEN_INSTRUCTION}`);
    expect(msgs[1]!.content).toBe(user1);
    expect(JSON.parse(msgs[2]!.tool_calls[0].function.arguments)).toEqual({ [key1]: { [key2]: name, [key3]: pan }, [key4]: [tag], [key5]: 1 });
    expect(msgs[3]!.content).toBe(tool);
    expect(msgs[4]!.content).toEqual([{ type: "text", text: part }, (body.messages[4]!.content as unknown[])[1]]);
    expect(user1).toBe('I am <PERSON_1>, Aadhaar <AADHAAR_1>, phone <PHONE_1>.');
    expect(conv.counts.anonymised).toMatchObject({ PERSON: expect.any(Number), AADHAAR: 1, PHONE: expect.any(Number), PAN: expect.any(Number), EMAIL: expect.any(Number) });
    await engine.close();
    await replay.close();
  });

  it('a shape it cannot scan fails the request before anything is anonymised', async () => {
    const { vault, calls } = counted(createMemoryVault({ key: generateKey() }));
    const engine = createEngine({ vault });
    const conv = new Conversation(engine, 'chat-2');
    const bad = structuredClone(body) as { messages: unknown[] };
    bad.messages.push({ role: 'user', content: [{ type: 'mystery', text: 'Ravi Kumar' }] });
    await expect(prepareChat(bad as never, conv, { instruction: false, logprobs: 'refuse' })).rejects.toMatchObject({ code: 'kavach_unscannable' });
    expect(calls.tokenize).toBe(0);
    expect(conv.counts.anonymised).toEqual({});
    await engine.close();
  });

  it('responses and embeddings: one vault request each, prompt variables in place', async () => {
    const { vault, calls } = counted(stores.sqlite(generateKey()));
    const engine = createEngine({ vault });
    const conv = new Conversation(engine, 'resp-1');
    const r = await prepareResponses(
      {
        model: 'm',
        instructions: 'Answer Ravi Kumar politely.',
        input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'My PAN is ABCPK1234F.' }] }, { type: 'function_call_output', call_id: 'x', output: 'Phone 9876543210' }],
        prompt: { id: 'p', variables: { customer: 'Ravi Kumar', city: { type: 'input_text', text: 'Pune' }, n: 4 } },
      },
      conv,
      { instruction: false, logprobs: 'refuse' },
    );
    expect(calls.tokenize).toBe(1);
    expect(r.body.instructions).toBe('Answer <PERSON_1> politely.');
    expect(r.body.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'My PAN is <PAN_1>.' }] },
      { type: 'function_call_output', call_id: 'x', output: 'Phone <PHONE_1>' },
    ]);
    expect((r.body.prompt as { variables: unknown }).variables).toEqual({ customer: '<PERSON_1>', city: { type: 'input_text', text: 'Pune' }, n: 4 });
    const e = await prepareEmbeddings({ model: 'e', input: ['Ravi Kumar', 'PAN ABCPK1234F', ''] }, conv);
    expect(calls.tokenize).toBe(2);
    expect(e.body.input).toEqual(['<PERSON_1>', 'PAN <PAN_1>', '']);
    await engine.close();
  });
});
