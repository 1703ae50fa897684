import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Errors } from '../../errors.js';
import { normaliseValue } from '../../detect/normalise.js';
import { tokenPrefix } from '../../token.js';
import { checkParams, int, oneOf, policyError } from '../../decide/params.js';
import type { Apply } from './operator.js';

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

/** HMAC-SHA-256 over the type and the normalised value. */
export function hmacDigest(key: Uint8Array, type: string, value: string): Buffer {
  return createHmac('sha256', key).update(`hash\u0000${type}\u0000${normaliseForHash(type, value)}`, 'utf8').digest();
}

const B32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * A hash token `<PERSON_k3f9x2qab7d4>`: the vault's `<TYPE_suffix>` shape with a suffix of `chars`
 * (8-15) characters that starts with a letter. It deliberately never scans as a vault token (those
 * have a numeric or a 16-character suffix), so `deanonymise` leaves it alone instead of reporting it
 * as unknown, and `anonymise` does not mistake it for token-shaped input.
 */
export function hashToken(type: string, digest: Uint8Array, chars: number): string {
  let bits = 0n;
  for (let i = 0; i < 10; i++) bits = (bits << 8n) | BigInt(digest[i] ?? 0);
  // First character: a letter (26 choices), so the suffix is never all digits (a counter token).
  let suffix = B32[Number(bits % 26n)]!;
  bits /= 26n;
  for (let i = 1; i < chars; i++) {
    suffix += B32[Number(bits & 31n)];
    bits >>= 5n;
  }
  return `<${tokenPrefix(type)}_${suffix}>`;
}

export function prepareHash(params: unknown, path: string): Apply {
  const p = checkParams(params, path, { format: oneOf(['hex', 'token'] as const), length: int(8, 64) });
  const format = p.format ?? 'hex';
  if (format === 'token' && p.length !== undefined && p.length > 15) {
    throw policyError(`${path}.length`, "must be at most 15 with format 'token' (16 is the vault's reversible token shape)");
  }
  const length = p.length ?? (format === 'token' ? 12 : 10);
  return (value, type, env) => {
    if (!env.hashKey) throw Errors.keyMissing(`hash for ${type} needs a key: set the policy's secret or build the engine with a key`);
    const digest = hmacDigest(env.hashKey, type, value);
    const text = format === 'token' ? hashToken(type, digest, length) : `${type}#${digest.toString('hex').slice(0, length)}`;
    return { action: 'replace', text, via: 'hash' };
  };
}
