import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { anonymise } from '../src/anonymise.js';
import { deanonymise } from '../src/deanonymise.js';
import { pseudonymiseAll } from '../src/decide/plan.js';
import { createDeanonymiseStream, deanonymiseNodeStream, StreamingRestorer } from '../src/restore/stream.js';
import { generateKey } from '../src/vault/keys.js';
import { createMemoryVault } from '../src/vault/memory.js';
import { TOKEN_MAX_SPAN } from '../src/token.js';
import { detectWithNames } from './support/fixtures.js';

const vault = createMemoryVault({ key: generateKey() });
const TEXT = 'Ravi Kumar (Aadhaar 2345 6789 0124, phone +91 98765 43210) wrote to Anita Desai at ravi.kumar@example.com.';

async function setup(mode: 'token' | 'surrogate' = 'token') {
  const r = await anonymise(TEXT, { vault, detector: detectWithNames, policy: pseudonymiseAll, mode });
  return r;
}

async function viaCore(session: string, chunks: string[]): Promise<{ out: string; maxHeld: number }> {
  const core = new StreamingRestorer({ session, vault });
  let out = '';
  let maxHeld = 0;
  for (const c of chunks) {
    out += await core.push(c);
    maxHeld = Math.max(maxHeld, core.held);
  }
  out += await core.end();
  return { out, maxHeld };
}

async function viaWeb(session: string, chunks: string[]): Promise<string> {
  const source = new ReadableStream<string>({
    start(c) {
      for (const x of chunks) c.enqueue(x);
      c.close();
    },
  });
  let out = '';
  const reader = source.pipeThrough(createDeanonymiseStream({ session, vault })).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    out += value;
  }
  return out;
}

describe('streaming restore', () => {
  it('restores a reply split at every point (two chunks), same as the whole-reply restore', async () => {
    const { session } = await setup();
    const reply = "Sure. [PERSON_1]'s number is &lt;PHONE_1&gt;; write to <email_1>. PERSON\\_2 and <AADHAAR_1>. Unknown <PERSON_9>!";
    const whole = await deanonymise(reply, { session, vault });
    expect(whole).toBe("Sure. Ravi Kumar's number is +91 98765 43210; write to ravi.kumar@example.com. Anita Desai and 2345 6789 0124. Unknown <PERSON_9>!");
    for (let i = 0; i <= reply.length; i++) {
      const { out } = await viaCore(session, [reply.slice(0, i), reply.slice(i)]);
      expect(out, `split at ${i}`).toBe(whole);
    }
  });

  it('restores with every three-way split of a token-dense reply, and char by char', async () => {
    const { session } = await setup();
    const reply = '<PERSON_1><PERSON_2> [EMAIL_1].';
    const whole = await deanonymise(reply, { session, vault });
    for (let i = 0; i <= reply.length; i++) {
      for (let j = i; j <= reply.length; j++) {
        const { out } = await viaCore(session, [reply.slice(0, i), reply.slice(i, j), reply.slice(j)]);
        expect(out, `split at ${i},${j}`).toBe(whole);
      }
    }
    expect((await viaCore(session, [...reply])).out).toBe(whole);
  });

  it('web TransformStream: every split point', async () => {
    const { session } = await setup();
    const reply = 'Dear <PERSON_1>, about <AADHAAR_1>: ok.';
    const whole = await deanonymise(reply, { session, vault });
    for (let i = 0; i <= reply.length; i++) expect(await viaWeb(session, [reply.slice(0, i), reply.slice(i)])).toBe(whole);
  });

  it('holds back only a possible token: nothing after a space, never more than the longest token', async () => {
    const { session } = await setup();
    const core = new StreamingRestorer({ session, vault });
    expect(await core.push('Hello there, ')).toBe('Hello there, ');
    expect(core.held).toBe(0);
    expect(await core.push('dear <PERS')).toBe('dear ');
    expect(core.held).toBe(5);
    expect(await core.push('ON_1>')).toBe('');
    expect(await core.push(' how')).toBe('Ravi Kumar ');
    expect(await core.end()).toBe('how');
    // A long run of token characters is released once it cannot be one token.
    const long = new StreamingRestorer({ session, vault });
    const run = 'A'.repeat(500);
    const out = await long.push(run);
    expect(out.length).toBeGreaterThan(0);
    expect(long.held).toBeLessThanOrEqual(TOKEN_MAX_SPAN + 2);
    expect(out + (await long.end())).toBe(run);
    // Streaming identifier-like text never holds more than the bound.
    const { maxHeld } = await viaCore(session, Array.from({ length: 100 }, (_, i) => `x_${i}`));
    expect(maxHeld).toBeLessThanOrEqual(TOKEN_MAX_SPAN + 2 + 4);
  });

  it('surrogate sessions: exact-match restore at every split point', async () => {
    const r = await setup('surrogate');
    const reply = `Noted: ${r.text} Thanks.`;
    const whole = await deanonymise(reply, { session: r.session, vault });
    expect(whole).toBe(`Noted: ${TEXT} Thanks.`);
    for (let i = 0; i <= reply.length; i++) {
      expect((await viaCore(r.session, [reply.slice(0, i), reply.slice(i)])).out, `split at ${i}`).toBe(whole);
    }
  });

  it('Node stream: Buffer chunks split inside multi-byte characters, reports unknown tokens at the end', async () => {
    const { session } = await setup();
    const reply = 'नमस्ते <PERSON_1>, आधार <AADHAAR_1> और <PERSON_5>।';
    const bytes = Buffer.from(reply, 'utf8');
    const whole = await deanonymise(reply, { session, vault });
    for (const size of [1, 2, 3, 5, 7]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      let done: { unknown: string[] } | undefined;
      const out: string[] = [];
      const t = Readable.from(chunks).pipe(deanonymiseNodeStream({ session, vault, onDone: (r) => (done = r) }));
      for await (const c of t) out.push(String(c));
      expect(out.join('')).toBe(whole);
      expect(done?.unknown).toEqual(['<PERSON_5>']);
    }
  });

  it('requires a session', () => {
    expect(() => createDeanonymiseStream({} as never)).toThrow(TypeError);
  });
});
