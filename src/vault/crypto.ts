// Primitives the vault is built on, all from node:crypto. A record is sealed with AES-256-CTR and
// HMAC-SHA-256, encrypt-then-MAC (NIST SP 800-38A, RFC 2104; the generic composition shown to be an
// authenticated encryption by Bellare and Namprempre, 2000, as in Tink's AES-CTR-HMAC AEAD), with the
// two keys derived from the record key by HKDF-SHA-256 (RFC 5869). Records sealed before version 2
// (AES-256-GCM, NIST SP 800-38D) still open. HMAC-SHA-256 also makes lookups and tokens, and RFC 4648
// base32 token suffixes.
import { createCipheriv, createDecipheriv, hkdfSync, randomFillSync, timingSafeEqual } from 'node:crypto';
import { Errors } from '../errors.js';
import { hmacBytes2, sameBytes, wipe, writeLatin1, writeUtf8 } from '../hmac.js';
import { keepShape } from '../text/shapes.js';

/** Version 1: `1 | nonce(12) | AES-256-GCM ciphertext | tag(16)` (opened, no longer written). */
const V_GCM = 1;
/** Version 2: `2 | counter block(16) | AES-256-CTR ciphertext | tag(16)`. */
const V_ETM = 2;
const NONCE_BYTES = 12;
const COUNTER_BYTES = 16;
const TAG_BYTES = 16;
const GCM_HEAD = 1 + NONCE_BYTES;
const HEAD = 1 + COUNTER_BYTES;

/**
 * Why not AES-GCM any more. node:crypto seals a GCM record only through a `Cipheriv` of its own: 7-8 µs
 * a record (a 1 KB prompt in a new session makes ~20), a quarter of a one-off `anonymise` call in a CPU
 * profile, and a native object per record whose weak handle every scavenge must visit and finalise
 * (2.3 ms of a 3.1 ms scavenge, --trace-gc-nvp). CTR needs no object per record: its keystream is cut
 * from a pool.
 *
 * The keystream pool, per record key. One `Cipheriv` (AES-256-CTR, a random 128-bit initial counter
 * block from the OS CSPRNG) turns POOL_BYTES of zeros into keystream; records take whole 16-byte
 * blocks of it front to back, each stores the counter block its keystream starts at, and each used
 * block is wiped, so no block is handed out twice. Counters of two pools overlap only if their random
 * starts fall within POOL_BLOCKS of each other (about 2^-119 per pair of pools). A record longer than
 * the pool takes a cipher of its own from a fresh random counter. As with the nonce pool before it, the
 * pool remembers the pid it was filled in and is refilled when that changes (a process started from a
 * copy of another's heap never reuses its keystream); worker threads each load their own copy. A VM or
 * container snapshot restored with the same pid is not detected (nor was it for the GCM nonces before):
 * do not snapshot a process that has sealed records and resume it twice.
 *
 * The tag: HMAC-SHA-256 under the MAC key over `version | counter | ciphertext | AAD | AAD length (32-bit
 * big-endian)`, truncated to 16 bytes (RFC 2104 §5), checked in constant time before anything is
 * decrypted. The AAD is authenticated, never stored: a record only opens under the same
 * session/token/type. Measured (bench/anatomy.ts, vault floor, CPU): 4.0-4.2 µs a seal against 7.0 for
 * GCM in the same harness (3.1-3.2 since short strings are copied by loops, src/hmac.ts);
 * record-by-record `anonymise` 1.16x as fast.
 */
const KEY_BYTES = 32;
const POOL_BLOCKS = 256;
const POOL_BYTES = POOL_BLOCKS * 16;
const ZEROS = Buffer.alloc(POOL_BYTES);

interface Stream {
  /** A copy of the record key the subkeys were derived from (a key mutated in place derives again). */
  readonly of: Buffer;
  readonly ctrKey: Buffer;
  readonly macKey: Buffer;
  /** Keystream not yet handed out from `at` on (wiped behind it); its first block's counter is `base`. */
  ks: Buffer;
  at: number;
  readonly base: Buffer;
  pid: number;
}

/** Subkeys and keystream pool per record key object (keys live as long as their keyring). */
const streams = new WeakMap<Buffer, Stream>();

