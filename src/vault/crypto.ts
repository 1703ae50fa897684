// Primitives the vault is built on, all from node:crypto: AES-256-GCM (NIST SP 800-38D) with a fresh
// 96-bit nonce per record, HMAC-SHA-256 (RFC 2104) for lookups and tokens, HKDF-SHA-256 (RFC 5869)
// to derive independent keys from one secret, and RFC 4648 base32 for token suffixes.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomFillSync } from 'node:crypto';
import { Errors } from '../errors.js';

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Nonce pool. `randomBytes(12)` per record cost 3.5 µs, a nonce cut from a pooled block 95 ns
 * (../shared/PERF-NOTES.md, per-call table). The pool is one block of random bytes from the OS CSPRNG
 * (`randomFillSync`), cut into 12-byte nonces front to back; each slice is handed out once and the
 * block is refilled with fresh random bytes when it runs out, so a nonce is never handed out twice.
 * Nonces stay uniformly random (the same 96-bit random-nonce construction as before, NIST SP 800-38D
 * §8.2.2), only drawn in blocks.
 *
 * Copies of the pool. Worker threads each load their own copy of this module, so each has its own
 * pool seeded from the OS (no sharing). Node cannot fork a running process (child_process and cluster
 * start fresh ones), but a process can start from a copy of another's heap (a V8 startup snapshot
 * built after a vault was used): the pool remembers the pid it was filled in and is refilled, unused
 * bytes discarded, when that changes, so two processes never cut nonces from one block.
 */
const POOL_NONCES = 256;
const pool = Buffer.alloc(NONCE_BYTES * POOL_NONCES);
let poolAt = pool.length;
let poolPid = -1;

/** Write a fresh 12-byte nonce into `out` at `at`. */
function takeNonce(out: Buffer, at: number): void {
  if (poolAt + NONCE_BYTES > pool.length || poolPid !== process.pid) {
    randomFillSync(pool);
    poolAt = 0;
    poolPid = process.pid;
  }
  pool.copy(out, at, poolAt, poolAt + NONCE_BYTES);
  // Wipe the handed-out slice: no later read of the pool can see a nonce already used.
  pool.fill(0, poolAt, poolAt + NONCE_BYTES);
  poolAt += NONCE_BYTES;
}

/** Where the nonce pool stands (tests: refill on exhaustion and on a pid change). */
export function noncePoolState(): { used: number; size: number; pid: number } {
  return { used: poolAt / NONCE_BYTES, size: POOL_NONCES, pid: poolPid };
}

/**
 * Encrypt `plaintext` under a 32-byte key. The blob is `version | nonce(12) | ciphertext | tag(16)`.
 * `aad` is authenticated, not stored: the record only decrypts under the same session/token/type.
 */
export function seal(key: Buffer, plaintext: string, aad: string): Buffer {
  const head = Buffer.allocUnsafe(1 + NONCE_BYTES);
  head[0] = VERSION;
  takeNonce(head, 1);
  const cipher = createCipheriv('aes-256-gcm', key, head.subarray(1), { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = cipher.update(plaintext, 'utf8');
  const tail = cipher.final();
  return Buffer.concat([head, body, tail, cipher.getAuthTag()], head.length + body.length + tail.length + TAG_BYTES);
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

/**
 * `hmac(key, data).toString('hex')` without the intermediate Buffer: the digest is written as hex by
 * OpenSSL's side directly (2.2–2.6 µs against 3.1–4.9 µs per lookup, /tmp/v2mb.mjs; same text).
 */
export function hmacHex(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data, 'utf8').digest('hex');
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
