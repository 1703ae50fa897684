// The vault core: keys, normalisation, token naming and encryption over a storage backend.
import { assertText, KavachError } from '../errors.js';
import { ENTITY_TYPES } from '../types.js';
import { base32, hmac, open, seal } from './crypto.js';
import type {
  AllocateRequest, RecordKind, RotationResult, StoredRecord, TokenMode, TokenRequest, ValueLocation, Vault,
  VaultBackend, VaultStats,
} from './interface.js';
import { Keyring, parseKey, type KeySource } from './keys.js';
import { normaliseValue } from './normalise.js';
import { makeSurrogate } from './surrogate.js';
import { counterToken, HMAC_SUFFIX_LEN, hmacToken, tokenPrefix } from './tokens.js';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Default retention of a session: 90 days from its creation. */
export const DEFAULT_TTL_MS = 90 * DAY_MS;
/** Entity type of token-shaped text found in the input itself (escaped so it round-trips). */
export const LITERAL_TYPE = 'LITERAL';

export interface VaultOptions extends KeySource {
  /** Session lifetime: ms, or "90d" / "12h" / "30m" / "45s" (default 90 days). */
  ttl?: number | string;
  /** Injectable clock (ms since epoch) for retention; tests use a fake one. */
  clock?: () => number;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS };

/** Parse a duration option: a positive number of ms or "<n><ms|s|m|h|d>". */
export function parseDuration(v: number | string, what = 'ttl'): number {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
  if (typeof v === 'string') {
    const m = /^(\d{1,12})(ms|s|m|h|d)$/.exec(v.trim());
    if (m) return Number(m[1]) * UNITS[m[2]!]!;
  }
  throw new KavachError('INVALID_OPTION', `${what} must be a positive number of milliseconds or a string like "90d"`);
}

/** Session ids: 1-256 characters, no control characters. */
export function assertSession(session: unknown): asserts session is string {
  assertText(session, 'session');
  if (session.length === 0 || session.length > 256 || /[\u0000-\u001f\u007f]/.test(session)) {
    throw new KavachError('INVALID_OPTION', 'session id must be 1-256 characters without control characters');
  }
}

function aad(session: string, token: string, type: string): string {
  return `kavach/v1\u0000${session}\u0000${token}\u0000${type}`;
}

const SURROGATE_ATTEMPTS = 32;

export class PseudonymVault implements Vault {
  readonly store: string;
  private readonly ttl: number;
  private readonly clock: () => number;
  private closed = false;

  constructor(
    private readonly backend: VaultBackend,
    private readonly keyring: Keyring,
    options: VaultOptions = {},
  ) {
    this.store = backend.store;
    this.ttl = options.ttl === undefined ? DEFAULT_TTL_MS : parseDuration(options.ttl);
    this.clock = options.clock ?? Date.now;
  }

  get keyId(): string {
    return this.keyring.current.id;
  }

  get ephemeralKey(): boolean {
    return this.keyring.ephemeral;
  }

  private check(): void {
    if (this.closed) throw new KavachError('VAULT_CLOSED', `${this.store} vault is closed`);
  }

  private lookups(type: string, normalised: string): string[] {
    const data = `${type}\u0000${normalised}`;
    return this.keyring.keys.map((k) => hmac(k.lookup, data).toString('hex'));
  }

  private plan(req: TokenRequest, now: number): AllocateRequest {
    if (!req || typeof req !== 'object') throw new TypeError('kavach: token request must be an object');
    assertSession(req.session);
    assertText(req.type, 'type');
    assertText(req.value, 'value');
    const mode: TokenMode = req.mode ?? 'token';
    const cur = this.keyring.current;
    const type = req.type;
    const norm = normaliseValue(type, req.value);
    const prefix = tokenPrefix(type);
    let kind: RecordKind;
    let candidates: string[] = [];
    if (mode === 'token') kind = 'counter';
    else if (mode === 'deterministic') {
      if (this.keyring.ephemeral) {
        throw new KavachError('KEY_MISSING', 'deterministic tokens need a configured key (KAVACH_KEY), not an ephemeral one');
      }
      kind = 'hmac';
      const mac = hmac(cur.token, `token\u0000${type}\u0000${norm}`);
      candidates = [hmacToken(prefix, base32(mac).slice(0, HMAC_SUFFIX_LEN))];
    } else if (mode === 'surrogate') {
      kind = 'surrogate';
      const seen = new Set<string>();
      for (let a = 0; a < SURROGATE_ATTEMPTS; a++) {
        const seed = hmac(cur.token, `surrogate\u0000${req.session}\u0000${type}\u0000${norm}\u0000${a}`);
        const s = makeSurrogate(type, req.value, seed, a);
        // Never "replace" a value by itself.
        if (!seen.has(s) && normaliseValue(type, s) !== norm) {
          seen.add(s);
          candidates.push(s);
        }
      }
    } else {
      throw new KavachError('INVALID_OPTION', 'mode must be "token", "deterministic" or "surrogate"');
    }
    const ttl = req.ttl === undefined ? this.ttl : parseDuration(req.ttl);
    const value = req.value;
    return {
      session: req.session,
      type,
      kind,
      lookups: this.lookups(type, norm),
      prefix,
      candidates,
      keyId: cur.id,
      now,
      expiresAt: now + ttl,
      seal: (token) => seal(cur.enc, value, aad(req.session, token, type)),
    };
  }

