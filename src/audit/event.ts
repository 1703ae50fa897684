import type { KavachErrorCode } from '../errors.js';
import { isSessionId } from '../vault/checks.js';

/**
 * One audit event per `anonymise`, `deanonymise` and vault operation (purge, forget, rotate). It
 * holds what happened and to how much, never a found value, a token's original or the text: counts
 * per entity type and action, tokens restored / unknown, time, duration, session, and the caller
 * and purpose the service passed in.
 */

export type AuditOperation = 'anonymise' | 'deanonymise' | 'purge' | 'forget' | 'rotate';

export interface AuditEvent {
  /** Event format version. */
  readonly v: 1;
  /** ISO-8601 UTC time the operation started. */
  readonly time: string;
  readonly op: AuditOperation;
  /** The session id, when it is one the vault accepts (1-256 characters, no control characters). */
  readonly session?: string;
  /**
   * True when the call gave a session id the vault rejects (a prompt passed as `session` by mistake,
   * a 10 KB string): it is never echoed, not even cut or hashed (an unkeyed hash of a short value can
   * be reversed by trying values), so the trail holds no text from it.
   */
  readonly sessionRejected?: true;
  /** Who asked (a service name, a user id the service chose to pass): as given, at most 200 characters. */
  readonly caller?: string;
  /** Why (e.g. `support-chat`): as given, at most 200 characters. */
  readonly purpose?: string;
  /** The policy's name (anonymise). */
  readonly policy?: string;
  /** anonymise: counts per entity type and action, e.g. `{ AADHAAR: { mask: 2 }, PERSON: { pseudonymise: 1 } }`. */
  readonly entities?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** anonymise: number of spans replaced or kept, all types. */
  readonly total?: number;
  /** deanonymise: tokens put back / tokens that matched the grammar but the vault did not know. */
  readonly restored?: number;
  readonly unknown?: number;
  /** deanonymise: known tokens left in place inside URLs, link targets or HTML tags (`links: 'withhold'`). */
  readonly withheld?: number;
  /** deanonymise: tokens whose record could not be decrypted (tampered, or under a key not configured). */
  readonly failed?: number;
  /** Vault operations: entries removed or re-encrypted. */
  readonly affected?: number;
  /** Wall-clock duration of the operation in milliseconds (3 decimals). */
  readonly durationMs: number;
  readonly ok: boolean;
  /** When `ok` is false: the KavachError code (or `ERROR`), never the message. */
  readonly error?: KavachErrorCode | 'ERROR';
}

/** Where events go: a function, called once per event in order. It may return a promise. */
export type AuditSink = (event: AuditEvent) => void | Promise<void>;

/** What a caller passes per operation so the trail says who and why. */
export interface AuditContext {
  caller?: string;
  purpose?: string;
}

const MAX_LABEL = 200;

// Whether a session id is one the vault accepts (1-256 characters, no control characters): the
// vault's own rule, so the audit trail echoes exactly the ids `assertSession` lets through.
export { isSessionId };

function label(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length === 0) return undefined;
  return v.length > MAX_LABEL ? v.slice(0, MAX_LABEL) : v;
}

/** The fields an anonymise/deanonymise/vault call reports. Only these are copied into the event. */
export interface AuditFacts {
  op: AuditOperation;
  start: number;
  startTime?: Date;
  session?: string | undefined;
  caller?: unknown;
  purpose?: unknown;
  policy?: string | undefined;
  entities?: Record<string, Record<string, number>> | undefined;
  restored?: number | undefined;
  unknown?: number | undefined;
  withheld?: number | undefined;
  failed?: number | undefined;
  affected?: number | undefined;
  error?: unknown;
}

/**
 * Build an event from whitelisted facts. `start` is a `performance.now()` reading. Free text from the
 * caller (caller, purpose) is kept only if it is a string and is truncated; a session id only if the
 * vault would accept it (else `sessionRejected`); nothing else free-form enters the event.
 */
export function makeAuditEvent(f: AuditFacts): AuditEvent {
  const e: { -readonly [K in keyof AuditEvent]: AuditEvent[K] } = {
    v: 1,
    time: (f.startTime ?? new Date()).toISOString(),
    op: f.op,
    durationMs: Math.round((performance.now() - f.start) * 1000) / 1000,
    ok: f.error === undefined,
  };
  if (isSessionId(f.session)) e.session = f.session;
  else if (f.session !== undefined) e.sessionRejected = true;
  const caller = label(f.caller);
  if (caller) e.caller = caller;
  const purpose = label(f.purpose);
  if (purpose) e.purpose = purpose;
  if (typeof f.policy === 'string') e.policy = f.policy;
  if (f.entities) {
    let total = 0;
    // fromEntries and spread define own properties: a type or action named "__proto__" stays a key.
    const out: Record<string, Record<string, number>> = Object.fromEntries(
      Object.entries(f.entities).map(([type, byAction]) => {
        for (const n of Object.values(byAction)) total += n;
        return [type, { ...byAction }];
      }),
    );
    e.entities = out;
    e.total = total;
  }
  if (typeof f.restored === 'number') e.restored = f.restored;
  if (typeof f.unknown === 'number') e.unknown = f.unknown;
  if (typeof f.withheld === 'number' && f.withheld > 0) e.withheld = f.withheld;
  if (typeof f.failed === 'number' && f.failed > 0) e.failed = f.failed;
  if (typeof f.affected === 'number') e.affected = f.affected;
  if (f.error !== undefined) {
    const code = (f.error as { code?: unknown } | null)?.code;
    e.error = typeof code === 'string' && /^[A-Z_]+$/.test(code) ? (code as KavachErrorCode) : 'ERROR';
  }
  return e;
}

/** Count entities per type and action (the `entities` field of an anonymise event). */
export class ActionCounter {
  /** Null-prototype maps: no type or action name ("__proto__", "constructor") reaches Object.prototype. */
  readonly counts: Record<string, Record<string, number>> = Object.create(null) as Record<string, Record<string, number>>;

  add(type: string, action: string, n = 1): void {
    const byAction = (this.counts[type] ??= Object.create(null) as Record<string, number>);
    byAction[action] = (byAction[action] ?? 0) + n;
  }
}
