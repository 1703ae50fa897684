/**
 * `npm run bench:gateway`: the gateway's added latency under a bounded load on loopback.
 *
 * A stub upstream runs in a child process (node:http, answers every chat request with a streamed
 * reply of ~35 SSE chunks built from the tokens it received) and reports, in a final SSE comment,
 * how long it spent on the request. The client (this process) sends 1 KB prompts, each with its own
 * person, Aadhaar, PAN, mobile and e-mail (bench/gateway-data.ts), in rounds of C concurrent
 * streamed requests: first straight to the stub, then through the gateway (createGateway served by
 * @hono/node-server, memory vault, one named session per request).
 *
 * Added latency of one request = (client send → last byte) − (the stub's own time for it). Direct
 * to the stub that is the cost of a loopback HTTP hop; through the gateway it adds anonymising,
 * the second hop and restoring the stream. Reported: p50/p95/p99 of both and the difference, for
 * C = 1 (one request at a time: the per-request cost) and C = 200, plus the gateway process's CPU
 * time per request and the engine's anonymise time (from the audit events). Every reply is checked
 * (restored with its own values) and the stub checks that no value reached it.
 *
 * Options: --concurrency 200 --rounds 3 --sequential 200 --json <file>
 */
import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { createGateway, type RequestEvent } from '../src/gateway/index.js';
import { loadCase, replyFor } from './gateway-data.js';
import { machine, percentile, table } from './lib.js';

const SELF = fileURLToPath(import.meta.url);

// ---- the stub upstream (child process) ----
async function runStub(): Promise<void> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const t0 = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push(body);
      const msg = JSON.parse(body).messages.at(-1).content as string;
      const tokens = [...new Set(msg.match(/<[A-Z][A-Z0-9_]*_[0-9]+>/g) ?? [])];
      const text = replyFor(tokens.length ? tokens : ['(none)']);
      const head = { id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini' };
      let out = '';
      for (let i = 0; i < text.length; i += 4) out += `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta: { content: text.slice(i, i + 4) }, finish_reason: null }] })}\n\n`;
      out += `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`;
      out += `data: ${JSON.stringify({ ...head, choices: [], usage: { prompt_tokens: 300, completion_tokens: 40, total_tokens: 340 } })}\n\n`;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(out);
      res.end(`: stub-ms=${(performance.now() - t0).toFixed(3)}\n\ndata: [DONE]\n\n`);
    });
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  process.on('message', (m: { check?: string[][] }) => {
    if (!m.check) return;
    const all = seen.join('\n');
    const leaked = m.check.flat().filter((v) => all.includes(v)).length;
    process.send!({ received: seen.length, leaked });
    seen.length = 0;
  });
}

// ---- the client and the gateway (this process) ----
interface Sample {
  ms: number;
  added: number;
}

async function one(url: string, i: number, session: string | undefined): Promise<Sample> {
  const c = loadCase(i);
  const t0 = performance.now();
  const res = await fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(session ? { 'x-kavach-session': session } : {}) },
    body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: c.prompt }] }),
  });
  const body = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`request ${i}: status ${res.status}`);
  const stub = Number(/: stub-ms=([\d.]+)/.exec(body)?.[1]);
  let text = '';
  for (const line of body.split('\n')) if (line.startsWith('data: {')) text += JSON.parse(line.slice(6)).choices?.[0]?.delta?.content ?? '';
  if (session && text !== replyFor([c.name, c.aadhaar])) throw new Error(`request ${i}: the reply was not restored with its own values`);
  return { ms, added: ms - stub };
}

async function rounds(url: string, gateway: boolean, concurrency: number, count: number, offset: number): Promise<Sample[]> {
  const out: Sample[] = [];
  for (let done = 0; done < count; done += concurrency) {
    const n = Math.min(concurrency, count - done);
    out.push(...(await Promise.all(Array.from({ length: n }, (_, k) => one(url, offset + done + k, gateway ? `bench-${offset + done + k}` : undefined)))));
  }
  return out;
}

