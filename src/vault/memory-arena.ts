// The bytes of the memory store's records (src/vault/memory-session.ts), in one growable buffer per
// store, outside the JavaScript heap. Each record was three heap objects (the record, its lookup and its
// blob strings, ~184 B): a 4 KB prompt's new session left ~80 records, ~240 objects, that the next
// scavenge copied out of the young generation. Those copies were the whole of the 4 KB row's tail: the
// vault path of a one-off 4 KB `anonymise` took 0.33 ms at its median and 4-5 ms in every call a
// scavenge fell in (~1 in 100 calls: the p99). An ArrayBuffer's bytes are neither traced nor copied.
//
// A record is 8-byte aligned: a header of HEAD_INTS int32s, then its token's units, its lookup's units
// (one byte each when every unit is ASCII, else two) and its blob's bytes. Sessions hold byte
// offsets only; a session's records are one block, moved to the end of the buffer when a record is
// added to a session whose block is not last. Dropped records and moved blocks leave garbage, which
// `compact` squeezes out once it is half the buffer.
import { Errors } from '../errors.js';
import { writeUtf8 } from '../hmac.js';
import type { RecordKind } from './interface.js';

/** Header fields, as int32 indexes from a record's start. */
export const R_LEN = 0; // the record's size in bytes (a multiple of 8)
export const R_META = 1; // kind (bits 0-2) | DEAD | WIDE_TOKEN | WIDE_LOOKUP
const R_SINCE = 2; // float64 over ints 2-3: createdAt minus the session's, ms
/** R_SINCE as a Float64Array index from a record's start (records are 8-byte aligned). */
const SINCE_F64 = R_SINCE >>> 1;
export const R_TOKEN_HASH = 4;
export const R_LOOKUP_HASH = 5;
const R_TYPE = 6; // interned name id
const R_KEY = 7; // interned name id
export const R_SEQ = 8; // order in the session (a replacement takes its record's)
const R_TOKEN_LEN = 9; // units
const R_LOOKUP_LEN = 10; // units
const R_BLOB_LEN = 11; // bytes
const HEAD_INTS = 12;
const HEAD_BYTES = HEAD_INTS * 4;

export const DEAD = 8;
const WIDE_TOKEN = 16;
const WIDE_LOOKUP = 32;
const KIND_MASK = 7;

const KINDS: readonly RecordKind[] = ['counter', 'hmac', 'surrogate', 'sheet'];
const KIND_CODE = new Map<RecordKind, number>(KINDS.map((k, i) => [k, i]));

/** What the store keeps of one record (see Held in memory-session.ts), as written. */
export interface RecordInput {
  readonly token: string;
  readonly type: string;
  readonly kind: RecordKind;
  readonly lookup: string;
  readonly keyId: string;
  readonly blob: string;
  readonly since: number;
}

/** Writes a record's blob straight into the arena (the core's requests: `AllocateRequest.sealInto`). */
export interface Sealer {
  sealRoom(): number;
  sealInto(token: string, out: Buffer, at: number): number;
}

/**
 * FNV-1a over a string's length and UTF-16 units, the first and last HASH_UNITS of them when longer
 * (the record's token and lookup hashes; a hit is confirmed unit by unit). The vault's lookups are
 * 64-unit hex HMACs: any 16 of their units spread them as well as all 64.
 */
