// In-memory store, one process: sessions in a Map, each a chain of records or, past 32, its records'
// bytes in one arena outside the JavaScript heap (src/vault/memory-session.ts, memory-arena.ts). The
// default vault of `anonymise()` with no options uses it with an ephemeral random key (nothing
// outlives the process, so there is nothing to protect at rest).
import { Errors } from '../errors.js';
import type { AllocateRequest, PurgeCounts, RecordKind, RecordPage, ReplaceOutcome, StoredRecord, VaultBackend, VaultStats } from './interface.js';
import { Keyring } from './keys.js';
import { counterToken } from '../token.js';
import { StatsCounter } from './stats.js';
import { PseudonymVault, type VaultOptions } from './vault.js';
import { Arena } from './memory-arena.js';
import { type Held, MemorySession } from './memory-session.js';

function held(s: MemorySession, r: StoredRecord): Held {
  return { token: r.token, type: r.type, kind: r.kind, lookup: r.lookup, keyId: r.keyId, blob: r.blob.toString('latin1'), since: r.createdAt - s.createdAt };
}

/** Whether `h` still is the record `r` was read from (the same key, lookup, type and ciphertext). */
function unchanged(h: Held, r: StoredRecord): boolean {
  return h.keyId === r.keyId && h.lookup === r.lookup && h.type === r.type && h.kind === r.kind && h.blob === r.blob.toString('latin1');
}

/**
 * Counter tokens kept per prefix for the first numbers: every session numbers its values 1, 2, 3…, so
 * one string per (prefix, n) serves them all, instead of a new template string per record that the
 * record and its Map entry then keep (1.9 KB per 1 KB anonymise call). Prefixes are type names.
 */
const COUNTER_CACHED = 64;
const COUNTER_PREFIXES_MAX = 256;
const counterTokens = new Map<string, string[]>();

function counterTokenOf(prefix: string, n: number): string {
  if (n > COUNTER_CACHED) return counterToken(prefix, n);
  let row = counterTokens.get(prefix);
  if (row === undefined) {
    if (counterTokens.size >= COUNTER_PREFIXES_MAX) counterTokens.clear();
    counterTokens.set(prefix, (row = []));
  }
  return (row[n] ??= counterToken(prefix, n));
}

export class MemoryBackend implements VaultBackend {
  readonly store = 'memory';
  private readonly sessions = new Map<string, MemorySession>();
  /** The records' bytes (see memory-arena.ts). */
  private readonly arena = new Arena();
  /**
   * Lookup → id(s) of sessions that came to hold it (the Redis value index, in memory): erasure and
   * export visit the sessions that may hold a lookup, not every session. Built from the sessions the
   * first time erasure or export asks (`indexed`), and kept up to date from then on: until then a new
   * value costs no index entry. Every value of every call used to get one as it was stored, for the
   * rare erasure request, kept as long as the record: one-off calls on corpus records left 1,208 →
   * 1,048 B each behind, and the call's vault path took 25.2 → 23.2 µs (bench/README.md, nineteenth stop).
   *
   * One session: a plain string; from the second on, an array. The same values recur across sessions
   * (a city, a helpline number; the bench's 1 KB prompts put the same ~300 values in every new session),
   * and a Set of session ids per lookup grew by rehashing, reading every id string it held each time it
   * doubled: ~5 % of a one-off 1 KB anonymise call's profile in a vault of 9,000 sessions, in pauses of
   * up to milliseconds. An array grows by copying pointers. An id is not searched out of an array when
   * its session drops the lookup: readers check that the session holds it (each once), and `compact`
   * removes stale and repeated ids once they are a third of all.
   */
  private index: Map<string, string | string[]> | undefined;
  /** Ids in the index's arrays, and how many of those are stale (see `index`). */
  private arrayed = 0;
  private stale = 0;

  /** The index, built from the sessions on first use (see `index`). */
  private indexed(): Map<string, string | string[]> {
    if (this.index === undefined) {
      this.index = new Map();
      this.arrayed = 0;
      this.stale = 0;
      for (const [sid, s] of this.sessions) for (const l of s.lookups()) this.link(l, sid);
    }
    return this.index;
  }

  private link(lookup: string, sid: string): void {
    const index = this.index;
    if (index === undefined) return;
    const cur = index.get(lookup);
    if (cur === undefined) index.set(lookup, sid);
    else if (typeof cur === 'string') {
      if (cur !== sid) {
        index.set(lookup, [cur, sid]);
        this.arrayed += 2;
      }
    } else {
      // A session links a lookup again only after dropping it: a repeat is as harmless as a stale id.
      cur.push(sid);
      this.arrayed++;
    }
  }

  /** `sid` no longer holds `lookup` (its session has dropped it already). */
  private unlink(lookup: string, sid: string): void {
    const index = this.index;
    if (index === undefined) return;
    const cur = index.get(lookup);
    if (cur === sid) index.delete(lookup);
    else if (typeof cur === 'object' && ++this.stale > 1024 && this.stale * 3 > this.arrayed) this.compact(index);
  }

