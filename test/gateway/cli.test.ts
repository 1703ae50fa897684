/**
 * The built package: `kavach keys` and `kavach serve` as child processes (the real CLI), and the
 * `kavach/gateway` (ESM) and `kavach/openai` (CJS) entries loaded from the build.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT, builtCli, builtDist } from '../batch/built.js';
import { kavach, tempDir } from '../cli/run.js';
import { expectNoLabelledValue, PII, PROMPT } from './helpers.js';
import { chatCompletion, chatStream, cut, Stub, tokensIn } from './stub.js';

let stub: Stub;
beforeAll(async () => {
  builtDist();
  stub = await new Stub().start();
  stub.respond = (r) => {
    const t = tokensIn(JSON.stringify(r.json?.messages ?? r.json?.input ?? ''));
    return r.json?.stream ? { kind: 'sse', pieces: chatStream({ content: cut(`Hi ${t.join(' ')}`, 3) }) } : { kind: 'json', body: chatCompletion({ content: `Hi ${t.join(' ')}` }) };
  };
}, BUILD_TIMEOUT);
afterAll(async () => {
  await stub?.close();
});

/** Start `kavach serve` and wait for its listening line; returns the base URL and the process. */
async function startServe(args: string[], env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess; stderr: () => string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, [builtCli(), 'serve', '--upstream', `${stub.url}/v1`, '--port', '0', ...args], {
    env: { ...process.env, KAVACH_KEY: undefined, KAVACH_KEY_FILE: undefined, KAVACH_UPSTREAM_KEY: 'sk-from-env', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      const m = /gateway on (http:\/\/[^\s]+\/v1)/.exec(stderr);
      // The address line, then the line saying who may call.
      if (m && /(no --keys|callers need a key)[^\n]*\n/.test(stderr)) resolve(m[1]!);
    });
    void exit.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { url, child, stderr: () => stderr, exit };
}

describe('kavach keys', () => {
  it('add shows the key once and stores only its hash; list, rotate and revoke', async () => {
    const dir = tempDir('kavach-keys-');
    const file = join(dir, 'keys.json');
    const add = await kavach(['keys', 'add', '--file', file, '--id', 'support-bot', '--env', 'prod', '--rpm', '60', '--allow-ip', '10.0.0.0/8', '--model', 'gpt-4o-mini', '--purpose', 'ticket']);
    expect(add.code).toBe(0);
    const key = add.stdout.trim();
    expect(key).toMatch(/^kvk_[A-Za-z0-9_-]{43}$/);
    const stored = readFileSync(file, 'utf8');
    expect(stored).not.toContain(key);
    const entry = JSON.parse(stored).keys[0];
    expect(entry).toMatchObject({ id: 'support-bot', env: 'prod', rpm: 60, allowIps: ['10.0.0.0/8'], models: ['gpt-4o-mini'], purposes: ['ticket'] });
    expect(entry.keyHash).toBe(`sha256:${createHash('sha256').update(key).digest('hex')}`);
    const list = await kavach(['keys', 'list', '--file', file]);
    expect(list.stdout).toContain('support-bot');
    expect(list.stdout).not.toContain(key);
    const rotate = await kavach(['keys', 'rotate', '--file', file, '--id', 'support-bot', '--grace', '2d']);
    expect(rotate.code).toBe(0);
    const after = JSON.parse(readFileSync(file, 'utf8')).keys;
    expect(after).toHaveLength(2);
    expect(Date.parse(after[0].notAfter)).toBeGreaterThan(Date.now());
    expect(after[1]).toMatchObject({ id: 'support-bot', env: 'prod', rpm: 60 });
    expect(after[1].notAfter).toBeUndefined();
    const revokeOne = await kavach(['keys', 'revoke', '--file', file, '--id', 'support-bot', '--hash', after[0].keyHash.slice(7, 19)]);
    expect(revokeOne.stdout).toContain('revoked 1 key');
    expect(JSON.parse(readFileSync(file, 'utf8')).keys).toHaveLength(1);
    expect((await kavach(['keys', 'revoke', '--file', file, '--id', 'nobody'])).code).toBe(2);
  });
});

describe('kavach serve', () => {
  it('without --keys: loopback only, says so, anonymises and restores, stops on SIGTERM', async () => {
    const dir = tempDir('kavach-serve-');
    const audit = join(dir, 'audit.jsonl');
    const s = await startServe(['--audit', audit]);
    try {
      expect(s.stderr()).toContain('no --keys: any caller on this machine may use it (loopback only)');
      const client = new OpenAI({ baseURL: s.url, apiKey: 'unused', maxRetries: 0 });
      const res = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }] });
      expect(res.choices[0]!.message.content).toBe(`Hi ${PII.name} ${PII.aadhaar} ${PII.pan} ${PII.phone} ${PII.email}`);
      const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }], stream: true });
      let text = '';
      for await (const ch of stream) text += ch.choices[0]?.delta?.content ?? '';
      expect(text).toBe(`Hi ${PII.name} ${PII.aadhaar} ${PII.pan} ${PII.phone} ${PII.email}`);
      expect(stub.requests.at(-1)!.headers.authorization).toBe('Bearer sk-from-env');
      expectNoLabelledValue(stub.allBodies());
    } finally {
      s.child.kill('SIGTERM');
    }
    expect(await s.exit).toBe(0);
    const audited = readFileSync(audit, 'utf8');
    expectNoLabelledValue(audited);
    expect(audited.trim().split('\n')).toHaveLength(2);
  });

  it('with --keys: a caller needs a key', async () => {
    const dir = tempDir('kavach-serve-');
    const file = join(dir, 'keys.json');
    const key = (await kavach(['keys', 'add', '--file', file, '--id', 'app'])).stdout.trim();
    const s = await startServe(['--keys', file]);
    try {
      const bad = await new OpenAI({ baseURL: s.url, apiKey: 'kvk_wrong', maxRetries: 0 }).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(OpenAI.AuthenticationError);
      const ok = await new OpenAI({ baseURL: s.url, apiKey: key, maxRetries: 0 }).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `I am ${PII.name}` }] });
      expect(ok.choices[0]!.message.content).toBe(`Hi ${PII.name}`);
    } finally {
      s.child.kill('SIGTERM');
    }
    expect(await s.exit).toBe(0);
  });

  it('refuses a non-loopback address without --keys (usage error, exit 2)', async () => {
    const r = await kavach(['serve', '--upstream', `${stub.url}/v1`, '--host', '0.0.0.0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give --keys');
  });
});

describe('built entries', () => {
  it('kavach/gateway (ESM) and kavach/openai (CJS) load from the build and work', async () => {
    const dist = builtDist();
    const gw = await import(pathToFileURL(join(dist, 'gateway.js')).href);
    const g = gw.createGateway({ upstream: `${stub.url}/v1`, spikes: false });
    const res = await g(new Request('http://x/v1/chat/completions', { method: 'POST', body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: `I am ${PII.name}` }] }) }), { ip: '127.0.0.1' });
    expect((await res.json()).choices[0].message.content).toBe(`Hi ${PII.name}`);
    await g.close();
    const { wrapOpenAI } = createRequire(import.meta.url)(join(dist, 'openai.cjs'));
    const client = wrapOpenAI(new OpenAI({ baseURL: `${stub.url}/v1`, apiKey: 'k', maxRetries: 0 }));
    const r2 = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `I am ${PII.name}` }] });
    expect(r2.choices[0].message.content).toBe(`Hi ${PII.name}`);
    expectNoLabelledValue(stub.allBodies(), [PII.name]);
  });
});
