// The gateway's audit trail: one event per request and one per alert. Events are built from a
// whitelist of labels and counts — never a value, a token's original or message text. With
// `content: 'anonymised'` the event also holds the request and reply as the upstream saw them
// (tokens, not values). The JSONL file sink can purge events older than the retention period.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import type { ExchangeCounts } from './conversation.js';
import type { Usage } from './stream.js';

export interface RequestEvent {
  v: 1;
  time: string;
  op: 'request';
  /** Request id (also in the reply's `x-kavach-request-id` header). */
  id: string;
  caller?: string;
  env?: string;
  purpose?: string;
  ip?: string;
  route: string;
  model?: string;
  stream: boolean;
  status: number;
  latencyMs: number;
  /** Time to the upstream's response headers / spent anonymising the request. */
  upstreamMs?: number;
  anonymiseMs?: number;
  usage?: Usage;
  /** Values anonymised in the request, by entity type. */
  anonymised: Record<string, number>;
  anonymisedTotal: number;
  restored: number;
  withheld: number;
  withheldWhere?: Record<string, number>;
  unknown: number;
  /** Tokens whose vault record could not be read (left as tokens). */
  failed: number;
  error?: string;
  content?: { request: unknown; reply?: string };
}

export type AlertKind = 'request-spike' | 'token-spike' | 'new-ip';

export interface AlertEvent {
  v: 1;
  time: string;
  op: 'alert';
  kind: AlertKind;
  caller: string;
  env?: string;
  ip?: string;
  /** This minute's count (requests or tokens) and the caller's moving baseline per minute. */
  observed?: number;
  baseline?: number;
  factor?: number;
}

export type GatewayEvent = RequestEvent | AlertEvent;

/** Where events go; it may return a promise. */
export type GatewaySink = (event: GatewayEvent) => void | Promise<void>;

const MAX_LABEL = 200;

/** A label given by a caller (purpose, caller id): a string, cut to 200 characters, control characters dropped. */
export function label(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length === 0) return undefined;
  // eslint-disable-next-line no-control-regex
  const s = v.replace(/[\u0000-\u001f\u007f]/g, '');
  return s.length > MAX_LABEL ? s.slice(0, MAX_LABEL) : s;
}

export interface RequestFacts {
  id: string;
  start: number;
  startTime: Date;
  route: string;
  caller?: string | undefined;
  env?: string | undefined;
  purpose?: string | undefined;
  ip?: string | undefined;
  model?: string | undefined;
  stream: boolean;
  status: number;
  upstreamMs?: number | undefined;
  anonymiseMs?: number | undefined;
  usage?: Usage | undefined;
  counts: ExchangeCounts;
  error?: string | undefined;
  content?: { request: unknown; reply?: string } | undefined;
}

export function makeRequestEvent(f: RequestFacts, now = performance.now()): RequestEvent {
  const anonymised = { ...f.counts.anonymised };
  const e: RequestEvent = {
    v: 1,
    time: f.startTime.toISOString(),
    op: 'request',
    id: f.id,
    route: f.route,
    stream: f.stream,
    status: f.status,
    latencyMs: Math.round((now - f.start) * 1000) / 1000,
    anonymised,
    anonymisedTotal: Object.values(anonymised).reduce((a, b) => a + b, 0),
    restored: f.counts.restored,
    withheld: f.counts.withheld,
    unknown: f.counts.unknown,
    failed: f.counts.failed,
  };
  const caller = label(f.caller);
  if (caller) e.caller = caller;
  const env = label(f.env);
  if (env) e.env = env;
  const purpose = label(f.purpose);
  if (purpose) e.purpose = purpose;
  if (f.ip) e.ip = f.ip;
  const model = label(f.model);
  if (model) e.model = model;
  if (f.upstreamMs !== undefined) e.upstreamMs = f.upstreamMs;
  if (f.anonymiseMs !== undefined) e.anonymiseMs = f.anonymiseMs;
  if (f.usage) e.usage = { input: f.usage.input, output: f.usage.output, total: f.usage.total };
  if (f.counts.withheld) e.withheldWhere = { ...f.counts.withheldWhere };
  if (f.error && /^[a-z0-9_]+$/.test(f.error)) e.error = f.error;
  if (f.content) e.content = f.content;
  return e;
}

export interface AuditFile {
  readonly path: string;
  write(event: GatewayEvent): void;
  /** Remove events whose `time` is before `cutoff` (ms since the epoch). Returns how many were removed. */
  purgeBefore(cutoff: number): number;
  close(): void;
}

/**
 * An append-only JSONL file (mode 0600), one event per `write` call. `purgeBefore` rewrites the file
 * without the old events (to a temporary file, fsync'd, renamed over the old one) and reopens it;
 * it runs synchronously, so no event written by this process is lost in between.
 */
export function auditFile(path: string, options: { fsync?: boolean } = {}): AuditFile {
  let fd: number | undefined = openSync(path, 'a', 0o600);
  const write = (event: GatewayEvent): void => {
    fd ??= openSync(path, 'a', 0o600);
    writeSync(fd, `${JSON.stringify(event)}\n`);
    if (options.fsync) fsyncSync(fd);
  };
  const purgeBefore = (cutoff: number): number => {
    if (!existsSync(path)) return 0;
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    const keep: string[] = [];
    for (const line of lines) {
      let t = Number.NaN;
      try {
        t = Date.parse((JSON.parse(line) as { time?: string }).time ?? '');
      } catch {
        // A torn line (a crash mid-write) has no time: it goes with the purge.
      }
      if (t >= cutoff) keep.push(line);
    }
    const removed = lines.length - keep.length;
    if (removed === 0) return 0;
    const tmp = `${path}.purge-${process.pid}`;
    writeFileSync(tmp, keep.length ? `${keep.join('\n')}\n` : '', { mode: 0o600 });
    const t = openSync(tmp, 'r+');
    fsyncSync(t);
    closeSync(t);
    if (fd !== undefined) closeSync(fd);
    renameSync(tmp, path);
    fd = openSync(path, 'a', 0o600);
    return removed;
  };
  return {
    path,
    write,
    purgeBefore,
    close: () => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
