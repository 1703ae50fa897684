// kavach/openai: anonymise every request an `openai` client sends and restore every reply, by
// giving the client a kavach `fetch`. Every call path of the client (`create`, `.parse()`,
// `.stream()`, `runTools`, the Agents SDK) goes through its fetch, so wrapping fetch covers them
// all. The work is done by the same core as the gateway (src/gateway/core.ts).
import { randomUUID } from 'node:crypto';
import { createEngine, KavachError, type Engine, type KeyInput, type PolicyOption, type VaultConfig } from '../index.js';
import { label, makeRequestEvent, type GatewayEvent, type GatewaySink } from '../gateway/audit.js';
import { exchange, GATEWAY_DETECT_MEMO } from '../gateway/core.js';
import { errorResponse, GatewayError } from '../gateway/errors.js';
import { parseBody, TOKEN_INSTRUCTION, type Route } from '../gateway/request.js';

/** What a `session` function is given. */
export interface KavachRequestInfo {
  url: string;
  method: string;
  headers: Headers;
  /** The parsed JSON body (before anonymisation). */
  body: Record<string, unknown>;
}

export interface KavachFetchOptions {
  /** The engine to use; else one is made from vault / policy / key (and closed with `close()`). */
  engine?: Engine;
  vault?: VaultConfig;
  policy?: PolicyOption;
  key?: KeyInput;
  /**
   * The conversation: the same value gets the same token in every request of one session. A string,
   * or a function of the request. An `x-kavach-session` request header wins (it is never sent on).
   * Without either, each request is its own session, erased when its reply is done.
   */
  session?: string | ((request: KavachRequestInfo) => string | undefined | Promise<string | undefined>);
  /** Why these calls are made (recorded in every event); an `x-kavach-purpose` header wins. */
  purpose?: string;
  /** Who is calling (recorded in every event). */
  caller?: string;
  /** Audit sink: one event per request (counts, never values or text). */
  onEvent?: GatewaySink;
  /** Keep the anonymised request and the upstream's reply in each event. Default 'none'. */
  auditContent?: 'none' | 'anonymised';
  /** The fetch that reaches the API (default: the client's own, else globalThis.fetch). */
  fetch?: typeof fetch;
  /** Tokens inside URLs, link targets and HTML attributes: 'withhold' (default) leaves them as tokens. */
  links?: 'restore' | 'withhold';
  /** The instruction added to the system prompt when a request carries tokens; false for none. */
  instruction?: string | false;
  /** Requests asking for logprobs: 'refuse' (default) or 'strip' the fields. */
  logprobs?: 'refuse' | 'strip';
}

export type KavachFetch = ((input: string | URL | Request, init?: RequestInit) => Promise<Response>) & {
  /** The engine in use. */
  readonly engine: Engine;
  /** Close the engine if this fetch made it. */
  close(): Promise<void>;
};

const ROUTES: ReadonlyArray<[RegExp, Route]> = [
  [/\/chat\/completions\/?$/, 'chat'],
  [/\/responses\/?$/, 'responses'],
  [/\/embeddings\/?$/, 'embeddings'],
];

const KAVACH_HEADERS = ['x-kavach-session', 'x-kavach-purpose'];

async function bodyText(body: unknown): Promise<string | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return new TextDecoder().decode(body);
  if (body instanceof ReadableStream) return new Response(body).text();
  if (body instanceof Blob) return body.text();
  throw new GatewayError(400, 'kavach_unscannable', 'kavach: the request body has a form kavach cannot scan, so it was not sent');
}

