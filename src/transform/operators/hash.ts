import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { hmac } from '../../hmac.js';
import { Errors } from '../../errors.js';
import { normaliseValue } from '../../detect/normalise.js';
import { tokenPrefix } from '../../token.js';
import { checkParams, int, oneOf, policyError } from '../../decide/params.js';
import { detach } from '../../detach.js';
import type { Apply, OperatorEnv } from './operator.js';

/**
 * `hash`: a keyed HMAC-SHA-256 of the value, never an unsalted digest (12-digit IDs and 10-digit
 * phone numbers are small spaces: an unkeyed hash is reversed by enumeration). The key is the
 * policy's `secret` or key material the engine derives from its master key. The same value gives the
 * same output in every record, thread and machine that holds the key, so joins and counts survive;
 * without the key nothing can be reversed or confirmed.
 *
 * Output: `format: 'hex'` (default) → `AADHAAR#3fa9c2e1b7` (`length` hex digits, 8-64, default 10);
 * `format: 'token'` → `<AADHAAR_k3f9x2qab7d4>` (`length` 8-15 suffix characters, default 12: about
 * 60 bits, so a million distinct values collide with odds of about 1 in 2,000,000). The value is
 * normalised first (the vault's normal form: case, Devanagari digits, separators, the phone's country
 * code) so `2345 6789 0124` and `234567890124` hash alike.
 */

const KEY_LABEL = 'kavach/policy-hash/v1';
/** HKDF salt and label of the policy hash key taken from a master key (the salt is the vault's, src/vault/crypto.ts). */
const MASTER_SALT = 'kavach/v1';
const MASTER_INFO = 'kavach policy hash v1';

/** Key material for `hash` taken from a master key (HKDF-SHA-256, its own label: never the vault's keys). */
export function hashKeyFromMaster(master: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', master, MASTER_SALT, MASTER_INFO, 32));
}

let processKey: Buffer | undefined;

/**
 * Key material for `hash` when there is no secret and no master key, with an ephemeral vault: random,
 * per process, so hashes are consistent within the process only, exactly like that vault's tokens.
 */
export function processHashKey(): Buffer {
  processKey ??= randomBytes(32);
  return processKey;
}

/** True when `material` is the per-process key (a persistent vault must refuse a plan keyed by it). */
export function isProcessHashKey(material: Uint8Array | string | undefined): boolean {
  return processKey !== undefined && material === processKey;
}

/** Derive the HMAC key used by `hash` from a policy secret or engine key material (domain-separated). */
export function deriveHashKey(material: Uint8Array | string): Uint8Array {
  const raw = typeof material === 'string' ? Buffer.from(material, 'utf8') : material;
  if (raw.length < 16) throw Errors.keyInvalid('hash key material must be at least 16 bytes');
  return createHmac('sha256', raw).update(KEY_LABEL).digest();
}

/**
 * The canonical form a value is hashed in: the vault's own normal form (src/vault/normalise.ts), so
 * "same value" means the same thing for tokens and hashes.
 */
export function normaliseForHash(type: string, value: string): string {
  return normaliseValue(type, value);
}

/**
 * HMAC-SHA-256 over the type and the normalised value, by the vault's one-shot HMAC (two SHA-256
 * calls): a `createHmac` object per value was 13% of a `dataset` scrub, more than its detection of
 * ages and dates together.
 */
export function hmacDigest(key: Uint8Array, type: string, value: string): Buffer {
  return hmac(key, `hash\u0000${type}\u0000${normaliseForHash(type, value)}`);
}

const B32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * A hash token `<PERSON_k3f9x2qab7d4>`: the vault's `<TYPE_suffix>` shape with a suffix of `chars`
 * (8-15) characters that starts with a letter. It deliberately never scans as a vault token (those
 * have a numeric or a 16-character suffix), so `deanonymise` leaves it alone instead of reporting it
 * as unknown, and `anonymise` does not mistake it for token-shaped input.
 */
export function hashToken(type: string, digest: Uint8Array, chars: number): string {
  // The first 10 bytes as an 80-bit number v = hi·2^40 + lo (each half exact in a double; BigInt
  // arithmetic here cost more than the HMAC). First character: v mod 26, a letter, so the suffix is
  // never all digits (a counter token); then v div 26 five bits at a time from the low end.
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 5; i++) hi = hi * 256 + (digest[i] ?? 0);
  for (let i = 5; i < 10; i++) lo = lo * 256 + (digest[i] ?? 0);
  const rest = (hi % 26) * TWO_40 + lo; // < 26·2^40 < 2^53: exact
  let qHi = Math.floor(hi / 26);
  let qLo = Math.floor(rest / 26); // < 2^40
  let suffix = B32[rest % 26]!;
  for (let i = 1; i < chars; i++) {
    // Groups 0-7 (bits 0-39) come from qLo, the next from qHi: 40 is a multiple of 5.
    if (i <= 8) {
      suffix += B32[qLo % 32];
      qLo = Math.floor(qLo / 32);
    } else {
      suffix += B32[qHi % 32];
      qHi = Math.floor(qHi / 32);
    }
  }
  return `<${tokenPrefix(type)}_${suffix}>`;
}

