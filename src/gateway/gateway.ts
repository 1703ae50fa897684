// kavach/gateway: an OpenAI-compatible proxy in front of an LLM API. Every request to the chat,
// responses and embeddings routes is anonymised before it leaves and every reply restored (the
// same core as the `openai` wrapper), behind caller keys, address allowlists, model lists, rate
// limits and purposes, with an audit event per request, spike alerts and Prometheus counters.
// Deny by default: any other route is a 404.
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { PolicyOption } from '../decide/input.js';
import { createEngine, type Engine, type VaultConfig } from '../engine.js';
import { KavachError } from '../errors.js';
import type { KeyInput } from '../vault/keys.js';
import { parseDuration } from './duration.js';
import { auditFile, label, makeRequestEvent, type AlertEvent, type AuditFile, type GatewayEvent, type GatewaySink } from './audit.js';
import { exchange, GATEWAY_DETECT_MEMO } from './core.js';
import { errorResponse, GatewayError } from './errors.js';
import { inRanges, isLoopback, KeyRing, KeysSource, modelAllowed, parseRange, validateKeysFile, type KeyEntry, type KeysFile } from './keys.js';
import { RateLimits } from './limits.js';
import { GatewayMetrics } from './metrics.js';
import { parseBody, TOKEN_INSTRUCTION, type Route } from './request.js';
import { SpikeDetector, type SpikeOptions } from './spikes.js';
import type { Registry } from 'prom-client';

export interface GatewayOptions {
  /** Base URL of the upstream API, with its version path: `https://api.openai.com/v1`. */
  upstream: string;
  /** The upstream API key (default KAVACH_UPSTREAM_KEY). Callers' own Authorization headers are never forwarded. */
  upstreamKey?: string;
  /** The fetch used to reach the upstream (default globalThis.fetch). */
  fetch?: typeof fetch;
  /** The engine; else one is made from vault / policy / key with the retention as its session TTL. */
  engine?: Engine;
  vault?: VaultConfig;
  policy?: PolicyOption;
  key?: KeyInput;
  /**
   * Caller keys: a keys-file path (re-read when it changes) or its contents. Without keys the gateway
   * admits any caller, but only from loopback addresses.
   */
  keys?: string | KeysFile;
  /** This gateway's environment: keys of another environment are refused. */
  env?: 'dev' | 'test' | 'prod';
  /** Audit trail: a JSONL file path or a sink. */
  audit?: string | GatewaySink;
  /** Also keep the anonymised request and the upstream's reply in each event. Default 'none'. */
  auditContent?: 'none' | 'anonymised';
  /** How long audit events and vault sessions are kept (ms or '90d'). Default 90 days. */
  retention?: number | string;
  /** Tokens inside URLs, link targets and HTML attributes: 'withhold' (default) leaves them as tokens. */
  links?: 'restore' | 'withhold';
  /** The instruction added to the system prompt when a request carries tokens; false for none. */
  instruction?: string | false;
  /** Requests asking for logprobs: 'refuse' (default) or 'strip' the fields. */
  logprobs?: 'refuse' | 'strip';
  /** Spike and new-address alerts (false: off), and a webhook URL that receives each alert as JSON. */
  spikes?: (SpikeOptions & { webhook?: string }) | false;
  /** Addresses allowed to read /metrics (default: loopback only). */
  metricsAllowIps?: string[];
  /** Take the client address from the first X-Forwarded-For entry (only behind a proxy you run). */
  trustProxy?: boolean;
  /** Clock for keys' notAfter, spikes, retention (tests). */
  clock?: () => number;
  /** Where notices and alerts are printed (default stderr). */
  log?: (line: string) => void;
  /** Largest request body accepted (bytes); larger ones get a 413. Default 8 MiB. */
  maxBodyBytes?: number;
}

