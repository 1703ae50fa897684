// One session of the in-memory store (src/vault/memory.ts): its records, found by token and by lookup,
// and its counters. Most sessions are small (a one-off request, a record of a batch: 4-20 values), and
// what a session costs to keep is what every such call leaves behind. A small session keeps its records
// as a chain of objects; past CHAIN_MAX records they move to the store's arena (src/vault/memory-arena.ts),
// outside the JavaScript heap, where the session holds where its block is, a few counts and a hash index.
import { Arena, type Block, DEAD, hashUnits, R_LEN, R_LOOKUP_HASH, R_META, R_SEQ, R_TOKEN_HASH, type RecordInput, type Sealer } from './memory-arena.js';
import type { StoredRecord } from './interface.js';
import { readRecord, SessionReads, stored } from './memory-reads.js';
import { keepShape } from '../text/shapes.js';

/** A record as the memory store keeps it in a chain, and as its readers get it (from the arena: made anew). */
export interface Held extends RecordInput {
  /** The session's next record while it is a chain. */
  next?: Held | undefined;
}

/** Last counter number of one token prefix in a session; chained (a session uses a few types). */
interface Counter {
  readonly prefix: string;
  n: number;
  readonly next: Counter | undefined;
}

/**
 * Records kept as a chain of objects up to this many; past it, in the arena, found through a hash index
 * over the session's block. A chain is searched in at most 32 string compares. A record in the arena
 * costs no heap, but writing its bytes and reading them back cost more than an object: a one-off 1 KB
 * call (19.5 records) ran 4 % slower at its median with every record there, while a one-off 4 KB call
 * (~80) left 1.6 MB for each scavenge to copy as objects (bench/README.md, twentieth stop).
 */
export const CHAIN_MAX = 32;

/** A chain record's fields without its link (what readers get). */
function plain(h: Held): Held {
  return { token: h.token, type: h.type, kind: h.kind, lookup: h.lookup, keyId: h.keyId, blob: h.blob, since: h.since };
}

/**
 * The last two strings hashed and their hashes: adding a value hashes its lookup (`tokenOf`), its
 * token (`has`, for a counter token) and both again (`add`); each is hashed once.
 */
let key0 = '';
let hash0 = hashUnits('');
let key1 = '';
let hash1 = hash0;

function keyHash(s: string): number {
  if (s === key0) return hash0;
  if (s === key1) return hash1;
  key1 = key0;
  hash1 = hash0;
  key0 = s;
  return (hash0 = hashUnits(s));
}

/**
 * The records of one session, in the order they came (a replacement takes the place of the record it
 * replaces). Reads (`record`, `records`) give new objects each time: copies of the chain's records, or
 * records made from the arena's bytes. A session that has moved to the arena stays there.
 */
export class MemorySession implements Block {
  /** Live records. */
  size = 0;
  /** The chain while the session is small (`big` false). */
  private head: Held | undefined = undefined;
  private tail: Held | undefined = undefined;
  /** The records are in the arena. */
  private big = false;
  /** The session's block in the arena: bytes [off, end), records one after another (dropped ones marked). */
  private off = 0;
  private end = 0;
  /** Records in the block, dropped ones included, and the bytes of the dropped ones. */
  private count = 0;
  private deadBytes = 0;
  private seq = 0;
  /** A replacement was written out of order: `records` sorts by sequence number. */
  private reordered = false;
  /**
   * Past CHAIN_MAX records: open addressing by hash, tokens in the first half, lookups in the second;
   * an entry is a record's offset in the block plus 1 (0: empty). Made on first use, and again when the
   * block moves in a compaction or fills it half.
   */
  private index: Int32Array | undefined = undefined;
  private counters: Counter | undefined = undefined;
  /** What was read back from the arena, for the next read (memory-reads.ts); dropped on any change. */
  private reads: SessionReads | undefined = undefined;

  constructor(
    private readonly arena: Arena,
    readonly createdAt: number,
    readonly expiresAt: number,
  ) {}

  /** Offset in the arena of the live record holding `token`, or -1. */
  private findToken(token: string): number {
    return this.find(keyHash(token), R_TOKEN_HASH, token);
  }

  /** Offset in the arena of the live record holding `lookup`, or -1. */
  private findLookup(lookup: string): number {
    return this.find(keyHash(lookup), R_LOOKUP_HASH, lookup);
  }

  /**
   * The live record whose token (`field` R_TOKEN_HASH) or lookup (R_LOOKUP_HASH) is `key`, hashed `h`:
   * through the index past CHAIN_MAX records in the block, else by a scan of the block.
   */
  private find(h: number, field: number, key: string): number {
    const a = this.arena;
    const token = field === R_TOKEN_HASH;
    if (this.count > CHAIN_MAX) {
      const ix = this.indexed();
      const half = ix.length >>> 1;
      const base = token ? 0 : half;
      const mask = half - 1;
      for (let s = h & mask; ix[base + s] !== 0; s = (s + 1) & mask) {
        const r = this.off + ix[base + s]! - 1;
        const q = r >>> 2;
        if (a.i32[q + field] === h && !(a.i32[q + R_META]! & DEAD) && (token ? a.isToken(r, key) : a.isLookup(r, key))) return r;
      }
      return -1;
    }
    for (let r = this.off; r < this.end; r += a.i32[r >>> 2]!) {
      const q = r >>> 2;
      if (a.i32[q + field] === h && !(a.i32[q + R_META]! & DEAD) && (token ? a.isToken(r, key) : a.isLookup(r, key))) return r;
    }
    return -1;
  }

