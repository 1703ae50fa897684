// SQLite store (better-sqlite3 12.x). WAL journal so readers never block the writer; every
// allocate-or-get runs in one BEGIN IMMEDIATE transaction, so two processes sharing the file can
// never give one value two tokens or two values one token (UNIQUE constraints back this up); a
// busy timeout makes the second writer wait instead of failing. secure_delete overwrites erased
// ciphertext. No column holds plaintext personal data: originals are sealed blobs (crypto.ts), lookups HMACs.
import type Database from 'better-sqlite3';
import { nodeRequire } from '../node-require.js';
import { Errors } from '../errors.js';
import type { AllocateRequest, PurgeCounts, RecordKind, RecordPage, ReplaceOutcome, StoredRecord, VaultBackend, VaultStats } from './interface.js';
import { Keyring } from './keys.js';
import { ConfirmedTokens } from './sqlite-confirmed.js';
import { ownerOnlyFile, SCHEMA, toRecord, wrap, type Row } from './sqlite-schema.js';
import { counterToken } from '../token.js';
import { StatsCounter } from './stats.js';
import { PseudonymVault, type VaultOptions } from './vault.js';

export interface SqliteVaultOptions extends VaultOptions {
  /** Database file (created if missing). */
  path: string;
  /** Milliseconds a writer waits for another process's transaction (default 15000). */
  busyTimeout?: number;
  /** PRAGMA synchronous: FULL (default) survives power loss; NORMAL survives process crashes. */
  synchronous?: 'FULL' | 'NORMAL';
}

export { ownerOnlyFile };

/** Tokens per `get` statement. */
const GET_CHUNK = 32;

export class SqliteBackend implements VaultBackend {
  readonly store = 'sqlite';
  private readonly db: Database.Database;
  private readonly q;
  private readonly allocateTx: Database.Transaction<(reqs: readonly AllocateRequest[]) => string[]>;
  private readonly knownTx: Database.Transaction<(reqs: readonly AllocateRequest[], out: string[]) => AllocateRequest[]>;
  /** `get` statements by number of tokens (1..GET_CHUNK). */
  private readonly getMany: Array<Database.Statement<unknown[], Row> | undefined> = [];
  /** Known-lookup statements by number of lookups (1..GET_CHUNK). */
  private readonly lookupMany: Array<Database.Statement<unknown[], { lookup: string; token: string; expires_at: number }> | undefined> = [];
  /** Records this connection knows are there (src/vault/sqlite-confirmed.ts). */
  private readonly confirmed = new ConfirmedTokens();