/** What the handler may be given with a request: the client address, or @hono/node-server's bindings. */
export type ClientInfo = { ip?: string } | { incoming?: { socket?: { remoteAddress?: string } } } | undefined;

export interface Gateway {
  /** The Web handler: `(Request) => Promise<Response>`. Pass `{ ip }` (or node-server bindings) as the second argument. */
  (request: Request, info?: ClientInfo): Promise<Response>;
  readonly fetch: (request: Request, info?: ClientInfo) => Promise<Response>;
  readonly engine: Engine;
  readonly metrics: Registry;
  /** True when callers need a key. */
  readonly requiresKeys: boolean;
  /** Delete audit events and vault sessions older than the retention. */
  purge(): Promise<{ auditEvents: number; vaultRecords: number }>;
  /** Wait for audit writes and alerts in flight, stop the purge timer, close what the gateway opened. */
  close(): Promise<void>;
}

const LLM_ROUTES: Record<string, Route> = {
  '/v1/chat/completions': 'chat',
  '/v1/responses': 'responses',
  '/v1/embeddings': 'embeddings',
};

const DAY = 86_400_000;
const SESSION_RE = /^[\x20-\x7e]{1,200}$/;

function clientIp(info: ClientInfo, req: Request, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const xff = req.headers.get('x-forwarded-for');
    if (xff) return xff.split(',')[0]!.trim();
  }
  if (!info) return undefined;
  if ('ip' in info && typeof info.ip === 'string') return info.ip;
  if ('incoming' in info) return info.incoming?.socket?.remoteAddress;
  return undefined;
}

function bearer(req: Request): string | undefined {
  const h = req.headers.get('authorization');
  const m = h ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m?.[1] ?? req.headers.get('api-key') ?? undefined;
}

interface Admitted {
  entry: KeyEntry | undefined;
  caller: string;
  purpose: string | undefined;
}

