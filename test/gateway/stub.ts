/**
 * A stub OpenAI upstream on 127.0.0.1 (node:http): records every request it receives and answers in
 * OpenAI's wire format as the test tells it — plain JSON, SSE written event by event (with pauses a
 * test can hold open), an error chunk, or a connection dropped mid-stream.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface StubRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: any;
}

export type StubReply =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string>; gzip?: boolean }
  | {
      kind: 'sse';
      /** Raw pieces written one by one; a function piece is awaited (a gate a test opens). */
      pieces: Array<string | (() => Promise<void>)>;
      /** Destroy the socket after the pieces instead of ending the reply. */
      drop?: boolean;
    };

export type Responder = (req: StubRequest) => StubReply | Promise<StubReply>;

export class Stub {
  readonly requests: StubRequest[] = [];
  respond: Responder = () => ({ kind: 'json', status: 500, body: { error: { message: 'no responder' } } });
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const r: StubRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json };
    this.requests.push(r);
    const reply = await this.respond(r);
    if (reply.kind === 'json') {
      const text = JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', 'x-request-id': 'req_stub', ...(reply.gzip ? { 'content-encoding': 'gzip' } : {}), ...reply.headers });
      res.end(reply.gzip ? gzipSync(text) : text);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const p of reply.pieces) {
      if (typeof p === 'function') await p();
      else {
        res.write(p);
        await new Promise((r) => setImmediate(r));
      }
    }
    if (reply.drop) res.socket?.destroy();
    else res.end();
  }

  /** Every body the stub received, joined (for "no labelled value reached the upstream" checks). */
  allBodies(): string {
    return this.requests.map((r) => r.body).join('\n');
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

/** Tokens (`<PERSON_1>`) in a text, in order of first appearance. */
export function tokensIn(text: string): string[] {
  return [...new Set(text.match(/<[A-Z][A-Z0-9_]*_[0-9]+>/g) ?? [])];
}

/** Cut a text into pieces of `n` characters (so tokens are split across chunks). */
export function cut(text: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += n) out.push(text.slice(i, i + n));
  return out;
}

const HEAD = { id: 'chatcmpl-stub', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'gpt-4o-mini' };

export function sse(data: unknown, event?: string): string {
  return `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

/** A chat completion stream: content pieces, then tool-call argument fragments per call, then usage. */
export function chatStream(o: { content?: string[]; tools?: Array<{ name: string; args: string[] }>; usage?: boolean; finish?: string }): string[] {
  const out: string[] = [sse({ ...HEAD, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })];
  for (const c of o.content ?? []) out.push(sse({ ...HEAD, choices: [{ index: 0, delta: { content: c }, finish_reason: null }] }));
  for (const [k, t] of (o.tools ?? []).entries()) {
    out.push(sse({ ...HEAD, choices: [{ index: 0, delta: { tool_calls: [{ index: k, id: `call_${k}`, type: 'function', function: { name: t.name, arguments: '' } }] }, finish_reason: null }] }));
    for (const a of t.args) out.push(sse({ ...HEAD, choices: [{ index: 0, delta: { tool_calls: [{ index: k, function: { arguments: a } }] }, finish_reason: null }] }));
  }
  out.push(sse({ ...HEAD, choices: [{ index: 0, delta: {}, finish_reason: o.finish ?? (o.tools?.length ? 'tool_calls' : 'stop') }] }));
  if (o.usage !== false) out.push(sse({ ...HEAD, choices: [], usage: { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 } }));
  out.push('data: [DONE]\n\n');
  return out;
}

/** A whole chat completion. */
export function chatCompletion(message: Record<string, unknown>, usage = { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 }): unknown {
  return {
    id: 'chatcmpl-stub',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', refusal: null, ...message }, finish_reason: message.tool_calls ? 'tool_calls' : 'stop', logprobs: null }],
    usage,
  };
}

/** A Responses API stream with one message (text pieces) and optionally one function call (argument fragments). */
export function responsesStream(o: { text?: string[]; call?: { name: string; args: string[] } }): string[] {
  let seq = 0;
  const ev = (data: Record<string, unknown>): string => sse({ ...data, sequence_number: seq++ }, data.type as string);
  const text = (o.text ?? []).join('');
  const args = (o.call?.args ?? []).join('');
  const msg = { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] };
  const call = o.call ? { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: o.call.name, arguments: args, status: 'completed' } : undefined;
  const base = { id: 'resp_1', object: 'response', created_at: 1_700_000_000, model: 'gpt-4o-mini', output: [] as unknown[], status: 'in_progress' };
  const out = [ev({ type: 'response.created', response: base }), ev({ type: 'response.in_progress', response: base })];
  if (o.text) {
    out.push(ev({ type: 'response.output_item.added', output_index: 0, item: { ...msg, status: 'in_progress', content: [] } }));
    out.push(ev({ type: 'response.content_part.added', item_id: 'msg_1', output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }));
    for (const d of o.text) out.push(ev({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: d, logprobs: [] }));
    out.push(ev({ type: 'response.output_text.done', item_id: 'msg_1', output_index: 0, content_index: 0, text, logprobs: [] }));
    out.push(ev({ type: 'response.content_part.done', item_id: 'msg_1', output_index: 0, content_index: 0, part: msg.content[0] }));
    out.push(ev({ type: 'response.output_item.done', output_index: 0, item: msg }));
  }
  if (call) {
    const oi = o.text ? 1 : 0;
    out.push(ev({ type: 'response.output_item.added', output_index: oi, item: { ...call, arguments: '', status: 'in_progress' } }));
    for (const d of o.call!.args) out.push(ev({ type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: oi, delta: d }));
    out.push(ev({ type: 'response.function_call_arguments.done', item_id: 'fc_1', output_index: oi, arguments: args }));
    out.push(ev({ type: 'response.output_item.done', output_index: oi, item: call }));
  }
  const output = [...(o.text ? [msg] : []), ...(call ? [call] : [])];
  out.push(ev({ type: 'response.completed', response: { ...base, status: 'completed', output, usage: { input_tokens: 40, output_tokens: 10, total_tokens: 50 } } }));
  return out;
}