const HASH_UNITS = 16;
export function hashUnits(s: string): number {
  const n = s.length;
  let h = Math.imul((0x811c9dc5 | 0) ^ n, 0x01000193);
  if (n <= 2 * HASH_UNITS) {
    for (let i = 0; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h;
  }
  for (let i = 0; i < HASH_UNITS; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  for (let i = n - HASH_UNITS; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** `buf.toString('latin1', s, e)` without its argument checks where Node has the method it calls. */
const latin1: (buf: Buffer, s: number, e: number) => string =
  typeof (Buffer.prototype as { latin1Slice?: unknown }).latin1Slice === 'function'
    ? (buf, s, e) => (buf as unknown as { latin1Slice(s: number, e: number): string }).latin1Slice(s, e)
    : (buf, s, e) => buf.toString('latin1', s, e);

const align2 = (n: number): number => (n + 1) & ~1;
/** Stored strings longer than this are compared by one native decode and ===, shorter ones by a loop. */
const SHORT = 24;
const align8 = (n: number): number => (n + 7) & ~7;

/** Whatever holds blocks in an arena, so that `compact` can move them. */
export interface Block {
  /** Copy the block's live records from `from` into `to` at `at`, and point at them there; returns the end. */
  moveTo(from: Arena, to: Buffer, at: number): number;
}

export class Arena {
  buf: Buffer;
  i32: Int32Array;
  u16: Uint16Array;
  f64: Float64Array;
  /** Bytes in use from 0, and how many of them are garbage (dropped records, moved blocks). */
  used = 0;
  garbage = 0;
  private readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();

  /** The size it starts at, and takes again when the store closes. */
  private readonly least: number;

  constructor(bytes = 64 * 1024) {
    this.least = bytes;
    this.buf = Buffer.alloc(bytes);
    this.i32 = new Int32Array(this.buf.buffer, this.buf.byteOffset, bytes >>> 2);
    this.u16 = new Uint16Array(this.buf.buffer, this.buf.byteOffset, bytes >>> 1);
    this.f64 = new Float64Array(this.buf.buffer, this.buf.byteOffset, bytes >>> 3);
  }

  /** Id of a type name or key id (kept for the life of the store: there are few of either). */
  nameId(s: string): number {
    let id = this.nameIds.get(s);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(s);
      this.nameIds.set(s, id);
    }
    return id;
  }

  name(id: number): string {
    return this.names[id]!;
  }

  /** Room for `n` more bytes at `used` (the buffer doubles; offsets stay valid). */
  reserve(n: number): void {
    if (this.used + n <= this.buf.length) return;
    // Four times larger: every new buffer counts in full as external memory for V8, which starts a full
    // collection once 64 MB of it came since the last; doubling made one in every few thousand 1 KB calls.
    let size = this.buf.length * 4;
    while (size < this.used + n) size *= 4;
    if (size > 2 ** 31) throw Errors.vault('memory store: more than 2 GiB of records; use the SQLite or Redis store');
    this.swap(size, this.used);
  }

  private swap(size: number, keep: number): void {
    // Not zeroed: nothing past `used` is ever read, and what is written there is a whole record.
    const next = Buffer.allocUnsafeSlow(size);
    this.buf.copy(next, 0, 0, keep);
    this.buf.fill(0, 0, keep);
    this.adopt(next);
  }

  private adopt(next: Buffer): void {
    this.buf = next;
    this.i32 = new Int32Array(next.buffer, next.byteOffset, next.length >>> 2);
    this.u16 = new Uint16Array(next.buffer, next.byteOffset, next.length >>> 1);
    this.f64 = new Float64Array(next.buffer, next.byteOffset, next.length >>> 3);
  }

  /** Bytes the record of `h` may take (reserve this much before `write`). */
  static room(h: RecordInput, sealer?: Sealer): number {
    return HEAD_BYTES + 3 * (h.token.length + h.lookup.length) + (sealer === undefined ? h.blob.length : sealer.sealRoom()) + 16;
  }

  /**
   * Write the record of `h` at `used` (`room(h, sealer)` bytes reserved) and return its offset; with a
   * sealer, the blob is sealed into place and `h.blob` is not read.
   */
  write(h: RecordInput, seq: number, tokenHash: number, lookupHash: number, sealer?: Sealer): number {
    const r = this.used;
    const { i32 } = this;
    const q = r >>> 2;
    const kind = h.kind === 'counter' ? 0 : KIND_CODE.get(h.kind);
    if (kind === undefined) throw Errors.internal('memory store: unknown record kind');
    let meta = kind;
    let at = this.units(h.token, r + HEAD_BYTES);
    if (at < 0) {
      meta |= WIDE_TOKEN;
      at = -at;
    }
    at = this.units(h.lookup, at);
    if (at < 0) {
      meta |= WIDE_LOOKUP;
      at = -at;
    }
    // A latin1 string (one unit per byte, every unit below 256) by the store's contract.
    const blobLength = sealer === undefined ? this.buf.write(h.blob, at, 'latin1') : sealer.sealInto(h.token, this.buf, at);
    at += blobLength;
    const size = align8(at - r);
    i32[q + R_LEN] = size;
    i32[q + R_META] = meta;
    this.f64[(r >>> 3) + SINCE_F64] = h.since;
    i32[q + R_TOKEN_HASH] = tokenHash;
    i32[q + R_LOOKUP_HASH] = lookupHash;
    i32[q + R_TYPE] = this.nameId(h.type);
    i32[q + R_KEY] = this.nameId(h.keyId);
    i32[q + R_SEQ] = seq;
    i32[q + R_TOKEN_LEN] = h.token.length;
    i32[q + R_LOOKUP_LEN] = h.lookup.length;
    i32[q + R_BLOB_LEN] = blobLength;
    this.used = r + size;
    return r;
  }

  /**
   * Write `s` at `at` (even): one byte a unit when it is ASCII (`writeUtf8` then writes exactly one
   * byte a unit), else two; returns where the next field starts, negated when the units took two bytes.
   */
  private units(s: string, at: number): number {
    const n = s.length;
    if (writeUtf8(this.buf, s, at) === n) return at + align2(n);
    const u = at >>> 1;
    const u16 = this.u16;
    for (let i = 0; i < n; i++) u16[u + i] = s.charCodeAt(i);
    return -(at + 2 * n);
  }

  private tokenAt(r: number): number {
    return r + HEAD_BYTES;
  }

  private lookupAt(r: number): number {
    const q = r >>> 2;
    const n = this.i32[q + R_TOKEN_LEN]!;
    return r + HEAD_BYTES + (this.i32[q + R_META]! & WIDE_TOKEN ? 2 * n : align2(n));
  }

  private blobAt(r: number): number {
    const q = r >>> 2;
    const n = this.i32[q + R_LOOKUP_LEN]!;
    return this.lookupAt(r) + (this.i32[q + R_META]! & WIDE_LOOKUP ? 2 * n : align2(n));
  }

  /** Whether the stored units at `at` (wide or not) are those of `s`. */
  private equal(s: string, at: number, n: number, wide: boolean): boolean {
    if (s.length !== n) return false;
    if (wide) {
      const u16 = this.u16;
      const u = at >>> 1;
      for (let i = 0; i < n; i++) if (u16[u + i] !== s.charCodeAt(i)) return false;
      return true;
    }
    // A lookup (64 units): one native decode and a string compare cost less than a loop.
    if (n > SHORT) return latin1(this.buf, at, at + n) === s;
    const buf = this.buf;
    for (let i = 0; i < n; i++) if (buf[at + i] !== s.charCodeAt(i)) return false;
    return true;
  }

  isToken(r: number, token: string): boolean {
    const q = r >>> 2;
    return this.equal(token, this.tokenAt(r), this.i32[q + R_TOKEN_LEN]!, (this.i32[q + R_META]! & WIDE_TOKEN) !== 0);
  }

  isLookup(r: number, lookup: string): boolean {
    const q = r >>> 2;
    return this.equal(lookup, this.lookupAt(r), this.i32[q + R_LOOKUP_LEN]!, (this.i32[q + R_META]! & WIDE_LOOKUP) !== 0);
  }

  private text(at: number, n: number, wide: boolean): string {
    return wide ? this.buf.toString('utf16le', at, at + 2 * n) : latin1(this.buf, at, at + n);
  }

  token(r: number): string {
    const q = r >>> 2;
    return this.text(this.tokenAt(r), this.i32[q + R_TOKEN_LEN]!, (this.i32[q + R_META]! & WIDE_TOKEN) !== 0);
  }

  lookup(r: number): string {
    const q = r >>> 2;
    return this.text(this.lookupAt(r), this.i32[q + R_LOOKUP_LEN]!, (this.i32[q + R_META]! & WIDE_LOOKUP) !== 0);
  }

  /** The kind, type, key id and creation offset of the record at `r` (no strings decoded but names). */
  kindAt(r: number): RecordKind {
    return KINDS[this.i32[(r >>> 2) + R_META]! & KIND_MASK]!;
  }

  typeAt(r: number): string {
    return this.names[this.i32[(r >>> 2) + R_TYPE]!]!;
  }

  keyIdAt(r: number): string {
    return this.names[this.i32[(r >>> 2) + R_KEY]!]!;
  }

  sinceAt(r: number): number {
    return this.f64[(r >>> 3) + SINCE_F64]!;
  }

  /** A copy of the blob of the record at `r`, as a Buffer of its own. */
  blobBytes(r: number): Buffer {
    const b = this.blobAt(r);
    const n = this.i32[(r >>> 2) + R_BLOB_LEN]!;
    const out = Buffer.allocUnsafe(n);
    const buf = this.buf;
    if (n > 64) buf.copy(out, 0, b, b + n);
    else for (let i = 0; i < n; i++) out[i] = buf[b + i]!;
    return out;
  }

  /** The record at `r` as the store's callers see it. */
  read(r: number): RecordInput {
    const q = r >>> 2;
    const b = this.blobAt(r);
    return {
      token: this.token(r),
      type: this.name(this.i32[q + R_TYPE]!),
      kind: KINDS[this.i32[q + R_META]! & KIND_MASK]!,
      lookup: this.lookup(r),
      keyId: this.name(this.i32[q + R_KEY]!),
      blob: latin1(this.buf, b, b + this.i32[q + R_BLOB_LEN]!),
      since: this.f64[(r >>> 3) + SINCE_F64]!,
    };
  }

  /**
   * Mark the record at `r` dropped and zero what it held (an erased value's ciphertext does not linger
   * until the next compaction); returns its size, now garbage.
   */
  kill(r: number): number {
    const q = r >>> 2;
    const size = this.i32[q + R_LEN]!;
    this.i32[q + R_META]! |= DEAD;
    this.buf.fill(0, r + 8, r + size);
    this.garbage += size;
    return size;
  }

  /** A block of `n` bytes left behind (moved, or its session dropped), zeroed; `fresh` of them were not garbage yet. */
  abandon(from: number, n: number, fresh: number): void {
    this.buf.fill(0, from, from + n);
    this.garbage += fresh;
  }

  /**
   * Squeeze out the garbage once it is at least half of what is used (and past `min` bytes): every
   * block is copied, without its dropped records, into a buffer sized for what is left.
   */
  compact(blocks: Iterable<Block>, min = 1 << 20): boolean {
    if (this.garbage < min || this.garbage * 2 < this.used) return false;
    let size = 64 * 1024;
    while (size < 2 * (this.used - this.garbage)) size *= 2;
    const next = Buffer.allocUnsafeSlow(size);
    let at = 0;
    for (const b of blocks) at = b.moveTo(this, next, at);
    this.buf.fill(0, 0, this.used);
    this.adopt(next);
    this.used = at;
    this.garbage = 0;
    return true;
  }

  /**
   * Drop everything (the store closed): zeroed, and the buffer let go for one of the starting size (a
   * closed vault kept up to 268 MB of zeroed arena for as long as anything held it).
   */
  clear(): void {
    this.buf.fill(0, 0, this.used);
    this.used = 0;
    this.garbage = 0;
    if (this.buf.length > this.least) this.adopt(Buffer.alloc(this.least));
  }
}
