// What the core computes for one (session, mode, type, value) before a backend allocates its token:
// the lookup HMACs, the record kind, the token prefix and, for deterministic and surrogate modes, the
// candidate tokens. A pure function of its arguments and the keyring, so src/vault/memo.ts can keep it.
import { Errors } from '../errors.js';
import { HMAC_SUFFIX_LEN, hmacToken, tokenPrefix } from '../token.js';
import { base32, hmac, hmacHex2, sealedRoom, sealRecord, sealRecordInto, sealRecordLatin1 } from './crypto.js';
import type { AllocateRequest, RecordKind, TokenMode, TokenRequest } from './interface.js';
import type { DerivedKeys, Keyring } from './keys.js';
import { detach } from '../detach.js';
import type { PlanParts } from './memo.js';
import type { OpenedValues } from './opened.js';
import { normaliseValue } from '../detect/normalise.js';
import { surrogateCandidates } from './surrogate.js';
import { keepShape } from '../text/shapes.js';

const SURROGATE_ATTEMPTS = 32;
const SURROGATE_EAGER = 4;
/** Counter tokens have no candidates: one shared, frozen empty list (the memo keeps a plan per value). */
const NO_CANDIDATES: readonly string[] = Object.freeze([]);

/**
 * Per type, kept: the type as a detached string (plans hold it, see memo.ts) and its token prefix
 * (`tokenPrefix` runs four regular-expression replaces, 4-5 KB of garbage per 1 KB anonymise call
 * with 17 new values). Types are entity type names, not personal data; the cache is bounded and
 * simply starts over when full.
 */
interface TypeInfo {
  type: string;
  prefix: string;
}
const TYPES = new Map<string, TypeInfo>();
const TYPES_MAX = 1024;

function typeInfo(type: string): TypeInfo {
  let t = TYPES.get(type);
  if (t === undefined) {
    if (TYPES.size >= TYPES_MAX) TYPES.clear();
    const kept = detach(type);
    t = { type: kept, prefix: tokenPrefix(kept) };
    TYPES.set(kept, t);
  }
  return t;
}

/** Lookup HMACs of a normalised value under every key of the keyring, current first. */
export function valueLookups(keyring: Keyring, type: string, normalised: string): string[] {
  const keys = keyring.keys;
  // One key (no rotation under way) is the common case: no closure, no mapped array.
  if (keys.length === 1) return [hmacHex2(keys[0]!.lookup, type, normalised)];
  return keys.map((k) => hmacHex2(k.lookup, type, normalised));
}

/** Never "replace" a value by itself; no candidate twice. */
function usableSurrogates(type: string, norm: string, all: readonly string[], skip: ReadonlySet<string>): string[] {
  return [...new Set(all)].filter((s) => !skip.has(s) && normaliseValue(type, s) !== norm);
}

export function planParts(keyring: Keyring, session: string, mode: TokenMode, type: string, value: string): PlanParts {
  const cur = keyring.current;
  const norm = normaliseValue(type, value);
  const { type: keptType, prefix } = typeInfo(type);
  let kind: RecordKind;
  let candidates: readonly string[] = NO_CANDIDATES;
  let moreCandidates: (() => string[]) | undefined;
  if (mode === 'token') kind = 'counter';
  else if (mode === 'deterministic') {
    if (keyring.ephemeral) {
      throw Errors.keyMissing('deterministic tokens need a configured key (KAVACH_KEY), not an ephemeral one');
    }
    kind = 'hmac';
    const mac = hmac(cur.token, `token\u0000${type}\u0000${norm}`);
    candidates = [hmacToken(prefix, base32(mac).slice(0, HMAC_SUFFIX_LEN))];
  } else if (mode === 'surrogate') {
    kind = 'surrogate';
    // One keyed seed per value and session, one byte stream for every attempt (32 HMACs per request
    // made large surrogate sessions needlessly slow). The first SURROGATE_EAGER candidates are made
    // now; the rest only if all of those are taken in the session.
    const seed = hmac(cur.token, `surrogate\u0000${session}\u0000${type}\u0000${norm}`);
    candidates = usableSurrogates(type, norm, surrogateCandidates(type, value, seed, SURROGATE_EAGER), new Set());
    // The memo keeps this closure: it holds the seed as a string, not a Buffer (thousands of retained
    // small ArrayBuffers made garbage collection measurably slower for every new value).
    // The value and its normal form are copied: they may be slices of the caller's whole text.
    const seedHex = seed.toString('hex');
    const first = candidates.map(detach);
    const [keptValue, keptNorm] = [detach(value), detach(norm)];
    candidates = first;
    moreCandidates = () =>
      usableSurrogates(type, keptNorm, surrogateCandidates(type, keptValue, Buffer.from(seedHex, 'hex'), SURROGATE_ATTEMPTS).slice(SURROGATE_EAGER), new Set(first));
  } else {
    throw Errors.invalidOption('mode must be "token", "deterministic" or "surrogate"');
  }
  const lookups = valueLookups(keyring, type, norm);
  return moreCandidates
    ? { mode, type: keptType, kind, prefix, lookups, candidates, moreCandidates, seen: false, call: 0, slot: 0, next: undefined }
    : { mode, type: keptType, kind, prefix, lookups, candidates, seen: false, call: 0, slot: 0, next: undefined };
}