const TWO_40 = 2 ** 40;

export function prepareHash(params: unknown, path: string): Apply {
  const p = checkParams(params, path, { format: oneOf(['hex', 'token'] as const), length: int(8, 64) });
  const format = p.format ?? 'hex';
  if (format === 'token' && p.length !== undefined && p.length > 15) {
    throw policyError(`${path}.length`, "must be at most 15 with format 'token' (16 is the vault's reversible token shape)");
  }
  const length = p.length ?? (format === 'token' ? 12 : 10);
  const hashText = (key: Uint8Array, type: string, value: string): string => {
    const digest = hmacDigest(key, type, value);
    return format === 'token' ? hashToken(type, digest, length) : `${type}#${digest.toString('hex').slice(0, length)}`;
  };
  const memos = new WeakMap<OperatorEnv, HashMemo>();
  return (value, type, env) => {
    if (!env.hashKey) throw Errors.keyMissing(`hash for ${type} needs a key: set the policy's secret or build the engine with a key`);
    if (!env.hashMemo) return { action: 'replace', text: hashText(env.hashKey, type, value), via: 'hash' };
    let memo = memos.get(env);
    if (memo === undefined) memos.set(env, (memo = new HashMemo()));
    let text = memo.get(type, value);
    if (text === undefined) {
      text = hashText(env.hashKey, type, value);
      memo.set(type, value, text);
    }
    return { action: 'replace', text, via: 'hash' };
  };
}

/** Entries a hash memo holds before it starts over; values longer than HASH_MEMO_VALUE_MAX are not kept. */
export const HASH_MEMO_MAX = 4096;
export const HASH_MEMO_VALUE_MAX = 256;

/**
 * What `hash` gave each recent (type, value) under one key: a dataset names the same person, phone or
 * e-mail in row after row, and each HMAC is two one-shot SHA-256 calls (15% of a `dataset` scrub's
 * worker time on the corpus, where every value recurs). The output is a pure function of (key, type,
 * value, format, length), so the memo can only save work, never change an answer. Kept only where
 * the decider was made with `hashMemo` (a batch job: src/batch/tasks.ts), so one-off calls, engines
 * and servers hold no plaintext beyond their calls. One memo per prepared operator (one per hashed
 * type) and key (`OperatorEnv`), dropped with the decider. It holds the values it was asked about in
 * this thread, copied (`detach`: a slice would keep its whole input text alive).
 *
 * Bounded: at HASH_MEMO_MAX entries it starts over. A miss costs about 1 µs on top of the HMAC's 5
 * (the copy and the map), so when fewer than one lookup in 8 of a full memo's lifetime was a hit
 * (values that do not recur), it stops keeping values for the next 4 × HASH_MEMO_MAX lookups, then
 * tries again.
 */
export class HashMemo {
  private readonly byType = new Map<string, Map<string, string>>();
  private count = 0;
  /** Lookups and hits since the memo last started over; lookups left before it keeps values again. */
  private lookups = 0;
  private hits = 0;
  private paused = 0;

  get size(): number {
    return this.count;
  }

  /** Whether the memo is keeping values now (false while paused after a run of misses). */
  get active(): boolean {
    return this.paused === 0;
  }

  get(type: string, value: string): string | undefined {
    if (this.paused > 0) {
      this.paused--;
      return undefined;
    }
    this.lookups++;
    const text = this.byType.get(type)?.get(value);
    if (text !== undefined) this.hits++;
    return text;
  }

  /** Keep the text `get` just missed (ignored while paused). */
  set(type: string, value: string, text: string): void {
    if (this.paused > 0 || value.length > HASH_MEMO_VALUE_MAX) return;
    if (this.count >= HASH_MEMO_MAX) {
      this.byType.clear();
      this.count = 0;
      if (this.hits * 8 < this.lookups) {
        this.paused = 4 * HASH_MEMO_MAX;
        this.lookups = this.hits = 0;
        return;
      }
      this.lookups = this.hits = 0;
    }
    let m = this.byType.get(type);
    if (m === undefined) this.byType.set(detach(type), (m = new Map()));
    m.set(detach(value), text);
    this.count++;
  }
}