function streamOf(key: Buffer): Stream {
  if (key.length !== KEY_BYTES) throw Errors.keyInvalid(`a record key must be ${KEY_BYTES} bytes`);
  let s = streams.get(key);
  if (s === undefined || !sameBytes(s.of, key)) {
    s = {
      of: Buffer.from(key),
      ctrKey: hkdf(key, 'kavach record ctr v2'),
      macKey: hkdf(key, 'kavach record mac v2'),
      ks: ZEROS,
      at: POOL_BYTES,
      base: Buffer.alloc(COUNTER_BYTES),
      pid: -1,
    };
    streams.set(key, s);
  }
  return s;
}

function refill(s: Stream): void {
  randomFillSync(s.base);
  s.ks = createCipheriv('aes-256-ctr', s.ctrKey, s.base).update(ZEROS);
  s.at = 0;
  s.pid = process.pid;
}

/** Write `base + blocks` (128-bit big-endian, as OpenSSL's CTR counts) into `out` at `at`. */
export function counterPlus(base: Buffer, blocks: number, out: Buffer, at: number): void {
  let carry = blocks;
  for (let i = COUNTER_BYTES - 1; i >= 0; i--) {
    const v = base[i]! + (carry & 0xff);
    out[at + i] = v & 0xff;
    carry = (carry >>> 8) + (v >>> 8);
  }
}

/** Where a key's keystream pool stands (tests: blocks handed out, refills, pid). */
export function keystreamState(key: Buffer): { used: number; size: number; pid: number } {
  const s = streamOf(key);
  return { used: s.at / 16, size: POOL_BLOCKS, pid: s.pid };
}

/**
 * Scratch for the AAD bytes (AAD is authenticated, never stored): reused, grown when needed, so a
 * record costs no Buffer for it; 4 bytes of room are kept after it for its length in the tag.
 * `aadViews[n]` is the view of its first n bytes, made once per length (a view per record was 1.4 KB
 * per 1 KB anonymise call).
 */
let aadScratch = Buffer.allocUnsafeSlow(256);
let aadViews: Buffer[] = [];
const AAD_VIEWS_MAX = 1024;

function aadBytes(len: number): Buffer {
  if (len > AAD_VIEWS_MAX) return aadScratch.subarray(0, len);
  return (aadViews[len] ??= aadScratch.subarray(0, len));
}

function aadRoom(maxBytes: number): void {
  if (aadScratch.length < maxBytes + 4) {
    aadScratch = Buffer.allocUnsafeSlow(Math.max(maxBytes + 4, aadScratch.length * 2));
    aadViews = [];
    aadHead = undefined;
  }
}

/**
 * The session whose record AAD head (`kavach/v1 \0 session \0`) the scratch holds in [0, aadHeadEnd),
 * or undefined. A call's records share their session, so only the token and type after it are
 * written per record; anything else written from byte 0 (`seal`, `open`) clears it.
 */
let aadHead: string | undefined;
let aadHeadEnd = 0;

/**
 * The MAC of `blob[0, tagAt)` with the AAD bytes in the scratch, as latin1 characters; the tag is its
 * first TAG_BYTES (callers write it with that length).
 */
function tagOf(macKey: Buffer, blob: Buffer, tagAt: number, aadLength: number): string {
  aadScratch.writeUInt32BE(aadLength, aadLength);
  return hmacBytes2(macKey, blob, tagAt, aadScratch, aadLength + 4);
}

/**
 * The blob `2 | counter | ciphertext | tag` for AAD bytes already in the scratch. One output
 * allocation: the blob is sized up front (CTR's ciphertext is exactly as long as the UTF-8 plaintext),
 * the plaintext is written into it and XORed with the keystream in place.
 */
function sealInto(key: Buffer, plaintext: string, aadLength: number): Buffer {
  const s = streamOf(key);
  const n = Buffer.byteLength(plaintext, 'utf8');
  return sealTo(s, Buffer.allocUnsafe(HEAD + n + TAG_BYTES), plaintext, n, aadLength);
}