let child: ChildProcess | undefined;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { concurrency: { type: 'string' }, rounds: { type: 'string' }, sequential: { type: 'string' }, json: { type: 'string' } } });
  const C = Number(values.concurrency ?? 200);
  const R = Number(values.rounds ?? 3);
  const S = Number(values.sequential ?? 200);

  child = fork(SELF, ['--stub'], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => child!.once('message', (m: { port: number }) => resolve(m.port)));
  const ask = <T>(msg: unknown): Promise<T> => new Promise((resolve) => {
    child!.once('message', (m) => resolve(m as T));
    child!.send(msg as object);
  });
  const upstream = `http://127.0.0.1:${port}/v1`;
  const events: RequestEvent[] = [];
  const gw = createGateway({ upstream, spikes: false, audit: (e) => void (e.op === 'request' && events.push(e)) });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: gw, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const gwUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  const load0 = loadavg()[0]!;

  // Warm both paths (JIT, name model, connection pools).
  await rounds(upstream, false, 20, 100, 10_000);
  await rounds(gwUrl, true, 20, 100, 10_000);
  events.length = 0;
  await ask({ check: [] });

  const results: Record<string, { direct: Sample[]; gateway: Sample[]; cpuMsPerRequest: number; anonymiseMs: number[] }> = {};
  let offset = 0;
  for (const [label, conc, count] of [['sequential (C = 1)', 1, S], [`concurrent (C = ${C})`, C, C * R]] as const) {
    const direct = await rounds(upstream, false, conc, count, offset);
    await ask({ check: [] }); // forget what the direct round sent (it was not anonymised)
    events.length = 0;
    const cpu0 = process.cpuUsage();
    const gateway = await rounds(gwUrl, true, conc, count, offset);
    const cpu = process.cpuUsage(cpu0);
    const check = await ask<{ received: number; leaked: number }>({ check: Array.from({ length: count }, (_, k) => loadCase(offset + k).values) });
    if (check.leaked !== 0) throw new Error(`${check.leaked} labelled values reached the stub`);
    // The client shares this process: its CPU is in the figure too, so it is an upper bound.
    results[label] = { direct, gateway, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / count, anonymiseMs: events.map((e) => e.anonymiseMs ?? 0) };
    offset += count;
  }
  const load1 = loadavg()[0]!;

  const f = (x: number): string => x.toFixed(2);
  const rows: Array<Array<string | number>> = [['run', 'path', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'added p50', 'added p99']];
  const summary: Record<string, unknown> = {};
  for (const [label, r] of Object.entries(results)) {
    for (const [path, xs] of [['direct to stub', r.direct], ['through gateway', r.gateway]] as const) {
      const ms = xs.map((s) => s.ms);
      const added = xs.map((s) => s.added);
      rows.push([label, path, xs.length, f(percentile(ms, 50)), f(percentile(ms, 95)), f(percentile(ms, 99)), f(percentile(added, 50)), f(percentile(added, 99))]);
    }
    const kavachP99 = percentile(r.gateway.map((s) => s.added), 99) - percentile(r.direct.map((s) => s.added), 99);
    const kavachP50 = percentile(r.gateway.map((s) => s.added), 50) - percentile(r.direct.map((s) => s.added), 50);
    summary[label] = {
      addedByKavachP50Ms: Number(f(kavachP50)),
      addedByKavachP99Ms: Number(f(kavachP99)),
      anonymiseP50Ms: Number(f(percentile(r.anonymiseMs, 50))),
      anonymiseP99Ms: Number(f(percentile(r.anonymiseMs, 99))),
      cpuMsPerRequest: Number(f(r.cpuMsPerRequest)),
    };
  }
  process.stdout.write(`${table(rows)}\n\n`);
  for (const [label, s] of Object.entries(summary)) {
    const x = s as Record<string, number>;
    process.stdout.write(
      `${label}: added by kavach p50 ${x.addedByKavachP50Ms} ms, p99 ${x.addedByKavachP99Ms} ms (target ≤ 5 ms at 1 KB); ` +
        `of which anonymise p50 ${x.anonymiseP50Ms} / p99 ${x.anonymiseP99Ms} ms; CPU of this process ${x.cpuMsPerRequest} ms per request\n`,
    );
  }
  process.stdout.write(`every reply restored with its own values; labelled values that reached the stub: 0; load average ${load0.toFixed(1)} → ${load1.toFixed(1)}\n`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify({ machine: machine(), load: [load0, load1], concurrency: C, rounds: R, sequential: S, summary }, null, 2)}\n`);

  server.close();
  (server as import('node:http').Server).closeAllConnections?.();
  await gw.close();
  child.kill();
}

if (process.argv.includes('--stub')) void runStub();
else
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    child?.kill();
    process.exit(1);
  });
