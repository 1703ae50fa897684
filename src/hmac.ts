// HMAC-SHA-256 (RFC 2104) without a Hmac object per call: the vault's lookups and tokens
// (src/vault/crypto.ts re-exports it) and the policy `hash` operator (src/transform/operators/hash.ts)
// both hash one short value at a time. A shared leaf: it imports nothing from kavach.
import * as nodeCrypto from 'node:crypto';
import { createHmac } from 'node:crypto';

/** Longest data (bytes) whose scratch view is kept per length; longer ones take a fresh view. */
const VIEWS_MAX = 1024;

/**
 * HMAC-SHA-256 (RFC 2104) from two one-shot SHA-256 calls: H((K ^ opad) | H((K ^ ipad) | data)).
 * `createHmac` made a Hmac stream object and a native handle per lookup; native objects that die
 * young make every scavenge slower (each is a weak handle the collector must visit and finalise), and
 * a 1 KB anonymise call makes one per new value. `crypto.hash` (Node >= 20.12) makes neither, and
 * is faster per call too (1.45-1.57 µs against 1.90-1.95 µs; outputs compared with createHmac in
 * test/vault/hmac.test.ts). Keys longer than a SHA-256 block (never the vault's, which are 32 bytes)
 * and older Node versions take `createHmac`.
 *
 * Each key object gets its two padded blocks once (`Keyed`): the inner scratch starts with K ^ ipad
 * and takes the data after it, the outer one starts with K ^ opad and takes the inner digest. Writing
 * both pads on every call was a quarter of this module's time (a 1 KB anonymise call makes ~40 HMACs).
 * The data and the inner digest are wiped after each use; the pads stay, as the key itself does. A key
 * whose bytes changed in place gets new pads.
 */
const oneShot = (nodeCrypto as { hash?: typeof nodeCrypto.hash }).hash;
const BLOCK = 64;
const DIGEST = 32;

interface Keyed {
  /** A copy of the key the pads were made from. */
  readonly of: Buffer;
  /** K ^ ipad, then room for the data; grown when needed. */
  inner: Buffer;
  /** Views of `inner`'s first n bytes, by n: one per length, not one per call (reset on growth). */
  views: Buffer[];
  /** K ^ opad, then the inner digest. */
  readonly outer: Buffer;
}

const keyed = new WeakMap<Uint8Array, Keyed>();

/** Strings up to this many units are copied by the loops below; longer ones by Buffer#write. */
const LOOP_MAX = 128;

/**
 * Write `s` as UTF-8 into `buf` at `at` and return the bytes written; the caller guarantees room for
 * its UTF-8 bytes (`s.length * 3` always suffices). A short ASCII string is copied unit by unit: the vault writes ~10 short
 * strings per new value (session, token, type, value) and Buffer#write's call cost more than the copy
 * (about a twentieth of a one-off 1 KB anonymise call went to Buffer#write). Anything else, and any
 * string with a unit >= 0x80, goes to Buffer#write, which rewrites the ASCII head with the same bytes.
 */
export function writeUtf8(buf: Buffer, s: string, at: number): number {
  const n = s.length;
  if (n <= LOOP_MAX) {
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      buf[at + i] = c;
    }
    if (i === n) return n;
  }
  return buf.write(s, at, 'utf8');
}

/** Write the first `len` units of a latin1 string (one byte per unit, as node:crypto's 'binary' digests are) into `buf` at `at`. */
export function writeLatin1(buf: Uint8Array, s: string, at: number, len: number): void {
  for (let i = 0; i < len; i++) buf[at + i] = s.charCodeAt(i);
}

/** Zero `buf[from, to)`: a loop for the short ranges the vault wipes, `fill` for long ones. */
export function wipe(buf: Uint8Array, from: number, to: number): void {
  if (to - from > LOOP_MAX) buf.fill(0, from, to);
  else for (let i = from; i < to; i++) buf[i] = 0;
}

/**
 * Whether two short byte arrays are equal, by a loop: a key's copy is compared with the key on every
 * call (a key changed in place gets new pads), and Buffer#equals' native call cost ~0.15 µs more than
 * the loop on 32 bytes (~1.5 % of a one-off 1 KB anonymise call, which makes ~85 such checks).
 */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  const n = a.length;
  if (b.length !== n) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

function keyedOf(key: Uint8Array): Keyed {
  let k = keyed.get(key);
  if (k === undefined || !sameBytes(k.of, key)) {
    const inner = Buffer.alloc(256);
    const outer = Buffer.alloc(BLOCK + DIGEST);
    for (let i = 0; i < BLOCK; i++) {
      const byte = i < key.length ? key[i]! : 0;
      inner[i] = byte ^ 0x36;
      outer[i] = byte ^ 0x5c;
    }
    k = { of: Buffer.from(key), inner, views: [], outer };
    keyed.set(key, k);
  }
  return k;
}