  /** The index, made when missing or when the block's records fill half of it. */
  private indexed(): Int32Array {
    let ix = this.index;
    if (ix !== undefined && 4 * this.count <= ix.length) return ix;
    let half = 64;
    while (half < 2 * this.count) half *= 2;
    ix = new Int32Array(2 * half);
    const a = this.arena;
    for (let r = this.off; r < this.end; r += a.i32[r >>> 2]!) if (!(a.i32[(r >>> 2) + R_META]! & DEAD)) this.enter(ix, r);
    return (this.index = ix);
  }

  /** Put the record at `r` into the index `ix` under its token and its lookup. */
  private enter(ix: Int32Array, r: number): void {
    const half = ix.length >>> 1;
    const mask = half - 1;
    const q = r >>> 2;
    const i32 = this.arena.i32;
    let s = i32[q + R_TOKEN_HASH]! & mask;
    while (ix[s] !== 0) s = (s + 1) & mask;
    ix[s] = r - this.off + 1;
    s = i32[q + R_LOOKUP_HASH]! & mask;
    while (ix[half + s] !== 0) s = (s + 1) & mask;
    ix[half + s] = r - this.off + 1;
  }

  /** The chain's record holding `key` as its token (or, `byLookup`, as its lookup). */
  private linked(key: string, byLookup = false): Held | undefined {
    for (let h = this.head; h !== undefined; h = h.next) if ((byLookup ? h.lookup : h.token) === key) return h;
    return undefined;
  }

  record(token: string): Held | undefined {
    if (!this.big) {
      const h = this.linked(token);
      return h === undefined ? undefined : plain(h);
    }
    const r = this.findToken(token);
    return r < 0 ? undefined : this.arena.read(r);
  }

  /** The record holding `token` as a StoredRecord of session `sid` (from the arena: read once, then from `reads`). */
  storedOf(sid: string, token: string): StoredRecord | undefined {
    if (!this.big) {
      const h = this.linked(token);
      return h === undefined ? undefined : this.storedFrom(sid, h);
    }
    let c = this.reads?.record(token);
    if (c === undefined) {
      const r = this.findToken(token);
      if (r < 0) return undefined;
      c = readRecord(this.arena, r, token);
      (this.reads ??= new SessionReads()).noteRecord(c);
    }
    return stored(sid, c, c.blob, this.createdAt, this.expiresAt);
  }

  /** The record holding `lookup`, likewise. */
  storedByLookup(sid: string, lookup: string): StoredRecord | undefined {
    const token = this.tokenOf(lookup);
    return token === undefined ? undefined : this.storedOf(sid, token);
  }

  /** `h`, a record of this session (from `records`, or its chain), as a StoredRecord of session `sid`. */
  storedFrom(sid: string, h: Held): StoredRecord {
    return stored(sid, h, Buffer.from(h.blob, 'latin1'), this.createdAt, this.expiresAt);
  }

  has(token: string): boolean {
    return this.big ? this.findToken(token) >= 0 : this.linked(token) !== undefined;
  }

  /** The token of the record holding `lookup`. */
  tokenOf(lookup: string): string | undefined {
    if (!this.big) return this.linked(lookup, true)?.token;
    const c = this.reads?.tokenOf(lookup);
    if (c !== undefined) return c;
    const r = this.findLookup(lookup);
    if (r < 0) return undefined;
    const token = this.arena.token(r);
    (this.reads ??= new SessionReads()).noteToken(lookup, token);
    return token;
  }

  /** Whether a record added now goes to the arena: its blob is then sealed there (`add` with a sealer). */
  get bytes(): boolean {
    return this.big;
  }

  /**
   * Keep `h`, a record whose token and lookup the session does not hold; with a sealer (only when
   * `bytes`), its blob is sealed straight into the arena and `h.blob` is not read.
   */
  add(h: Held, sealer?: Sealer): void {
    this.size++;
    if (this.big) {
      this.append(h, this.seq++, sealer);
      return;
    }
    h.next = undefined;
    if (this.tail === undefined) this.head = h;
    else this.tail.next = h;
    this.tail = h;
    if (this.size > CHAIN_MAX) this.toArena();
  }

  /** The chain's records into the arena, in order. */
  private toArena(): void {
    let h = this.head;
    this.head = this.tail = undefined;
    this.big = true;
    while (h !== undefined) {
      const next = h.next;
      h.next = undefined;
      this.append(h, this.seq++);
      h = next;
    }
  }