/** Seal into `blob[0, HEAD + n + TAG_BYTES)` (`n`: the plaintext's UTF-8 bytes); returns `blob`. */
function sealTo(s: Stream, blob: Buffer, plaintext: string, n: number, aadLength: number): Buffer {
  const need = (n + 15) & ~15;
  blob[0] = V_ETM;
  // The keystream first: everything that can fail runs before the plaintext is in the blob.
  let ks: Buffer;
  let at: number;
  if (need <= POOL_BYTES) {
    if (s.at + need > POOL_BYTES || s.pid !== process.pid) refill(s);
    ks = s.ks;
    at = s.at;
    counterPlus(s.base, at >>> 4, blob, 1);
    s.at = at + need;
  } else {
    randomFillSync(blob, 1, COUNTER_BYTES);
    ks = createCipheriv('aes-256-ctr', s.ctrKey, blob.subarray(1, HEAD)).update(Buffer.alloc(need));
    at = 0;
  }
  const written = writeUtf8(blob, plaintext, HEAD);
  for (let i = 0; i < n; i++) blob[HEAD + i] = blob[HEAD + i]! ^ ks[at + i]!;
  wipe(ks, at, at + need);
  if (written !== n) throw Errors.vault('a record was not written whole');
  writeLatin1(blob, tagOf(s.macKey, blob, HEAD + n, aadLength), HEAD + n, TAG_BYTES);
  return blob;
}

/**
 * Encrypt `plaintext` under a 32-byte key. The blob is `version | counter(16) | ciphertext | tag(16)`.
 * `aad` is authenticated, not stored: the record only decrypts under the same session/token/type.
 */