  constructor(options: SqliteVaultOptions) {
    this.db = wrap('open', () => {
      ownerOnlyFile(options.path);
      // better-sqlite3 is a native module: loaded when a SQLite vault is opened, not with the package.
      const Sqlite = nodeRequire<typeof Database>('better-sqlite3');
      return new Sqlite(options.path, { timeout: options.busyTimeout ?? 15_000 });
    });
    wrap('setup', () => {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
      this.db.pragma('secure_delete = ON');
      this.db.pragma('foreign_keys = OFF');
      // Schema creation takes the write lock; concurrent openers wait on the busy timeout.
      this.db.transaction(() => this.db.exec(SCHEMA)).immediate();
    });
    const db = this.db;
    this.q = {
      session: db.prepare<[string], { created_at: number; expires_at: number }>('SELECT created_at, expires_at FROM kavach_session WHERE id = ?'),
      insertSession: db.prepare('INSERT INTO kavach_session (id, created_at, expires_at) VALUES (?, ?, ?)'),
      byLookup: db.prepare<[string, string], { token: string }>('SELECT token FROM kavach_record WHERE session = ? AND lookup = ?'),
      tokenExists: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM kavach_record WHERE session = ? AND token = ?'),
      counter: db.prepare<[string, string], { n: number }>('SELECT n FROM kavach_counter WHERE session = ? AND prefix = ?'),
      setCounter: db.prepare('INSERT INTO kavach_counter (session, prefix, n) VALUES (?, ?, ?) ON CONFLICT (session, prefix) DO UPDATE SET n = excluded.n'),
      insert: db.prepare(
        'INSERT INTO kavach_record (session, token, type, kind, lookup, key_id, blob, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      ofKind: db.prepare<[string, string, number], { token: string }>(
        'SELECT token FROM kavach_record WHERE session = ? AND kind = ? AND expires_at > ?',
      ),
      deleteSessionRecords: db.prepare('DELETE FROM kavach_record WHERE session = ?'),
      deleteSessionCounters: db.prepare('DELETE FROM kavach_counter WHERE session = ?'),
      deleteSession: db.prepare('DELETE FROM kavach_session WHERE id = ?'),
      deleteLookup: db.prepare('DELETE FROM kavach_record WHERE lookup = ?'),
      deleteToken: db.prepare('DELETE FROM kavach_record WHERE session = ? AND token = ?'),
      findLookup: db.prepare<[string, number], Row>('SELECT * FROM kavach_record WHERE lookup = ? AND expires_at > ?'),
      expiredSessions: db.prepare<[number], { id: string }>('SELECT id FROM kavach_session WHERE expires_at <= ?'),
      // A pass in primary-key order from a cursor: every row is visited once per pass (linear).
      notUnder: db.prepare<[string, string, string, number], Row>(
        'SELECT * FROM kavach_record WHERE (session, token) > (?, ?) AND key_id <> ? ORDER BY session, token LIMIT ?',
      ),
      // Distinct key ids by skip-scan over (key_id, expires_at): O(ids × log n), not a table scan.
      nextKeyId: db.prepare<[string], { id: string | null }>('SELECT MIN(key_id) AS id FROM kavach_record WHERE key_id > ?'),
      keyIdLive: db.prepare<[string, number], { one: number }>('SELECT 1 AS one FROM kavach_record WHERE key_id = ? AND expires_at > ? LIMIT 1'),
      replace: db.prepare(
        'UPDATE kavach_record SET key_id = ?, lookup = ?, blob = ? WHERE session = ? AND token = ? AND key_id = ? AND blob = ?',
      ),
      current: db.prepare<[string, string], { key_id: string; blob: Buffer }>('SELECT key_id, blob FROM kavach_record WHERE session = ? AND token = ?'),
      sessionCount: db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM kavach_session WHERE expires_at > ?'),
      byTypeKey: db.prepare<[number], { type: string; key_id: string; n: number }>(
        'SELECT type, key_id, COUNT(*) AS n FROM kavach_record WHERE expires_at > ? GROUP BY type, key_id',
      ),
      types: db.prepare<[], { type: string }>('SELECT DISTINCT type FROM kavach_record'),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
    // Built once: better-sqlite3 compiles a wrapper per db.transaction() call.
    this.allocateTx = db.transaction((rs: readonly AllocateRequest[]) => this.allocateBatch(rs));
    this.knownTx = db.transaction((rs: readonly AllocateRequest[], out: string[]) => this.readKnown(rs, out));
  }

  /**
   * Requests the core has seen get a token in this session (`known`, src/vault/memo.ts) are answered
   * from the records this connection knows are there (src/vault/sqlite-confirmed.ts), else by a read
   * in one deferred (read) transaction: a call whose values are all known takes no write lock and
   * commits nothing. Returns the requests still to allocate, in order; `out` gets the hits.
   */
  private readKnown(reqs: readonly AllocateRequest[], out: string[]): AllocateRequest[] {
    this.confirmed.sync(this.q.dataVersion.get()!);
    const rest: AllocateRequest[] = [];
    /** Known requests the cache could not answer. */
    const unsure: number[] = [];
    // The live tokens of the known requests' lookups that the cache cannot answer, GET_CHUNK lookups
    // per statement and session (one statement each cost ~5.6 µs a lookup, this ~3.4).
    const want = new Map<string, { session: string; now: number; lookups: Set<string> }>();
    for (let i = 0; i < reqs.length; i++) {
      const r = reqs[i]!;
      if (!r.known) continue;
      const hit = this.confirmed.tokenOf(r);
      if (hit !== undefined) {
        out[i] = hit;
        continue;
      }
      unsure.push(i);
      const k = `${r.session}\u0000${r.now}`;
      let w = want.get(k);
      if (!w) want.set(k, (w = { session: r.session, now: r.now, lookups: new Set() }));
      for (const l of r.lookups) w.lookups.add(l);
    }
    const live = new Map<string, string>(); // session \0 now \0 lookup → token
    for (const [key, { session, now, lookups }] of want) {
      const ls = [...lookups];
      for (let i = 0; i < ls.length; i += GET_CHUNK) {
        const part = ls.length <= GET_CHUNK ? ls : ls.slice(i, i + GET_CHUNK);
        // INDEXED BY: with no statistics the planner scans the session's primary key instead (every
        // record of the session per statement: 7x slower than one statement per lookup).
        const rows = (this.lookupMany[part.length] ??= this.db.prepare<unknown[], { lookup: string; token: string; expires_at: number }>(
          `SELECT lookup, token, expires_at FROM kavach_record INDEXED BY kavach_record_lookup WHERE session = ? AND expires_at > ? AND lookup IN (${'?,'.repeat(part.length - 1)}?)`,
        )).all(session, now, ...part);
        for (const row of rows) {
          live.set(`${key}\u0000${row.lookup}`, row.token);
          this.confirmed.confirm(session, row.lookup, row.token, row.expires_at);
        }
      }
    }
    for (const i of unsure) {
      const r = reqs[i]!;
      for (const l of r.lookups) {
        const hit = live.get(`${r.session}\u0000${r.now}\u0000${l}`);
        if (hit !== undefined) {
          out[i] = hit;
          break;
        }
      }
    }
    for (let i = 0; i < reqs.length; i++) if (out[i] === undefined) rest.push(reqs[i]!);
    return rest;
  }

  /**
   * One IMMEDIATE transaction per call. Each session row is read (or created) once per call and each
   * counter read once and written once, at the end, instead of once per value.
   */
  private allocateBatch(reqs: readonly AllocateRequest[]): string[] {
    const expiries = new Map<string, number>();
    const counters = new Map<string, { session: string; prefix: string; n: number }>();
    const tokens = reqs.map((r) => this.allocateOne(r, expiries, counters));
    for (const c of counters.values()) this.q.setCounter.run(c.session, c.prefix, c.n);
    return tokens;
  }

  private dropSession(id: string): number {
    const n = this.q.deleteSessionRecords.run(id).changes;
    this.q.deleteSessionCounters.run(id);
    this.q.deleteSession.run(id);
    return n;
  }

  /** Runs inside the IMMEDIATE transaction (allocateBatch). */
  private allocateOne(
    r: AllocateRequest,
    expiries: Map<string, number>,
    counters: Map<string, { session: string; prefix: string; n: number }>,
  ): string {
    let expiresAt = expiries.get(r.session);
    if (expiresAt === undefined) {
      let s = this.q.session.get(r.session);
      if (s && s.expires_at <= r.now) {
        this.dropSession(r.session);
        this.confirmed.clear();
        s = undefined;
      }
      if (!s) {
        this.q.insertSession.run(r.session, r.now, r.expiresAt);
        s = { created_at: r.now, expires_at: r.expiresAt };
      }
      expiries.set(r.session, (expiresAt = s.expires_at));
    }
    for (const l of r.lookups) {
      const hit = this.q.byLookup.get(r.session, l);
      if (hit) return hit.token;
    }
    let token: string | undefined;
    if (r.kind === 'counter') {
      const ck = `${r.session}\u0000${r.prefix}`;
      let c = counters.get(ck);
      if (!c) counters.set(ck, (c = { session: r.session, prefix: r.prefix, n: this.q.counter.get(r.session, r.prefix)?.n ?? 0 }));
      do token = counterToken(r.prefix, ++c.n);
      while (this.q.tokenExists.get(r.session, token));
    } else {
      const free = (c: string): boolean => !this.q.tokenExists.get(r.session, c);
      token = r.candidates.find(free) ?? r.moreCandidates?.().find(free);
      if (token === undefined) {
        throw Errors.vault(r.kind === 'hmac' ? 'deterministic token collision in session' : 'no free surrogate in session');
      }
    }
    this.q.insert.run(r.session, token, r.type, r.kind, r.lookups[0]!, r.keyId, r.seal(token), r.now, expiresAt);
    this.confirmed.inserted(r.session, r.lookups[0]!, token, expiresAt);
    return token;
  }

  async allocate(requests: readonly AllocateRequest[]): Promise<string[]> {
    return wrap('allocate', () => {
      const out: string[] = new Array(requests.length);
      const rest = requests.some((r) => r.known) ? this.knownTx.deferred(requests, out) : requests;
      if (rest.length === 0) return out;
      let tokens: string[];
      try {
        tokens = this.allocateTx.immediate(rest);
      } catch (err) {
        this.confirmed.settle(false);
        throw err;
      }
      this.confirmed.settle(true);
      let k = 0;
      for (let i = 0; i < out.length; i++) if (out[i] === undefined) out[i] = tokens[k++]!;
      return out;
    });
  }

  /**
   * Records of many tokens, GET_CHUNK per statement (one statement per list length, prepared once):
   * a chat turn reads back every value it resends, and a statement per token was 28 % of such a call.
   */
  async get(session: string, tokens: readonly string[], now: number): Promise<StoredRecord[]> {
    return wrap('read', () => {
      const out: StoredRecord[] = [];
      for (let i = 0; i < tokens.length; i += GET_CHUNK) {
        const part = tokens.length <= GET_CHUNK ? tokens : tokens.slice(i, i + GET_CHUNK);
        const rows = (this.getMany[part.length] ??= this.db.prepare<unknown[], Row>(
          `SELECT * FROM kavach_record WHERE session = ? AND expires_at > ? AND token IN (${'?,'.repeat(part.length - 1)}?)`,
        )).all(session, now, ...part);
        if (rows.length <= 1) {
          for (const r of rows) out.push(toRecord(r));
          continue;
        }
        // In the order asked (IN gives index order), as the statement per token did.
        const byToken = new Map(rows.map((r) => [r.token, r]));
        for (const t of part) {
          const r = byToken.get(t);
          if (r !== undefined) out.push(toRecord(r));
        }
      }
      return out;
    });
  }

  async tokensOfKind(session: string, kind: RecordKind, now: number): Promise<string[]> {
    return wrap('read', () => this.q.ofKind.all(session, kind, now).map((r) => r.token));
  }

  /**
   * After an erasure, copy the WAL back and truncate it: with secure_delete the erased ciphertext and
   * index rows are then overwritten in the main file and gone from the WAL (best effort: a reader
   * in another process can hold the checkpoint back; the next erasure or purge completes it).
   */
  private checkpoint(): void {
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Busy: not an error for the erasure itself.
    }
  }

