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
 * is faster per call too (1.45-1.57 µs against 1.90-1.95 µs, /tmp/vaultw/hmacbench.mjs; outputs
 * compared on every input there and in test/vault/hmac.test.ts). The padded key and the data pass
 * through a reused scratch that is wiped after each use. Keys longer than a SHA-256 block (never the
 * vault's, which are 32 bytes) and older Node versions take `createHmac`.
 */
const oneShot = (nodeCrypto as { hash?: typeof nodeCrypto.hash }).hash;
const BLOCK = 64;
const DIGEST = 32;
let macScratch = Buffer.alloc(1024);
/** Views of the scratch's first n bytes, by n: one per length, not one per call (reset on growth). */
let macViews: Buffer[] = [];

function macView(n: number): Buffer {
  if (n > VIEWS_MAX) return macScratch.subarray(0, n);
  return (macViews[n] ??= macScratch.subarray(0, n));
}

function macPads(key: Uint8Array, pad: number): void {
  for (let i = 0; i < BLOCK; i++) macScratch[i] = (i < key.length ? key[i]! : 0) ^ pad;
}

/** HMAC of `a`, or of `a \0 b` when `b` is given (written in place: no joined string to flatten). */
function hmacVia<T extends 'hex' | 'buffer'>(key: Uint8Array, out: T, a: string, b?: string): T extends 'hex' ? string : Buffer {
  const room = BLOCK + 1 + (a.length + (b === undefined ? 0 : b.length)) * 3;
  if (macScratch.length < room) {
    macScratch = Buffer.alloc(Math.max(room, macScratch.length * 2));
    macViews = [];
  }
  macPads(key, 0x36);
  let n = BLOCK + macScratch.write(a, BLOCK, 'utf8');
  if (b !== undefined) {
    macScratch[n++] = 0;
    n += macScratch.write(b, n, 'utf8');
  }
  const inner = oneShot!('sha256', macView(n), 'hex');
  macPads(key, 0x5c);
  macScratch.write(inner, BLOCK, 'hex');
  const mac = oneShot!('sha256', macView(BLOCK + DIGEST), out as 'hex');
  macScratch.fill(0, 0, n > BLOCK + DIGEST ? n : BLOCK + DIGEST);
  return mac as T extends 'hex' ? string : Buffer;
}

/**
 * HMAC-SHA-256 of the bytes `a[0, aEnd)` followed by `b[0, bEnd)`, as 32 latin1 characters, one per
 * byte (node:crypto calls the encoding 'binary'): the vault's record tag (src/vault/crypto.ts), over
 * bytes already in buffers. Same two one-shot hashes and wiped scratch as `hmacVia`; `createHmac` on
 * older Node versions and keys longer than a block.
 */
export function hmacBytes2(key: Uint8Array, a: Buffer, aEnd: number, b: Buffer, bEnd: number): string {
  if (!oneShot || key.length > BLOCK) return createHmac('sha256', key).update(a.subarray(0, aEnd)).update(b.subarray(0, bEnd)).digest('binary');
  const n = BLOCK + aEnd + bEnd;
  if (macScratch.length < n) {
    macScratch = Buffer.alloc(Math.max(n, macScratch.length * 2));
    macViews = [];
  }
  macPads(key, 0x36);
  // Byte loops: Buffer#copy makes a Uint8Array view per call (3.6 KB per 1 KB anonymise call).
  const m = macScratch;
  for (let i = 0; i < aEnd; i++) m[BLOCK + i] = a[i]!;
  for (let i = 0, at = BLOCK + aEnd; i < bEnd; i++) m[at + i] = b[i]!;
  const inner = oneShot('sha256', macView(n), 'binary');
  macPads(key, 0x5c);
  macScratch.write(inner, BLOCK, 'latin1');
  const mac = oneShot('sha256', macView(BLOCK + DIGEST), 'binary');
  macScratch.fill(0, 0, n > BLOCK + DIGEST ? n : BLOCK + DIGEST);
  return mac;
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