export function seal(key: Buffer, plaintext: string, aad: string): Buffer {
  aadRoom(aad.length * 3);
  aadHead = undefined;
  return sealInto(key, plaintext, writeUtf8(aadScratch, aad, 0));
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

/**
 * Where `sealRecordLatin1` builds a blob before it becomes a string (reused; grown when needed up to
 * SEAL_SCRATCH_MAX bytes, past which a blob gets a Buffer of its own, so one long value does not keep
 * a large scratch for the life of the process). It only ever holds counter, ciphertext and tag.
 */
let sealScratch = Buffer.allocUnsafeSlow(256);
const SEAL_SCRATCH_MAX = 16 * 1024;

/**
 * `sealRecord(...)` as a latin1 string (one character per byte), for a store that keeps strings (the
 * memory store): the blob is built in a reused scratch, so no Buffer is made per record.
 */
export function sealRecordLatin1(key: Buffer, plaintext: string, session: string, token: string, type: string): string {
  return sealRecordScratch(key, plaintext, session, token, type).toString('latin1', 0, sealedLength);
}

/** Bytes of the blob the last `sealRecordScratch` made. */
let sealedLength = 0;

/**
 * Seal a record into the reused scratch (past SEAL_SCRATCH_MAX bytes, into a Buffer of its own): the
 * blob is the first `sealedLength` bytes of what it returns, valid until the next seal.
 */
function sealRecordScratch(key: Buffer, plaintext: string, session: string, token: string, type: string): Buffer {
  const aadLength = writeRecordAad(session, token, type);
  const n = Buffer.byteLength(plaintext, 'utf8');
  const len = HEAD + n + TAG_BYTES;
  sealedLength = len;
  if (len > SEAL_SCRATCH_MAX) return sealInto(key, plaintext, aadLength);
  const s = streamOf(key);
  if (sealScratch.length < len) sealScratch = Buffer.allocUnsafeSlow(Math.min(SEAL_SCRATCH_MAX, Math.max(len, sealScratch.length * 2)));
  return sealTo(s, sealScratch, plaintext, n, aadLength);
}

/**
 * `sealRecord(...)` written into `out` at `at` (room for `sealedRoom(plaintext)` bytes), for a store
 * that keeps records' bytes in a buffer of its own (the memory store's arena); returns the blob's
 * length. Built in the reused scratch and copied, so no Buffer or string is made per record.
 */
export function sealRecordInto(key: Buffer, plaintext: string, session: string, token: string, type: string, out: Buffer, at: number): number {
  const blob = sealRecordScratch(key, plaintext, session, token, type);
  const len = sealedLength;
  for (let i = 0; i < len; i++) out[at + i] = blob[i]!;
  return len;
}

/** Bytes `sealRecordInto` may write for `plaintext` (at most three UTF-8 bytes a UTF-16 unit). */
export function sealedRoom(plaintext: string): number {
  return HEAD + 3 * plaintext.length + TAG_BYTES;
}

/** Write a record's AAD into the scratch; its length in bytes. */
function writeRecordAad(session: string, token: string, type: string): number {
  aadRoom(AAD_PREFIX.length + 2 + (session.length + token.length + type.length) * 3);
  let at = aadHeadEnd;
  if (session !== aadHead) {
    at = writeUtf8(aadScratch, AAD_PREFIX, 0);
    at += writeUtf8(aadScratch, session, at);
    aadScratch[at++] = 0;
    aadHead = session;
    aadHeadEnd = at;
  }
  at += writeUtf8(aadScratch, token, at);
  aadScratch[at++] = 0;
  at += writeUtf8(aadScratch, type, at);
  return at;
}

const tagScratch = Buffer.alloc(TAG_BYTES);
const nonceScratch = Buffer.alloc(NONCE_BYTES);
const GCM_OPTIONS = Object.freeze({ authTagLength: TAG_BYTES });

/**
 * Open a blob with AAD bytes already in the scratch. The tag is checked before anything is decrypted;
 * the decrypted bytes are wiped once they are a string. Any failure is a typed BAD_RECORD error that
 * names no value.
 */
function openWith(key: Buffer, blob: Uint8Array, aadLength: number): string {
  const b = Buffer.isBuffer(blob) ? blob : Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const version = b.length > 0 ? b[0] : -1;
  if (version === V_ETM && b.length >= HEAD + TAG_BYTES) {
    const s = streamOf(key);
    const tagAt = b.length - TAG_BYTES;
    writeLatin1(tagScratch, tagOf(s.macKey, b, tagAt, aadLength), 0, TAG_BYTES);
    if (!timingSafeEqual(tagScratch, b.subarray(tagAt))) {
      throw Errors.badRecord('vault record failed authentication (wrong key or tampered record)');
    }
    const body = createDecipheriv('aes-256-ctr', s.ctrKey, b.subarray(1, HEAD)).update(b.subarray(HEAD, tagAt));
    const value = body.toString('utf8');
    body.fill(0);
    return value;
  }
  if (version === V_GCM && b.length >= GCM_HEAD + TAG_BYTES) return openGcm(key, b, aadLength);
  throw Errors.badRecord('vault record has an unknown format');
}

/** A version 1 record (AES-256-GCM): sealed before version 2, opened and re-sealed by rotation. */
function openGcm(key: Buffer, b: Buffer, aadLength: number): string {
  for (let i = 0; i < NONCE_BYTES; i++) nonceScratch[i] = b[1 + i]!;
  const tagAt = b.length - TAG_BYTES;
  for (let i = 0; i < TAG_BYTES; i++) tagScratch[i] = b[tagAt + i]!;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonceScratch, GCM_OPTIONS);
    decipher.setAAD(aadBytes(aadLength));
    decipher.setAuthTag(tagScratch);
    const body = decipher.update(b.subarray(GCM_HEAD, tagAt));
    // final() checks the tag: nothing is returned before it has passed.
    const tail = decipher.final();
    const value = (tail.length === 0 ? body : Buffer.concat([body, tail])).toString('utf8');
    body.fill(0);
    return value;
  } catch (err) {
    throw Errors.badRecord('vault record failed authentication (wrong key or tampered record)', { cause: err });
  }
}

/** Decrypt a blob made by `seal`. Any tampering (blob, AAD or key) is a typed BAD_RECORD error. */
export function open(key: Buffer, blob: Uint8Array, aad: string): string {
  aadRoom(aad.length * 3);
  aadHead = undefined;
  return openWith(key, blob, writeUtf8(aadScratch, aad, 0));
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

// Node's cipher objects are made per keystream refill and per opened record; one of each kind stays
// alive so their hidden classes do (src/text/shapes.ts). All-zero key and IV: they encrypt nothing.
keepShape(createCipheriv('aes-256-ctr', Buffer.alloc(32), Buffer.alloc(16)));
keepShape(createDecipheriv('aes-256-ctr', Buffer.alloc(32), Buffer.alloc(16)));