  /** The index without stale or repeated ids: each array kept holds the sessions holding its lookup. */
  private compact(index: Map<string, string | string[]>): void {
    this.arrayed = 0;
    for (const [lookup, cur] of index) {
      if (typeof cur === 'string') continue;
      const live = [...new Set(cur)].filter((sid) => this.sessions.get(sid)?.tokenOf(lookup) !== undefined);
      if (live.length === 0) index.delete(lookup);
      else if (live.length === 1) index.set(lookup, live[0]!);
      else {
        index.set(lookup, live);
        this.arrayed += live.length;
      }
    }
    this.stale = 0;
  }

  private dropSession(sid: string): MemorySession | undefined {
    const s = this.sessions.get(sid);
    if (!s) return undefined;
    this.sessions.delete(sid);
    if (this.index !== undefined) for (const l of s.lookups()) this.unlink(l, sid);
    s.drop();
    return s;
  }

  /** Squeeze the arena's garbage out once it is half of it (after drops and erasures). */
  private compacted(): void {
    this.arena.compact(this.sessions.values());
  }

  /** Sessions (id, session) holding `lookup`, each once. */
  private *holders(lookup: string): Generator<[string, MemorySession]> {
    const cur = this.indexed().get(lookup);
    if (cur === undefined) return;
    for (const sid of typeof cur === 'string' ? [cur] : new Set(cur)) {
      const s = this.sessions.get(sid);
      if (s !== undefined && s.tokenOf(lookup) !== undefined) yield [sid, s];
    }
  }

  private live(id: string, now: number): MemorySession | undefined {
    const s = this.sessions.get(id);
    return s && s.expiresAt > now ? s : undefined;
  }

  /** The live session a request is for, made (after dropping an expired one of that id) when there is none. */
  private session(r: AllocateRequest): MemorySession {
    const cur = this.sessions.get(r.session);
    if (cur !== undefined && cur.expiresAt > r.now) return cur;
    // An expired session is dropped before its id is reused. A one-off call's id is new: one lookup in
    // a map of every session the store holds, not three (`live`, then `dropSession`'s, then the set).
    if (cur !== undefined) this.dropSession(r.session);
    const s = new MemorySession(this.arena, r.now, r.expiresAt);
    this.sessions.set(r.session, s);
    return s;
  }

  private allocateOne(s: MemorySession, r: AllocateRequest): string {
    for (const l of r.lookups) {
      const t = s.tokenOf(l);
      if (t !== undefined) return t;
    }
    let token: string | undefined;
    if (r.kind === 'counter') {
      let n = s.counter(r.prefix);
      do token = counterTokenOf(r.prefix, ++n);
      while (s.has(token));
      s.setCounter(r.prefix, n);
    } else {
      const free = (c: string): boolean => !s.has(c);
      token = r.candidates.find(free) ?? r.moreCandidates?.().find(free);
      if (token === undefined) {
        throw Errors.vault(r.kind === 'hmac' ? 'deterministic token collision in session' : 'no free surrogate in session');
      }
    }
    const lookup = r.lookups[0]!;
    const since = r.now - s.createdAt;
    // Into the arena, the core's requests seal straight there; into a chain, or from a request
    // without `sealInto`, the blob is a latin1 string.
    if (s.bytes && r.sealInto !== undefined && r.sealRoom !== undefined) {
      s.add({ token, type: r.type, kind: r.kind, lookup, keyId: r.keyId, blob: '', since, next: undefined }, r as Required<Pick<AllocateRequest, 'sealInto' | 'sealRoom'>>);
    } else {
      const blob = r.sealLatin1 ? r.sealLatin1(token) : r.seal(token).toString('latin1');
      s.add({ token, type: r.type, kind: r.kind, lookup, keyId: r.keyId, blob, since, next: undefined });
    }
    this.link(lookup, r.session);
    return token;
  }

  async allocate(requests: readonly AllocateRequest[]): Promise<string[]> {
    const out = new Array<string>(requests.length);
    // A call's requests are almost always of one session: it is looked up once, not per request.
    let sid: string | undefined;
    let s: MemorySession | undefined;
    for (let i = 0; i < requests.length; i++) {
      const r = requests[i]!;
      if (r.session !== sid || s === undefined || s.expiresAt <= r.now) {
        sid = r.session;
        s = this.session(r);
      }
      out[i] = this.allocateOne(s, r);
    }
    this.compacted();
    return out;
  }

  async get(session: string, tokens: readonly string[], now: number): Promise<StoredRecord[]> {
    const s = this.live(session, now);
    if (!s) return [];
    const out: StoredRecord[] = [];
    for (const t of tokens) {
      const r = s.storedOf(session, t);
      if (r) out.push(r);
    }
    return out;
  }

  async tokensOfKind(session: string, kind: RecordKind, now: number): Promise<string[]> {
    const s = this.live(session, now);
    // Pushed, not filtered and mapped: one elements kind whichever tier builds it (src/text/plain.ts).
    const out: string[] = [];
    if (s) for (const r of s.records()) if (r.kind === kind) out.push(r.token);
    return out;
  }

