// The one core both forms share (the `openai` fetch wrapper and the gateway): anonymise a parsed
// request, send it upstream, restore the reply (JSON or SSE) and report what happened once the
// reply has been delivered. Fail closed: if anonymising fails nothing is sent upstream.
import { randomUUID } from 'node:crypto';
import type { Engine } from '../engine.js';
import { Conversation, type ExchangeCounts } from './conversation.js';
import { errorResponse, GatewayError, toGatewayError } from './errors.js';
import { prepare, type PreparedRequest, type RequestOptions, type Route } from './request.js';
import { restoreChatCompletion, restoreResponse } from './reply.js';
import { ChatStreamTransformer, readUsage, ResponsesStreamTransformer, transformSse, type StreamTransformer, type Usage } from './stream.js';

/**
 * Texts the detection memo of an engine the gateway or the openai wrapper makes for itself keeps
 * answers for (src/resolve/memo.ts; at least half of them): ~0.5 KB each for 1 KB messages, so ~2 MB;
 * enough for the resent history of a few hundred conversations at once. An engine passed in keeps
 * its own setting (none unless `detectMemo` is given).
 */
export const GATEWAY_DETECT_MEMO = 4096;

export interface ExchangeOptions {
  engine: Engine;
  route: Route;
  /** The parsed request body. */
  body: Record<string, unknown>;
  /** The vault session (already scoped to the caller). Undefined: a session for this request only, erased when the reply is done. */
  session: string | undefined;
  links: 'restore' | 'withhold';
  request: RequestOptions;
  /** Keep the anonymised request and the reply as the upstream sent it, for the audit record. */
  auditContent: boolean;
  /** Send the anonymised body upstream. */
  upstream: (body: string) => Promise<Response>;
  /** Called once, after the reply has been delivered (or has failed). */
  onFinish: (result: ExchangeResult) => void | Promise<void>;
}

export interface ExchangeResult {
  status: number;
  model: string | undefined;
  stream: boolean;
  /** An error code when the exchange failed (ours, or the upstream's HTTP status as `upstream_<status>`). */
  error?: string;
  counts: ExchangeCounts;
  usage?: Usage;
  /** Milliseconds until the upstream's response headers arrived. */
  upstreamMs?: number;
  /** Milliseconds spent anonymising the request (detection, policy, vault). */
  anonymiseMs?: number;
  content?: { request: unknown; reply?: string };
}

/** Response headers worth passing back; everything else (length, encoding, cookies) is ours to set. */
const PASS_HEADERS = /^(content-type|x-request-id|openai-[a-z-]+|x-ratelimit-[a-z-]+|retry-after)$/;

function replyHeaders(up: Response): Headers {
  const h = new Headers();
  up.headers.forEach((v, k) => {
    if (PASS_HEADERS.test(k)) h.set(k, v);
  });
  return h;
}

const AUDIT_CONTENT_MAX = 1 << 20;

/** Run one exchange; returns the Response for the client. Never throws. */
export async function exchange(o: ExchangeOptions): Promise<Response> {
  const session = o.session ?? `kavach-request-${randomUUID()}`;
  const conv = new Conversation(o.engine, session, o.links);
  const model = typeof o.body.model === 'string' ? o.body.model : undefined;
  const stream = o.body.stream === true;
  let finished = false;
  const finish = async (r: Omit<ExchangeResult, 'counts' | 'anonymiseMs'>): Promise<void> => {
    if (finished) return;
    finished = true;
    // A request's own session holds nothing anyone can use later: erase it now (a failure here
    // leaves it to expire with the vault's retention).
    if (o.session === undefined) await o.engine.vault.forgetSession(session).catch(() => undefined);
    await o.onFinish({ ...r, counts: conv.counts, anonymiseMs: Math.round(conv.anonymiseMs * 1000) / 1000 });
  };
  const fail = async (err: GatewayError, extra: Partial<ExchangeResult> = {}): Promise<Response> => {
    await finish({ status: err.status, model, stream, error: err.code, ...extra });
    return errorResponse(err);
  };

  let prepared: PreparedRequest;
  try {
    prepared = await prepare(o.route, o.body, conv, o.request);
  } catch (err) {
    return fail(toGatewayError(err, 'anonymise'));
  }
  const content = o.auditContent ? { request: prepared.body } : undefined;

  let up: Response;
  const t0 = performance.now();
  try {
    up = await o.upstream(JSON.stringify(prepared.body));
  } catch {
    return fail(toGatewayError(undefined, 'upstream'), content ? { content } : {});
  }
  const upstreamMs = Math.round((performance.now() - t0) * 1000) / 1000;
  const headers = replyHeaders(up);
  const type = up.headers.get('content-type') ?? '';

  if (!up.ok || !up.body) {
    // The upstream's own error, passed on as it is (it can hold tokens, never originals).
    const text = await up.text().catch(() => '');
    await finish({ status: up.status, model, stream, error: `upstream_${up.status}`, upstreamMs, ...(content ? { content: { ...content, reply: text.slice(0, AUDIT_CONTENT_MAX) } } : {}) });
    return new Response(text, { status: up.status, headers });
  }

  if (type.includes('text/event-stream')) {
    const t: StreamTransformer = o.route === 'responses' ? new ResponsesStreamTransformer(conv, prepared.jsonReply) : new ChatStreamTransformer(conv, prepared.jsonReply, prepared.dropUsageChunk);
    let raw = '';
    let body = up.body;
    if (content) {
      const dec = new TextDecoder();
      body = body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, c) {
            if (raw.length < AUDIT_CONTENT_MAX) raw += dec.decode(chunk, { stream: true });
            c.enqueue(chunk);
          },
        }),
      );
    }
    const out = transformSse(body, t, (error) => {
      const base = { model, stream: true, upstreamMs, ...(t.usage ? { usage: t.usage } : {}), ...(content ? { content: { ...content, reply: raw.slice(0, AUDIT_CONTENT_MAX) } } : {}) };
      const code = error === undefined ? undefined : error instanceof Error && error.message === 'client cancelled' ? 'client_cancelled' : 'stream_failed';
      void finish({ status: up.status, ...base, ...(code ? { error: code } : {}) }).catch(() => undefined);
    });
    headers.set('cache-control', 'no-cache');
    return new Response(out, { status: up.status, headers });
  }

  const text = await up.text().catch(() => undefined);
  if (text === undefined) return fail(new GatewayError(502, 'upstream_failed', 'kavach: the upstream reply was cut off', 'upstream_error'), { upstreamMs });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail(new GatewayError(502, 'upstream_not_json', 'kavach: the upstream reply was not JSON', 'upstream_error'), { upstreamMs });
  }
  const usage = readUsage((json as { usage?: unknown })?.usage);
  try {
    if (json && typeof json === 'object') {
      if (o.route === 'chat') await restoreChatCompletion(json as Record<string, unknown>, conv, prepared.jsonReply);
      else if (o.route === 'responses') await restoreResponse(json as Record<string, unknown>, conv, prepared.jsonReply);
    }
  } catch (err) {
    return fail(toGatewayError(err, 'restore'), { upstreamMs, ...(usage ? { usage } : {}) });
  }
  await finish({ status: up.status, model, stream: false, upstreamMs, ...(usage ? { usage } : {}), ...(content ? { content: { ...content, reply: text.slice(0, AUDIT_CONTENT_MAX) } } : {}) });
  headers.set('content-type', 'application/json');
  return new Response(JSON.stringify(json), { status: up.status, headers });
}