  /** The record holding `h.token` becomes `h`, in its place; its lookup goes with it. */
  replace(h: Held): void {
    if (!this.big) {
      const old = this.linked(h.token);
      if (old === undefined) this.add(h);
      else {
        h.next = old.next;
        this.relink(old, h);
      }
      return;
    }
    const r = this.findToken(h.token);
    if (r < 0) {
      this.add(h);
      return;
    }
    const seq = this.arena.i32[(r >>> 2) + R_SEQ]!;
    this.reads = undefined;
    this.deadBytes += this.arena.kill(r);
    this.append(h, seq);
    this.reordered = true;
  }

  /** Drop the record of `token`; returns it. */
  remove(token: string): Held | undefined {
    if (!this.big) {
      const h = this.linked(token);
      if (h === undefined) return undefined;
      this.relink(h, h.next);
      this.size--;
      return plain(h);
    }
    const r = this.findToken(token);
    if (r < 0) return undefined;
    const h = this.arena.read(r);
    this.reads = undefined;
    this.deadBytes += this.arena.kill(r);
    this.size--;
    return h;
  }

  /** In the chain, put `next` where `h` was (`next` is h.next when dropping h, or h's replacement). */
  private relink(h: Held, next: Held | undefined): void {
    let prev: Held | undefined;
    for (let p = this.head; p !== h; p = p!.next) prev = p;
    if (prev === undefined) this.head = next;
    else prev.next = next;
    if (this.tail === h) this.tail = next === h.next ? prev : next;
  }

  /** Write `h` at the end of the block (its live records moved to the end of the arena first when it is not last there). */
  private append(h: Held, seq: number, sealer?: Sealer): void {
    const a = this.arena;
    const size = Arena.room(h, sealer);
    if (this.end !== a.used || this.count === 0) {
      a.reserve(this.size === 0 ? size : this.end - this.off - this.deadBytes + size);
      const from = this.off;
      const n = this.end - from;
      const dead = this.deadBytes;
      a.used = this.moveTo(a, a.buf, a.used);
      if (n > 0) a.abandon(from, n, n - dead);
    } else a.reserve(size);
    const r = a.write(h, seq, keyHash(h.token), keyHash(h.lookup), sealer);
    this.end = a.used;
    this.count++;
    const ix = this.index;
    // Made (again) on its next use when missing or too full.
    if (ix !== undefined && 4 * this.count <= ix.length) this.enter(ix, r);
  }

  /** Offsets of the live records, in the order they came. */
  private live(): number[] {
    const a = this.arena;
    const out: number[] = [];
    for (let r = this.off; r < this.end; r += a.i32[r >>> 2]!) if (!(a.i32[(r >>> 2) + R_META]! & DEAD)) out.push(r);
    if (this.reordered) out.sort((x, y) => a.i32[(x >>> 2) + R_SEQ]! - a.i32[(y >>> 2) + R_SEQ]!);
    return out;
  }

  /** The session's records, in the order they came. */
  *records(): Generator<Held> {
    if (!this.big) {
      for (let h = this.head; h !== undefined; h = h.next) yield plain(h);
      return;
    }
    for (const r of this.live()) yield this.arena.read(r);
  }

  /** The lookups the session's records hold. */
  *lookups(): Generator<string> {
    if (!this.big) {
      for (let h = this.head; h !== undefined; h = h.next) yield h.lookup;
      return;
    }
    for (const r of this.live()) yield this.arena.lookup(r);
  }

  /** The session is dropped: its records go (a block in the arena becomes garbage, zeroed). */
  drop(): void {
    if (this.end > this.off) this.arena.abandon(this.off, this.end - this.off, this.end - this.off - this.deadBytes);
    this.off = this.end = 0;
    this.count = this.size = this.deadBytes = 0;
    this.index = undefined;
    this.reads = undefined;
    this.head = this.tail = undefined;
  }

  moveTo(from: Arena, to: Buffer, at: number): number {
    if (!this.big) return at;
    const start = at;
    for (let r = this.off; r < this.end; ) {
      const len = from.i32[(r >>> 2) + R_LEN]!;
      if (!(from.i32[(r >>> 2) + R_META]! & DEAD)) {
        from.buf.copy(to, at, r, r + len);
        at += len;
      }
      r += len;
    }
    this.off = start;
    this.end = at;
    this.count = this.size;
    this.deadBytes = 0;
    this.index = undefined;
    return at;
  }

  /** The last counter number given out for `prefix` (0: none yet). */
  counter(prefix: string): number {
    for (let c = this.counters; c !== undefined; c = c.next) if (c.prefix === prefix) return c.n;
    return 0;
  }

  setCounter(prefix: string, n: number): void {
    for (let c = this.counters; c !== undefined; c = c.next) {
      if (c.prefix === prefix) {
        c.n = n;
        return;
      }
    }
    this.counters = { prefix, n, next: this.counters };
  }
}

// A placeholder whose hidden class outlives any vault: see src/text/shapes.ts.
{
  const s = new MemorySession(new Arena(1024), 0, 0);
  s.add({ token: '', type: '', kind: 'counter', lookup: '', keyId: '', blob: '', since: 0 });
  s.setCounter('', 0);
  keepShape(s);
}