/**
 * The backend request for one planned value; its record is sealed under the current key once a token
 * is chosen. A class rather than a literal with a `seal` closure: the closure and its context were
 * ~70 B of garbage per new value (a one-off 1 KB call makes ~20). The original and the key are
 * private fields, so no spread, JSON or log of a request carries them.
 */
class Allocation implements AllocateRequest {
  readonly #enc: Buffer;
  readonly #value: string;
  /** Where a record sealed here is noted as opened (a session later calls will read), if anywhere. */
  readonly #opened: OpenedValues | undefined;
  readonly session: string;
  readonly type: string;
  readonly kind: RecordKind;
  readonly lookups: readonly string[];
  readonly prefix: string;
  readonly candidates: readonly string[];
  readonly moreCandidates: (() => readonly string[]) | undefined;
  readonly keyId: string;
  readonly known: boolean;
  readonly now: number;
  readonly expiresAt: number;

  constructor(cur: DerivedKeys, session: string, type: string, value: string, p: PlanParts, now: number, expiresAt: number, opened: OpenedValues | undefined, avoid: string | undefined) {
    this.#enc = cur.enc;
    this.#value = value;
    this.#opened = opened;
    this.session = session;
    this.type = type;
    this.kind = p.kind;
    this.lookups = p.lookups;
    this.prefix = p.prefix;
    if (avoid === undefined || p.kind !== 'surrogate' || p.seen) {
      this.candidates = p.candidates;
      this.moreCandidates = p.moreCandidates;
    } else {
      // No surrogate that occurs in the text being anonymised (TokenRequest.avoid).
      const absent = (c: string): boolean => !avoid.includes(c);
      this.candidates = p.candidates.filter(absent);
      const more = p.moreCandidates;
      this.moreCandidates = more && ((): readonly string[] => more().filter(absent));
    }
    this.keyId = cur.id;
    this.known = p.seen;
    this.now = now;
    this.expiresAt = expiresAt;
  }

  seal(token: string): Buffer {
    const blob = sealRecord(this.#enc, this.#value, this.session, token, this.type);
    // A copy: the store owns the blob it is given.
    this.#opened?.sealed(this.session, token, this.keyId, this.type, Buffer.from(blob), detach(this.#value));
    return blob;
  }

  sealLatin1(token: string): string {
    const blob = sealRecordLatin1(this.#enc, this.#value, this.session, token, this.type);
    this.#opened?.sealed(this.session, token, this.keyId, this.type, Buffer.from(blob, 'latin1'), detach(this.#value));
    return blob;
  }

  sealRoom(): number {
    return sealedRoom(this.#value);
  }

  sealInto(token: string, out: Buffer, at: number): number {
    const n = sealRecordInto(this.#enc, this.#value, this.session, token, this.type, out, at);
    this.#opened?.sealed(this.session, token, this.keyId, this.type, Buffer.from(out.subarray(at, at + n)), detach(this.#value));
    return n;
  }
}

// A placeholder with the field types of real requests (no key: zero bytes; no value), see src/text/shapes.ts.
{
  const now = Date.now();
  const keys: DerivedKeys = { id: '00000000', enc: Buffer.alloc(32), lookup: Buffer.alloc(32), token: Buffer.alloc(32) };
  const parts: PlanParts = { mode: 'token', type: 'PERSON', kind: 'counter', prefix: 'PERSON', lookups: [''], candidates: NO_CANDIDATES, seen: false, call: 0, slot: 0, next: undefined };
  keepShape(new Allocation(keys, 'placeholder', 'PERSON', '', parts, now, now + 1, undefined, undefined));
}

/** The backend request for one planned value, its record sealed under `cur` once a token is chosen. */
export function allocateRequest(
  cur: DerivedKeys, session: string, type: string, value: string, p: PlanParts, now: number, expiresAt: number, opened?: OpenedValues, avoid?: string,
): AllocateRequest {
  return new Allocation(cur, session, type, value, p, now, expiresAt, opened, avoid);
}

/**
 * Duplicates (issue 14, item 6). Two records of one session can hold the same value under different
 * tokens when they were written under different keys that did not know each other (a vault opened
 * with the wrong key before the key check in src/vault/vault.ts existed). Re-indexed under one key they would share a
 * lookup, which the stores keep unique per session, so a rotation wedged. Rotation now merges them:
 * the record that holds the lookup keeps it (new allocations get its token: one token per identity),
 * each other one keeps its token and ciphertext (so texts that carry it still restore) under an alias
 * lookup `<lookup>~2` … `<lookup>~ALIAS_MAX`. Erasure and export ask for every alias, so
 * `forgetValue` still erases all of them; allocation asks only for the plain lookup (src/vault/vault.ts).
 */
export const ALIAS_MAX = 8;
export const ALIAS_RE = /~(\d+)$/;

/** A request's key within one tokenize call (keys start with a mode, so \u0001 cannot clash). */
export function callKey(first: TokenRequest, r: TokenRequest): string {
  const key = `${r.mode ?? 'token'}\u0000${r.type}\u0000${r.value}`;
  return r.session === first.session ? key : `\u0001${r.session}\u0000${key}`;
}

export function aliasLookups(lookup: string): string[] {
  const out = [lookup];
  for (let n = 2; n <= ALIAS_MAX; n++) out.push(`${lookup}~${n}`);
  return out;
}