export function createGateway(options: GatewayOptions): Gateway {
  if (!options || typeof options !== 'object') throw new KavachError('INVALID_OPTION', 'createGateway needs options');
  let upstreamBase: URL;
  try {
    upstreamBase = new URL(options.upstream);
  } catch {
    throw new KavachError('INVALID_OPTION', 'upstream must be a URL such as https://api.openai.com/v1');
  }
  if (upstreamBase.protocol !== 'https:' && upstreamBase.protocol !== 'http:') throw new KavachError('INVALID_OPTION', 'upstream must be an http(s) URL');
  const base = upstreamBase.href.replace(/\/+$/, '');
  const upstreamKey = options.upstreamKey ?? process.env.KAVACH_UPSTREAM_KEY;
  const clock = options.clock ?? Date.now;
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const retentionMs = options.retention === undefined ? 90 * DAY : typeof options.retention === 'number' ? options.retention : parseDuration(options.retention, 'retention');
  const owned = !options.engine;
  const engine =
    options.engine ??
    createEngine({
      ...(options.vault !== undefined ? { vault: options.vault } : {}),
      ...(options.policy !== undefined ? { policy: options.policy } : {}),
      ...(options.key !== undefined ? { key: options.key } : {}),
      detectMemo: GATEWAY_DETECT_MEMO,
      ttl: retentionMs,
      ...(options.clock ? { clock: options.clock } : {}),
    });
  const keys = typeof options.keys === 'string' ? new KeysSource(options.keys, options.env) : options.keys ? new KeyRing(validateKeysFile(options.keys), options.env) : undefined;
  const ring = (): KeyRing | undefined => (keys instanceof KeysSource ? keys.current(log) : keys);
  const file: AuditFile | undefined = typeof options.audit === 'string' ? auditFile(options.audit) : undefined;
  const sink: GatewaySink | undefined = typeof options.audit === 'function' ? options.audit : file ? (e) => file.write(e) : undefined;
  const limits = new RateLimits();
  const metrics = new GatewayMetrics();
  const spikes = options.spikes === false ? undefined : new SpikeDetector(options.spikes ?? {}, clock);
  const webhook = options.spikes ? options.spikes.webhook : undefined;
  const metricsRanges = (options.metricsAllowIps ?? []).map((r) => {
    try {
      return parseRange(r);
    } catch {
      throw new KavachError('INVALID_OPTION', `metricsAllowIps: "${r}" is not an IP address or CIDR range`);
    }
  });
  const request = { instruction: options.instruction === undefined ? TOKEN_INSTRUCTION : options.instruction, logprobs: options.logprobs ?? 'refuse' } as const;
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>): void => {
    const q = p.catch(() => undefined).finally(() => pending.delete(q));
    pending.add(q);
  };

  /** Write an event; a failing sink is reported on stderr (the reply may already be on its way). */
  const record = async (e: GatewayEvent): Promise<void> => {
    if (!sink) return;
    try {
      await sink(e);
    } catch (err) {
      log(`kavach: writing the audit event failed (${(err as { code?: string })?.code ?? 'error'})`);
    }
  };

  const raise = (alerts: AlertEvent[]): void => {
    for (const a of alerts) {
      metrics.alerts.inc({ kind: a.kind, caller: a.caller });
      log(`kavach: alert ${a.kind} caller=${a.caller}${a.ip ? ` ip=${a.ip}` : ''}${a.observed !== undefined ? ` observed=${a.observed}/min baseline=${a.baseline}/min` : ''}`);
      track(record(a));
      if (webhook) {
        track(
          fetch(webhook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(a), signal: AbortSignal.timeout(5000) }).then(
            (r) => {
              if (!r.ok) log(`kavach: the alert webhook answered ${r.status}`);
            },
            () => log('kavach: the alert webhook could not be reached'),
          ),
        );
      }
    }
  };

  const ipListed = (ip: string | undefined): boolean => isLoopback(ip) || inRanges(metricsRanges, ip);

  /** Who is calling and may they: 401 / 403 / 400 as OpenAI-shaped errors. */
  const admit = (req: Request, ip: string | undefined): Admitted => {
    const purpose = label(req.headers.get('x-kavach-purpose') ?? undefined);
    const r = ring();
    if (!r) {
      if (!isLoopback(ip)) throw new GatewayError(403, 'ip_not_allowed', 'kavach: this gateway runs without keys and accepts loopback callers only', 'permission_error');
      return { entry: undefined, caller: 'local', purpose };
    }
    const c = r.check(bearer(req), clock());
    if (!c.ok) {
      const why = { missing: 'No API key was provided', unknown: 'Incorrect API key provided', expired: 'This API key has expired', environment: 'This API key is not valid in this environment' }[c.reason];
      throw new GatewayError(401, 'invalid_api_key', `kavach: ${why}`, 'authentication_error');
    }
    const entry = c.entry;
    if (!r.ipAllowed(entry, ip)) throw new GatewayError(403, 'ip_not_allowed', 'kavach: this key may not be used from this address', 'permission_error');
    if (entry.purposes?.length) {
      if (!purpose) throw new GatewayError(400, 'purpose_required', 'kavach: state the purpose of this call in the x-kavach-purpose header', 'invalid_request_error');
      if (!entry.purposes.includes(purpose)) throw new GatewayError(403, 'purpose_not_allowed', 'kavach: this purpose is not allowed for this key', 'permission_error');
    }
    return { entry, caller: entry.id, purpose };
  };

  const upstreamHeaders = (req: Request): Headers => {
    const h = new Headers({ 'content-type': 'application/json', 'user-agent': 'kavach-gateway' });
    for (const name of ['accept', 'openai-beta']) {
      const v = req.headers.get(name);
      if (v) h.set(name, v);
    }
    if (upstreamKey) h.set('authorization', `Bearer ${upstreamKey}`);
    return h;
  };

  const upstreamFetch = options.fetch ?? globalThis.fetch;
  const maxBody = options.maxBodyBytes ?? 8 * 1024 * 1024;
  const tooLarge = (): GatewayError => new GatewayError(413, 'request_too_large', `kavach: the request body is larger than ${maxBody} bytes`, 'invalid_request_error');

  const app = new Hono<{ Bindings: { info?: ClientInfo } }>();

  app.get('/healthz', (c) => c.json({ ok: true }));

  app.get('/metrics', async (c) => {
    const ip = clientIp(c.env?.info, c.req.raw, options.trustProxy === true);
    if (!ipListed(ip)) return errorResponse(new GatewayError(403, 'ip_not_allowed', 'kavach: /metrics is not available from this address', 'permission_error'));
    return new Response(await metrics.registry.metrics(), { headers: { 'content-type': metrics.registry.contentType } });
  });

  app.get('/v1/models', async (c) => {
    const ip = clientIp(c.env?.info, c.req.raw, options.trustProxy === true);
    try {
      admit(c.req.raw, ip);
    } catch (err) {
      return errorResponse(err as GatewayError);
    }
    try {
      const up = await upstreamFetch(`${base}/models`, { headers: upstreamHeaders(c.req.raw) });
      return new Response(await up.text(), { status: up.status, headers: { 'content-type': up.headers.get('content-type') ?? 'application/json' } });
    } catch {
      return errorResponse(new GatewayError(502, 'upstream_unreachable', 'kavach: the upstream API could not be reached', 'upstream_error'));
    }
  });

  const llm = async (c: Context<{ Bindings: { info?: ClientInfo } }>, route: Route, path: string): Promise<Response> => {
    const req = c.req.raw;
    const id = randomUUID();
    const start = performance.now();
    const startTime = new Date(clock());
    const ip = clientIp(c.env?.info, req, options.trustProxy === true);
    let who: Admitted | undefined;
    let model: string | undefined;
    const stated = label(req.headers.get('x-kavach-purpose') ?? undefined);
    const refuse = async (err: GatewayError): Promise<Response> => {
      metrics.rejected.inc({ reason: err.code });
      metrics.requests.inc({ route: path, status: String(err.status), caller: who?.caller ?? 'unknown' });
      await record(
        makeRequestEvent({ id, start, startTime, route: path, caller: who?.caller, env: who?.entry?.env, purpose: stated, ip, model, stream: false, status: err.status, counts: { anonymised: {}, restored: 0, withheld: 0, withheldWhere: {}, unknown: 0, failed: 0 }, error: err.code }),
      );
      const res = errorResponse(err);
      res.headers.set('x-kavach-request-id', id);
      return res;
    };
    let body: Record<string, unknown>;
    let session: string | undefined;
    try {
      who = admit(req, ip);
      const declared = Number(req.headers.get('content-length') ?? 0);
      if (declared > maxBody) throw tooLarge();
      const text = await req.text();
      if (Buffer.byteLength(text) > maxBody) throw tooLarge();
      body = parseBody(text);
      model = typeof body.model === 'string' ? body.model : undefined;
      if (!modelAllowed(who.entry?.models, model)) throw new GatewayError(403, 'model_not_allowed', 'kavach: this key may not use this model', 'permission_error', {}, 'model');
      const verdict = await limits.admit(who.caller, who.entry?.rpm, who.entry?.tpm);
      if (!verdict.ok) {
        throw new GatewayError(429, 'rate_limit_exceeded', `kavach: rate limit reached for ${verdict.kind} per minute; try again in ${verdict.retryAfterS}s`, 'rate_limit_error', { 'retry-after': String(verdict.retryAfterS) });
      }
      const named = req.headers.get('x-kavach-session');
      if (named !== null) {
        if (!SESSION_RE.test(named)) throw new GatewayError(400, 'invalid_session', 'kavach: x-kavach-session must be 1-200 printable ASCII characters', 'invalid_request_error');
        // Scoped to the caller: two callers using one session name never share tokens.
        session = `gw:${who.caller}:${named}`;
      }
    } catch (err) {
      return refuse(err instanceof GatewayError ? err : new GatewayError(500, 'kavach_error', 'kavach: the request could not be checked', 'kavach_error'));
    }
    if (spikes) raise(spikes.request(who.caller, ip, who.entry?.env));
    const admitted = who;
    const res = await exchange({
      engine,
      route,
      body,
      session,
      links: options.links ?? 'withhold',
      request,
      auditContent: options.auditContent === 'anonymised',
      upstream: (text) => upstreamFetch(`${base}${path.slice(3)}`, { method: 'POST', headers: upstreamHeaders(req), body: text }),
      onFinish: async (r) => {
        metrics.requests.inc({ route: path, status: String(r.status), caller: admitted.caller });
        metrics.duration.observe({ route: path }, (performance.now() - start) / 1000);
        for (const [type, n] of Object.entries(r.counts.anonymised)) metrics.anonymised.inc({ type }, n);
        if (r.counts.restored) metrics.restored.inc(r.counts.restored);
        if (r.counts.withheld) metrics.withheld.inc(r.counts.withheld);
        if (r.usage) {
          metrics.upstreamTokens.inc({ caller: admitted.caller, kind: 'input' }, r.usage.input);
          metrics.upstreamTokens.inc({ caller: admitted.caller, kind: 'output' }, r.usage.output);
          await limits.tokens(admitted.caller, admitted.entry?.tpm, r.usage.total);
          if (spikes) raise(spikes.tokens(admitted.caller, r.usage.total, admitted.entry?.env));
        }
        await record(
          makeRequestEvent({
            id,
            start,
            startTime,
            route: path,
            caller: admitted.caller,
            env: admitted.entry?.env,
            purpose: admitted.purpose,
            ip,
            ...r,
          }),
        );
      },
    });
    res.headers.set('x-kavach-request-id', id);
    return res;
  };

  for (const [path, route] of Object.entries(LLM_ROUTES)) app.post(path, (c) => llm(c, route, path));

  app.notFound(() => errorResponse(new GatewayError(404, 'unknown_route', 'kavach: no such route (this gateway serves POST /v1/chat/completions, /v1/responses, /v1/embeddings and GET /v1/models)', 'invalid_request_error')));
  app.onError((err) => {
    // The error's name and code only: a message could quote a request.
    const code = (err as { code?: unknown }).code;
    log(`kavach: internal error (${err.name}${typeof code === 'string' && /^[A-Z_]+$/.test(code) ? ` ${code}` : ''})`);
    return errorResponse(new GatewayError(500, 'kavach_error', 'kavach: internal error', 'kavach_error'));
  });

  const purge = async (): Promise<{ auditEvents: number; vaultRecords: number }> => {
    const auditEvents = file ? file.purgeBefore(clock() - retentionMs) : 0;
    const vaultRecords = await engine.vault.purgeExpired();
    return { auditEvents, vaultRecords };
  };
  const timer = setInterval(() => {
    purge().catch(() => log('kavach: the retention purge failed'));
  }, 3_600_000);
  timer.unref();

  const handler = (request: Request, info?: ClientInfo): Promise<Response> => Promise.resolve(app.fetch(request, { info }));
  const gateway = handler as Gateway;
  Object.defineProperties(gateway, {
    fetch: { value: handler, enumerable: true },
    engine: { value: engine, enumerable: true },
    metrics: { value: metrics.registry, enumerable: true },
    requiresKeys: { value: keys !== undefined, enumerable: true },
    purge: { value: purge, enumerable: true },
    close: {
      value: async () => {
        clearInterval(timer);
        await Promise.all([...pending]);
        file?.close();
        if (owned) await engine.close();
      },
      enumerable: true,
    },
  });
  return gateway;
}
