import { createHmac } from 'node:crypto';
import { KavachError } from '../errors.js';
import { digitsOnly } from '../validators/digits.js';
import { checkParams, int, oneOf } from './params.js';
import type { Apply } from './operator.js';

/**
 * `hash`: a keyed HMAC-SHA-256 of the value, never an unsalted digest (12-digit IDs and 10-digit
 * phone numbers are small spaces: an unkeyed hash is reversed by enumeration). The key is the
 * policy's `secret` or key material the engine derives from its master key. The same value gives the
 * same output in every record, thread and machine that holds the key, so joins and counts survive;
 * without the key nothing can be reversed or confirmed.
 *
 * Output: `format: 'hex'` (default) → `AADHAAR#3fa9c2e1b7` (`length` hex digits, default 10);
 * `format: 'token'` → `<AADHAAR_k3f9x2qa>`, the vault's token grammar, so downstream code sees one
 * kind of placeholder. The value is normalised first (case, Devanagari digits, separators, the
 * phone's country code) so `2345 6789 0124` and `234567890124` hash alike.
 */

const KEY_LABEL = 'kavach/policy-hash/v1';

/** Derive the HMAC key used by `hash` from a policy secret or engine key material (domain-separated). */
export function deriveHashKey(material: Uint8Array | string): Uint8Array {
  const raw = typeof material === 'string' ? Buffer.from(material, 'utf8') : material;
  if (raw.length < 16) throw new KavachError('KEY_INVALID', 'hash key material must be at least 16 bytes');
  return createHmac('sha256', raw).update(KEY_LABEL).digest();
}

/** Types whose separators and letter case carry no meaning: hash the bare characters. */
const COMPACT = new Set([
  'AADHAAR', 'PAN', 'GSTIN', 'IFSC', 'BANK_ACCOUNT', 'CREDIT_CARD', 'PASSPORT', 'VOTER_ID',
  'DRIVING_LICENCE', 'VEHICLE_REG', 'PIN_CODE', 'ABHA',
]);

/** The canonical form a value is hashed in. */
export function normaliseForHash(type: string, value: string): string {
  let v = value.normalize('NFKC').trim().toLowerCase();
  if (type === 'PHONE') {
    const d = digitsOnly(v);
    return d.length > 10 ? d.slice(-10) : d;
  }
  if (COMPACT.has(type) && !v.includes('@')) {
    v = v.replace(/[\u0966-\u096F]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x0966 + 48));
    return v.replace(/[\s\-./]/g, '');
  }
  return v.replace(/\s+/g, ' ');
}

/** HMAC-SHA-256 over the type and the normalised value. */
export function hmacDigest(key: Uint8Array, type: string, value: string): Buffer {
  return createHmac('sha256', key).update(type).update('\u0000').update(normaliseForHash(type, value)).digest();
}

const B32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** Lower-case base32 (RFC 4648 alphabet) of the first `chars` * 5 bits. */
export function base32(bytes: Uint8Array, chars: number): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < bytes.length && out.length < chars; i++) {
    acc = (acc << 8) | bytes[i]!;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += B32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

/** Hash token in the vault's token grammar. Replaced by the vault's own when one is wired in. */
export type TokenFormatter = (type: string, digest: Uint8Array) => string;

export const defaultTokenFormatter: TokenFormatter = (type, digest) => `<${type}_${base32(digest, 16)}>`;

let tokenFormatter: TokenFormatter = defaultTokenFormatter;

/** Used by the policy seam to make `format: 'token'` follow the vault's grammar exactly. */
export function setHashTokenFormatter(f: TokenFormatter): void {
  tokenFormatter = f;
}

export function prepareHash(params: unknown, path: string): Apply {
  const p = checkParams(params, path, { format: oneOf(['hex', 'token'] as const), length: int(8, 64) });
  const format = p.format ?? 'hex';
  const length = p.length ?? 10;
  return (value, type, env) => {
    if (!env.hashKey) throw new KavachError('KEY_MISSING', `hash for ${type} needs a key: set the policy's secret or build the engine with a key`);
    const digest = hmacDigest(env.hashKey, type, value);
    const text = format === 'token' ? tokenFormatter(type, digest) : `${type}#${digest.toString('hex').slice(0, length)}`;
    return { action: 'replace', text, via: 'hash' };
  };
}