  async deleteSession(session: string): Promise<number> {
    this.confirmed.clear();
    const n = wrap('erase', () => this.db.transaction(() => this.dropSession(session)).immediate());
    this.checkpoint();
    return n;
  }

  async deleteTokens(session: string, tokens: readonly string[]): Promise<number> {
    this.confirmed.clear();
    const n = wrap('erase', () =>
      this.db.transaction(() => tokens.reduce((k, t) => k + this.q.deleteToken.run(session, t).changes, 0)).immediate(),
    );
    if (n > 0) this.checkpoint();
    return n;
  }

  async deleteLookups(lookups: readonly string[]): Promise<number> {
    this.confirmed.clear();
    const n = wrap('erase', () =>
      this.db.transaction(() => lookups.reduce((k, l) => k + this.q.deleteLookup.run(l).changes, 0)).immediate(),
    );
    this.checkpoint();
    return n;
  }

  async findLookups(lookups: readonly string[], now: number): Promise<StoredRecord[]> {
    return wrap('read', () => lookups.flatMap((l) => this.q.findLookup.all(l, now).map(toRecord)));
  }

  async purgeExpired(now: number): Promise<PurgeCounts> {
    this.confirmed.clear();
    const c = wrap('purge', () =>
      this.db.transaction(() => {
        const ids = this.q.expiredSessions.all(now);
        let records = 0;
        for (const { id } of ids) records += this.dropSession(id);
        return { sessions: ids.length, records };
      }).immediate(),
    );
    if (c.sessions > 0) this.checkpoint();
    return c;
  }

