// Primitives the vault is built on, all from node:crypto: AES-256-GCM (NIST SP 800-38D) with a fresh
// 96-bit nonce per record, HMAC-SHA-256 (RFC 2104) for lookups and tokens, HKDF-SHA-256 (RFC 5869)
// to derive independent keys from one secret, and RFC 4648 base32 for token suffixes.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Errors } from '../errors.js';

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypt `plaintext` under a 32-byte key. The blob is `version | nonce(12) | ciphertext | tag(16)`.
 * `aad` is authenticated, not stored: the record only decrypts under the same session/token/type.
 */
export function seal(key: Buffer, plaintext: string, aad: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), nonce, body, cipher.getAuthTag()]);
}

/** Decrypt a blob made by `seal`. Any tampering (blob, AAD or key) is a typed BAD_RECORD error. */
export function open(key: Buffer, blob: Uint8Array, aad: string): string {
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (b.length < 1 + NONCE_BYTES + TAG_BYTES || b[0] !== VERSION) {
    throw Errors.badRecord('vault record has an unknown format');
  }
  const nonce = b.subarray(1, 1 + NONCE_BYTES);
  const tag = b.subarray(b.length - TAG_BYTES);
  const body = b.subarray(1 + NONCE_BYTES, b.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch (err) {
    throw Errors.badRecord('vault record failed authentication (wrong key or tampered record)', { cause: err });
  }
}

export function hmac(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** HKDF-SHA-256 with a fixed salt and a distinct `info` label per derived key. */
export function hkdf(master: Buffer, info: string, length = 32): Buffer {
  return Buffer.from(hkdfSync('sha256', master, 'kavach/v1', info, length));
}

const B32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32, lower-case, no padding. */
export function base32(buf: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}
