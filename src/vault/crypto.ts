// Primitives the vault is built on, all from node:crypto: AES-256-GCM (NIST SP 800-38D) with a fresh
// 96-bit nonce per record, HMAC-SHA-256 (RFC 2104) for lookups and tokens, HKDF-SHA-256 (RFC 5869)
// to derive independent keys from one secret, and RFC 4648 base32 for token suffixes.
import { createCipheriv, createDecipheriv, hkdfSync, randomFillSync } from 'node:crypto';
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
  // Byte by byte: `pool.copy` with a start offset made a Uint8Array view per nonce (1.6 KB per 1 KB
  // anonymise call in the allocation profile). The handed-out slice is wiped: no later read of the
  // pool can see a nonce already used.
  for (let i = 0; i < NONCE_BYTES; i++) {
    out[at + i] = pool[poolAt + i]!;
    pool[poolAt + i] = 0;
  }
  poolAt += NONCE_BYTES;
}

/** Where the nonce pool stands (tests: refill on exhaustion and on a pid change). */
export function noncePoolState(): { used: number; size: number; pid: number } {
  return { used: poolAt / NONCE_BYTES, size: POOL_NONCES, pid: poolPid };
}

/** Options of every cipher: one shared object (it is only read), not one per record. */
const GCM_OPTIONS = Object.freeze({ authTagLength: TAG_BYTES });
const HEAD = 1 + NONCE_BYTES;
const nonceScratch = Buffer.alloc(NONCE_BYTES);

/**
 * Scratch for the AAD bytes (AAD is authenticated, never stored, and copied by OpenSSL in setAAD):
 * reused, grown when needed, so a record costs no Buffer for it. `aadViews[n]` is the view of its
 * first n bytes, made once per length (a view per record was 1.4 KB per 1 KB anonymise call).
 */
let aadScratch = Buffer.allocUnsafeSlow(256);
let aadViews: Buffer[] = [];
const AAD_VIEWS_MAX = 1024;

function aadBytes(len: number): Buffer {
  if (len > AAD_VIEWS_MAX) return aadScratch.subarray(0, len);
  return (aadViews[len] ??= aadScratch.subarray(0, len));
}

function aadRoom(maxBytes: number): void {
  if (aadScratch.length < maxBytes) {
    aadScratch = Buffer.allocUnsafeSlow(Math.max(maxBytes, aadScratch.length * 2));
    aadViews = [];
  }
}

/**
 * The blob `version | nonce | ciphertext | tag` for AAD bytes already in the scratch. One output
 * allocation: the blob is sized up front (GCM's ciphertext is exactly as long as the UTF-8 plaintext)
 * and filled in place; the nonce is cut straight into it. Before, a record cost a head Buffer, an AAD
 * Buffer and a four-piece Buffer.concat (all from Node's shared 8 KB pool, which the stored blobs then
 * kept alive with the garbage around them).
 */
function sealInto(key: Buffer, plaintext: string, aadLength: number): Buffer {
  const n = Buffer.byteLength(plaintext, 'utf8');
  const blob = Buffer.allocUnsafe(HEAD + n + TAG_BYTES);
  blob[0] = VERSION;
  // The nonce goes through a fixed scratch (createCipheriv copies the IV), not a view of the blob.
  takeNonce(nonceScratch, 0);
  blob.set(nonceScratch, 1);
  const cipher = createCipheriv('aes-256-gcm', key, nonceScratch, GCM_OPTIONS);
  cipher.setAAD(aadBytes(aadLength));
  const body = cipher.update(plaintext, 'utf8');
  const tail = cipher.final();
  if (body.length + tail.length !== n) throw Errors.vault('AES-GCM produced an unexpected ciphertext length');
  blob.set(body, HEAD);
  if (tail.length) blob.set(tail, HEAD + body.length);
  blob.set(cipher.getAuthTag(), HEAD + n);
  return blob;
}

/**
 * Encrypt `plaintext` under a 32-byte key. The blob is `version | nonce(12) | ciphertext | tag(16)`.
 * `aad` is authenticated, not stored: the record only decrypts under the same session/token/type.
 */
export function seal(key: Buffer, plaintext: string, aad: string): Buffer {
  aadRoom(aad.length * 3);
  return sealInto(key, plaintext, aadScratch.write(aad, 0, 'utf8'));
}

const AAD_PREFIX = 'kavach/v1\u0000';

/** The AAD of a vault record: `kavach/v1 \0 session \0 token \0 type`, UTF-8. */
export function recordAad(session: string, token: string, type: string): string {
  return `${AAD_PREFIX}${session}\u0000${token}\u0000${type}`;
}

/**
 * `seal(key, plaintext, recordAad(session, token, type))` without building the AAD string: its parts
 * are written into the scratch one after another (same bytes: the separators are ASCII, so no UTF-16
 * surrogate pair spans two parts).
 */
export function sealRecord(key: Buffer, plaintext: string, session: string, token: string, type: string): Buffer {
  return sealInto(key, plaintext, writeRecordAad(session, token, type));
}

/** Write a record's AAD into the scratch; its length in bytes. */
function writeRecordAad(session: string, token: string, type: string): number {
  aadRoom(AAD_PREFIX.length + 2 + (session.length + token.length + type.length) * 3);
  let at = aadScratch.write(AAD_PREFIX, 0, 'latin1');
  at += aadScratch.write(session, at, 'utf8');
  aadScratch[at++] = 0;
  at += aadScratch.write(token, at, 'utf8');
  aadScratch[at++] = 0;
  at += aadScratch.write(type, at, 'utf8');
  return at;
}

const tagScratch = Buffer.alloc(TAG_BYTES);

/**
 * Open a blob with AAD bytes already in the scratch. Nonce and tag go through fixed scratches and the
 * AAD through the shared one, so a record costs one view (the ciphertext) besides what the decipher
 * returns (a chat session reveals its tokens on every turn: 9 KB per 1 KB anonymise call before).
 */
function openWith(key: Buffer, blob: Uint8Array, aadLength: number): string {
  const b = Buffer.isBuffer(blob) ? blob : Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (b.length < HEAD + TAG_BYTES || b[0] !== VERSION) {
    throw Errors.badRecord('vault record has an unknown format');
  }
  for (let i = 0; i < NONCE_BYTES; i++) nonceScratch[i] = b[1 + i]!;
  const tagAt = b.length - TAG_BYTES;
  for (let i = 0; i < TAG_BYTES; i++) tagScratch[i] = b[tagAt + i]!;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonceScratch, GCM_OPTIONS);
    decipher.setAAD(aadBytes(aadLength));
    decipher.setAuthTag(tagScratch);
    const body = decipher.update(b.subarray(HEAD, tagAt));
    // final() checks the tag: nothing is returned before it has passed.
    const tail = decipher.final();
    return (tail.length === 0 ? body : Buffer.concat([body, tail])).toString('utf8');
  } catch (err) {
    throw Errors.badRecord('vault record failed authentication (wrong key or tampered record)', { cause: err });
  }
}

/** Decrypt a blob made by `seal`. Any tampering (blob, AAD or key) is a typed BAD_RECORD error. */
export function open(key: Buffer, blob: Uint8Array, aad: string): string {
  aadRoom(aad.length * 3);
  return openWith(key, blob, aadScratch.write(aad, 0, 'utf8'));
}

/** `open(key, blob, recordAad(session, token, type))` without building the AAD string. */
export function openRecord(key: Buffer, blob: Uint8Array, session: string, token: string, type: string): string {
  return openWith(key, blob, writeRecordAad(session, token, type));
}

export { hmac, hmacHex, hmacHex2 } from '../hmac.js';

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