  async tokenize(requests: readonly TokenRequest[]): Promise<string[]> {
    this.check();
    if (!Array.isArray(requests)) throw new TypeError('kavach: tokenize expects an array of requests');
    if (requests.length === 0) return [];
    const now = this.clock();
    const planned = requests.map((r) => this.plan(r, now));
    return this.backend.allocate(planned);
  }

  private decrypt(r: StoredRecord): string {
    const k = this.keyring.byId(r.keyId);
    if (!k) throw new KavachError('KEY_MISSING', `a record is encrypted under key ${r.keyId}, which is not configured`);
    return open(k.enc, r.blob, aad(r.session, r.token, r.type));
  }

  async reveal(session: string, tokens: readonly string[]): Promise<Map<string, string>> {
    this.check();
    assertSession(session);
    const out = new Map<string, string>();
    const uniq = [...new Set(tokens)];
    if (uniq.length === 0) return out;
    for (const r of await this.backend.get(session, uniq, this.clock())) out.set(r.token, this.decrypt(r));
    return out;
  }

  async surrogates(session: string): Promise<string[]> {
    this.check();
    assertSession(session);
    return this.backend.tokensOfKind(session, 'surrogate', this.clock());
  }

  async forgetSession(session: string): Promise<number> {
    this.check();
    assertSession(session);
    return this.backend.deleteSession(session);
  }

  private async allLookups(value: string, type: string | undefined): Promise<string[]> {
    assertText(value, 'value');
    const types = type !== undefined ? [type] : [...new Set([...ENTITY_TYPES, LITERAL_TYPE, ...(await this.backend.types())])];
    return types.flatMap((t) => this.lookups(t, normaliseValue(t, value)));
  }

  async forgetValue(value: string, options: { type?: string } = {}): Promise<number> {
    this.check();
    return this.backend.deleteLookups(await this.allLookups(value, options.type));
  }

  async exportValue(value: string, options: { type?: string } = {}): Promise<ValueLocation[]> {
    this.check();
    const recs = await this.backend.findLookups(await this.allLookups(value, options.type), this.clock());
    return recs
      .map((r) => ({ session: r.session, token: r.token, type: r.type, keyId: r.keyId, createdAt: r.createdAt, expiresAt: r.expiresAt }))
      .sort((a, b) => a.createdAt - b.createdAt || (a.session < b.session ? -1 : 1));
  }

  async purgeExpired(): Promise<number> {
    this.check();
    return (await this.backend.purgeExpired(this.clock())).records;
  }

  async rotateKey(newKey: string | Uint8Array): Promise<RotationResult> {
    this.check();
    const cur = this.keyring.rotate(parseKey(newKey, 'new key'));
    let reencrypted = 0;
    for (let round = 0; round < 1_000_000; round++) {
      const batch = await this.backend.recordsNotUnder(cur.id, 256);
      if (batch.length === 0) break;
      let progress = 0;
      for (const r of batch) {
        const value = this.decrypt(r);
        const next: StoredRecord = {
          ...r,
          keyId: cur.id,
          lookup: hmac(cur.lookup, `${r.type}\u0000${normaliseValue(r.type, value)}`).toString('hex'),
          blob: seal(cur.enc, value, aad(r.session, r.token, r.type)),
        };
        if (await this.backend.replace(r, next)) {
          reencrypted++;
          progress++;
        }
      }
      // Records changed under us (erased, expired) are simply re-read; no progress at all means stuck.
      if (progress === 0 && round > 3) throw new KavachError('VAULT_ERROR', 'key rotation made no progress');
    }
    return { keyId: cur.id, reencrypted };
  }

  async stats(): Promise<VaultStats> {
    this.check();
    return this.backend.stats(this.clock());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.backend.close();
  }
}

/** Counter tokens for a backend: `<PREFIX_n>`. */
export { counterToken };
