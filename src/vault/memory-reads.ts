// What a chat session reads back on every turn, kept as strings and buffers: a memory-store session in
// the arena (src/vault/memory-session.ts) otherwise finds each known value's record by hash, compares its
// lookup bytes, decodes its token, and copies its blob out of the arena again on every read (anonymise
// asks for each known value's token, then for its canonical spelling). A one-off call never reads its
// session back, so it fills nothing here and its records stay off the heap; a session that is read
// again keeps objects for what it read, as every session did before the arena (bench/README.md,
// twenty-first stop). Emptied by the session on any replacement, removal or drop, and when full.
import type { RecordKind, StoredRecord } from './interface.js';
import type { Arena } from './memory-arena.js';

/** A record's fields but its session and times, as read from the arena once. */
export interface ReadRecord {
  readonly token: string;
  readonly type: string;
  readonly kind: RecordKind;
  readonly lookup: string;
  readonly keyId: string;
  /** Handed to every reader of this record: readers treat a StoredRecord's blob as read-only. */
  readonly blob: Buffer;
  readonly since: number;
}

/** Records kept per session; past it the cache starts again empty. */
export const READS_MAX = 4096;

export class SessionReads {
  /** lookup -> token, for values asked for again. */
  private readonly tokens = new Map<string, string>();
  /** token -> record, for records read again. */
  private readonly records = new Map<string, ReadRecord>();

  tokenOf(lookup: string): string | undefined {
    return this.tokens.get(lookup);
  }

  noteToken(lookup: string, token: string): void {
    if (this.tokens.size >= READS_MAX) this.tokens.clear();
    this.tokens.set(lookup, token);
  }

  record(token: string): ReadRecord | undefined {
    return this.records.get(token);
  }

  noteRecord(r: ReadRecord): void {
    if (this.records.size >= READS_MAX) this.records.clear();
    this.records.set(r.token, r);
  }
}

/** The record at offset `r` of the arena, holding `token`. */
export function readRecord(a: Arena, r: number, token: string): ReadRecord {
  return { token, type: a.typeAt(r), kind: a.kindAt(r), lookup: a.lookup(r), keyId: a.keyIdAt(r), blob: a.blobBytes(r), since: a.sinceAt(r) };
}

/** Record `c` of a session made at `createdAt` as a StoredRecord of session `sid`, with `blob` as its bytes. */
export function stored(sid: string, c: Omit<ReadRecord, 'blob'>, blob: Buffer, createdAt: number, expiresAt: number): StoredRecord {
  return { session: sid, token: c.token, type: c.type, kind: c.kind, lookup: c.lookup, keyId: c.keyId, blob, createdAt: createdAt + c.since, expiresAt };
}