  async recordsNotUnder(keyId: string, limit: number, cursor: string): Promise<RecordPage> {
    return wrap('read', () => {
      const [session, token] = cursor === '' ? ['', ''] : (JSON.parse(cursor) as [string, string]);
      const rows = this.q.notUnder.all(session, token, keyId, limit);
      const last = rows[rows.length - 1];
      return { records: rows.map(toRecord), cursor: rows.length < limit || !last ? '' : JSON.stringify([last.session, last.token]) };
    });
  }

  async replace(old: StoredRecord, next: StoredRecord): Promise<ReplaceOutcome> {
    this.confirmed.clear();
    return wrap('rotate', () =>
      this.db.transaction((): ReplaceOutcome => {
        const cur = this.q.current.get(old.session, old.token);
        if (!cur || cur.key_id !== old.keyId || !cur.blob.equals(old.blob)) return 'changed';
        const holder = this.q.byLookup.get(old.session, next.lookup);
        if (holder && holder.token !== old.token) return 'taken';
        this.q.replace.run(next.keyId, next.lookup, next.blob, old.session, old.token, old.keyId, old.blob);
        return 'ok';
      }).immediate(),
    );
  }

  async keyIds(now: number): Promise<string[]> {
    return wrap('read', () => {
      const ids: string[] = [];
      let id = this.q.nextKeyId.get('')?.id ?? null;
      while (id !== null) {
        if (this.q.keyIdLive.get(id, now)) ids.push(id);
        id = this.q.nextKeyId.get(id)?.id ?? null;
      }
      return ids;
    });
  }

  async retireKeyIds(): Promise<void> {
    // keyIds is exact here.
  }

  async confirmKeyIds(ids: readonly string[]): Promise<string[]> {
    return [...ids];
  }

  async stats(now: number): Promise<VaultStats> {
    return wrap('stats', () => {
      const count = new StatsCounter();
      for (const r of this.q.byTypeKey.all(now)) count.add(r.type, r.key_id, r.n);
      return count.stats(this.q.sessionCount.get(now)?.n ?? 0);
    });
  }

  async types(): Promise<string[]> {
    return wrap('read', () => this.q.types.all().map((r) => r.type));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** A vault in a SQLite file. Refuses to start without a configured key (KEY_MISSING). */
export function createSqliteVault(options: SqliteVaultOptions): PseudonymVault {
  if (!options || typeof options.path !== 'string' || options.path.length === 0) {
    throw Errors.invalidOption('sqlite vault needs a { path }');
  }
  const keyring = Keyring.load(options, true, 'sqlite');
  return new PseudonymVault(new SqliteBackend(options), keyring, options);
}