  async deleteSession(session: string): Promise<number> {
    const n = this.sessions.get(session)?.size ?? 0;
    this.dropSession(session);
    this.compacted();
    return n;
  }

  async deleteTokens(session: string, tokens: readonly string[]): Promise<number> {
    const s = this.sessions.get(session);
    if (!s) return 0;
    let n = 0;
    for (const t of tokens) {
      const r = s.remove(t);
      if (!r) continue;
      this.unlink(r.lookup, session);
      n++;
    }
    this.compacted();
    return n;
  }

  async deleteLookups(lookups: readonly string[]): Promise<number> {
    let n = 0;
    for (const l of lookups) {
      for (const [, s] of this.holders(l)) {
        const t = s.tokenOf(l);
        if (t === undefined) continue;
        s.remove(t);
        n++;
      }
      const index = this.indexed();
      const cur = index.get(l);
      if (typeof cur === 'object') this.arrayed -= cur.length;
      index.delete(l);
    }
    this.compacted();
    return n;
  }

  async findLookups(lookups: readonly string[], now: number): Promise<StoredRecord[]> {
    const out: StoredRecord[] = [];
    for (const l of lookups) {
      for (const [id, s] of this.holders(l)) {
        if (s.expiresAt <= now) continue;
        const r = s.storedByLookup(id, l);
        if (r) out.push(r);
      }
    }
    return out;
  }

  async purgeExpired(now: number): Promise<PurgeCounts> {
    const c = { sessions: 0, records: 0 };
    for (const [id, s] of this.sessions) {
      if (s.expiresAt > now) continue;
      c.sessions++;
      c.records += s.size;
      this.dropSession(id);
    }
    this.compacted();
    return c;
  }

  /** Rotation pass: a snapshot taken at cursor '' and handed out in pages (Maps have no seekable order). */
  /** The snapshot holds the records as kept; each page makes its StoredRecords (a Buffer each). */
  private pass: { id: number; records: Array<[string, MemorySession, Held]> } | undefined;
  private passes = 0;

  async recordsNotUnder(keyId: string, limit: number, cursor: string): Promise<RecordPage> {
    let offset = 0;
    if (cursor === '' || !this.pass || !cursor.startsWith(`${this.pass.id}:`)) {
      const records: Array<[string, MemorySession, Held]> = [];
      for (const [sid, s] of this.sessions) for (const h of s.records()) if (h.keyId !== keyId) records.push([sid, s, h]);
      this.pass = { id: ++this.passes, records };
    } else offset = Number(cursor.slice(cursor.indexOf(':') + 1));
    const records = this.pass.records.slice(offset, offset + limit).map(([sid, s, h]) => s.storedFrom(sid, h));
    const next = offset + limit;
    return { records, cursor: next < this.pass.records.length ? `${this.pass.id}:${next}` : '' };
  }

  async replace(old: StoredRecord, next: StoredRecord): Promise<ReplaceOutcome> {
    const s = this.sessions.get(old.session);
    const h = s?.record(old.token);
    if (!s || !h || !unchanged(h, old)) return 'changed';
    const holder = s.tokenOf(next.lookup);
    if (holder !== undefined && holder !== old.token) return 'taken';
    if (next.token !== old.token) throw Errors.internal('a replaced record keeps its token');
    s.replace(held(s, next));
    this.unlink(old.lookup, old.session);
    this.link(next.lookup, old.session);
    this.compacted();
    return 'ok';
  }

  async keyIds(now: number): Promise<string[]> {
    const ids = new Set<string>();
    for (const s of this.sessions.values()) {
      if (s.expiresAt <= now) continue;
      for (const r of s.records()) ids.add(r.keyId);
    }
    return [...ids];
  }

  async retireKeyIds(): Promise<void> {
    // keyIds is exact here.
  }

  async confirmKeyIds(ids: readonly string[]): Promise<string[]> {
    return [...ids];
  }

  async stats(now: number): Promise<VaultStats> {
    let sessions = 0;
    const count = new StatsCounter();
    for (const s of this.sessions.values()) {
      if (s.expiresAt <= now) continue;
      sessions++;
      for (const r of s.records()) count.add(r.type, r.keyId);
    }
    return count.stats(sessions);
  }

  async types(): Promise<string[]> {
    const t = new Set<string>();
    for (const s of this.sessions.values()) for (const r of s.records()) t.add(r.type);
    return [...t];
  }

  async close(): Promise<void> {
    this.sessions.clear();
    this.arena.clear();
    this.index = undefined;
    this.arrayed = 0;
    this.stale = 0;
  }
}

/** An in-memory vault. Without a key (option or KAVACH_KEY) it uses an ephemeral random one. */
export function createMemoryVault(options: VaultOptions = {}): PseudonymVault {
  return new PseudonymVault(new MemoryBackend(), Keyring.load(options, false, 'memory'), options);
}