/** Room for `n` bytes in the inner scratch (the pad is carried over when it grows). */
function innerRoom(k: Keyed, n: number): Buffer {
  if (k.inner.length < n) {
    const next = Buffer.alloc(Math.max(n, k.inner.length * 2));
    for (let i = 0; i < BLOCK; i++) next[i] = k.inner[i]!;
    k.inner = next;
    k.views = [];
  }
  return k.inner;
}

/** The MAC of the inner scratch's first n bytes (pad and data), in `out`; the data is wiped. */
function finish<T extends 'hex' | 'buffer' | 'binary'>(k: Keyed, n: number, out: T): T extends 'buffer' ? Buffer : string {
  const view = n > VIEWS_MAX ? k.inner.subarray(0, n) : (k.views[n] ??= k.inner.subarray(0, n));
  const inner = oneShot!('sha256', view, 'binary');
  wipe(k.inner, BLOCK, n);
  writeLatin1(k.outer, inner, BLOCK, DIGEST);
  const mac = oneShot!('sha256', k.outer, out as 'hex');
  wipe(k.outer, BLOCK, BLOCK + DIGEST);
  return mac as T extends 'buffer' ? Buffer : string;
}

/** HMAC of `a`, or of `a \0 b` when `b` is given (written in place: no joined string to flatten). */
function hmacVia<T extends 'hex' | 'buffer'>(key: Uint8Array, out: T, a: string, b?: string): T extends 'hex' ? string : Buffer {
  const k = keyedOf(key);
  const m = innerRoom(k, BLOCK + 1 + (a.length + (b === undefined ? 0 : b.length)) * 3);
  let n = BLOCK + writeUtf8(m, a, BLOCK);
  if (b !== undefined) {
    m[n++] = 0;
    n += writeUtf8(m, b, n);
  }
  return finish(k, n, out) as T extends 'hex' ? string : Buffer;
}

/**
 * HMAC-SHA-256 of the bytes `a[0, aEnd)` followed by `b[0, bEnd)`, as 32 latin1 characters, one per
 * byte (node:crypto calls the encoding 'binary'): the vault's record tag (src/vault/crypto.ts), over
 * bytes already in buffers. `createHmac` on older Node versions and keys longer than a block.
 */
export function hmacBytes2(key: Uint8Array, a: Buffer, aEnd: number, b: Buffer, bEnd: number): string {
  if (!oneShot || key.length > BLOCK) return createHmac('sha256', key).update(a.subarray(0, aEnd)).update(b.subarray(0, bEnd)).digest('binary');
  const k = keyedOf(key);
  const m = innerRoom(k, BLOCK + aEnd + bEnd);
  // Byte loops: Buffer#copy makes a Uint8Array view per call (3.6 KB per 1 KB anonymise call).
  for (let i = 0; i < aEnd; i++) m[BLOCK + i] = a[i]!;
  for (let i = 0, at = BLOCK + aEnd; i < bEnd; i++) m[at + i] = b[i]!;
  return finish(k, BLOCK + aEnd + bEnd, 'binary');
}

/**
 * SHA-256 of a string's UTF-8 bytes, in hex: `crypto.hash` where there is one (Node >= 20.12: no Hash
 * object per call, whose hidden class a full collection between calls would free, see
 * src/text/shapes.ts), else `createHash`.
 */
export function sha256Hex(s: string): string {
  return oneShot ? oneShot('sha256', s, 'hex') : nodeCrypto.createHash('sha256').update(s, 'utf8').digest('hex');
}

export function hmac(key: Uint8Array, data: string): Buffer {
  if (oneShot && key.length <= BLOCK) return hmacVia(key, 'buffer', data);
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** `hmac(key, data).toString('hex')` without the intermediate Buffer. */
export function hmacHex(key: Buffer, data: string): string {
  if (oneShot && key.length <= BLOCK) return hmacVia(key, 'hex', data);
  return createHmac('sha256', key).update(data, 'utf8').digest('hex');
}

/** `hmacHex(key, \`${a}\0${b}\`)`: a value's lookup (type, normalised value) without joining them. */
export function hmacHex2(key: Buffer, a: string, b: string): string {
  if (oneShot && key.length <= BLOCK) return hmacVia(key, 'hex', a, b);
  return createHmac('sha256', key).update(`${a}\u0000${b}`, 'utf8').digest('hex');
}