/** A fetch that anonymises requests to the LLM routes and restores their replies. */
export function kavachFetch(options: KavachFetchOptions = {}): KavachFetch {
  if (!options || typeof options !== 'object') throw new KavachError('INVALID_OPTION', 'kavachFetch options must be an object');
  if (options.session !== undefined && typeof options.session !== 'string' && typeof options.session !== 'function') {
    throw new KavachError('INVALID_OPTION', 'session must be a string or a function of the request');
  }
  if (options.links !== undefined && options.links !== 'restore' && options.links !== 'withhold') throw new KavachError('INVALID_OPTION', 'links must be "restore" or "withhold"');
  if (options.logprobs !== undefined && options.logprobs !== 'refuse' && options.logprobs !== 'strip') throw new KavachError('INVALID_OPTION', 'logprobs must be "refuse" or "strip"');
  const owned = !options.engine;
  const engine =
    options.engine ??
    createEngine({
      ...(options.vault !== undefined ? { vault: options.vault } : {}),
      ...(options.policy !== undefined ? { policy: options.policy } : {}),
      ...(options.key !== undefined ? { key: options.key } : {}),
      detectMemo: GATEWAY_DETECT_MEMO,
    });
  const inner = options.fetch ?? globalThis.fetch;
  const request = {
    instruction: options.instruction === undefined ? TOKEN_INSTRUCTION : options.instruction,
    logprobs: options.logprobs ?? 'refuse',
  } as const;

  const run = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const req = input instanceof Request ? input : undefined;
    const url = req ? req.url : String(input);
    const method = (init?.method ?? req?.method ?? 'GET').toUpperCase();
    const headers = new Headers(init?.headers ?? req?.headers);
    const path = new URL(url).pathname;
    const route = ROUTES.find(([re]) => re.test(path))?.[1];
    const rawBody = init && 'body' in init ? init.body : req ? await req.text() : undefined;
    for (const h of KAVACH_HEADERS) headers.delete(h);
    const plainInit: RequestInit = { ...init, method, headers };
    if (!route || method !== 'POST') {
      // Nothing to scan on a GET/DELETE; a body sent elsewhere is refused rather than sent unscanned.
      const text = await bodyText(rawBody);
      if (text !== undefined && text.length > 0) {
        return errorResponse(new GatewayError(403, 'kavach_route_not_covered', 'kavach: this endpoint is not covered by kavach, so the request was not sent', 'kavach_error'));
      }
      return inner(url, plainInit);
    }
    const original = new Headers(init?.headers ?? req?.headers);
    const start = performance.now();
    const startTime = new Date();
    const id = randomUUID();
    const purpose = original.get('x-kavach-purpose') ?? options.purpose;
    let body: Record<string, unknown>;
    let session: string | undefined;
    try {
      body = parseBody((await bodyText(rawBody)) ?? '');
      session = original.get('x-kavach-session') ?? undefined;
      if (session === undefined) {
        session = typeof options.session === 'function' ? await options.session({ url, method, headers: original, body }) : options.session;
      }
    } catch (err) {
      return errorResponse(err instanceof GatewayError ? err : new GatewayError(400, 'kavach_session_failed', 'kavach: the session function failed', 'kavach_error'));
    }
    headers.delete('content-length');
    return exchange({
      engine,
      route,
      body,
      session,
      links: options.links ?? 'withhold',
      request,
      auditContent: options.auditContent === 'anonymised',
      upstream: (text) => inner(url, { ...plainInit, body: text }),
      onFinish: async (r) => {
        if (!options.onEvent) return;
        const event: GatewayEvent = makeRequestEvent({
          id,
          start,
          startTime,
          route: path,
          caller: label(options.caller),
          purpose: label(purpose),
          ...r,
        });
        await options.onEvent(event);
      },
    });
  };
  const f = run as KavachFetch;
  Object.defineProperty(f, 'engine', { value: engine, enumerable: true });
  f.close = async () => {
    if (owned) await engine.close();
  };
  return f;
}

/** The part of an `openai` client this needs (any version with `withOptions`). */
interface FetchConfigurable {
  withOptions(options: { fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response> }): unknown;
}

/**
 * The client with a kavach fetch: `client.withOptions({ fetch })`. The original client is untouched.
 * Requests go out through the client's own fetch (or `options.fetch`).
 */
export function wrapOpenAI<C extends FetchConfigurable>(client: C, options: KavachFetchOptions = {}): C {
  if (!client || typeof client.withOptions !== 'function') throw new KavachError('INVALID_OPTION', 'wrapOpenAI needs an openai client (v6 or later: client.withOptions)');
  const clientFetch = (client as { fetch?: unknown }).fetch;
  const own = typeof clientFetch === 'function' ? (clientFetch as typeof fetch) : undefined;
  const inner = options.fetch ?? own;
  const f = kavachFetch({ ...options, ...(inner ? { fetch: inner } : {}) });
  return client.withOptions({ fetch: f }) as C;
}

export type { GatewayEvent, GatewaySink, RequestEvent, AlertEvent } from '../gateway/audit.js';
