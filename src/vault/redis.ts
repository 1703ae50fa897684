// Redis store (ioredis). Layout, under a prefix (default "kavach:"):
//   s:{sid}  hash   c = created, e = expires (ms)          l:{sid}  hash   lookup HMAC → token
//   t:{sid}  hash   token → record JSON (ciphertext b64)   n:{sid}  hash   token prefix → counter
//   g:{sid}  set    surrogates issued in the session (so restoring never reads the whole session)
//   sessions zset   sid scored by expiry                   v:<lookup> zset sid scored by expiry (value index)
//   kids     zset   key id scored by the latest expiry of a session that got a record under it: the
//                   key ids in use (a superset: erasure does not remove entries; a rotation prunes them)
//   kids:built      marker: `kids` covers records written before it existed
// Allocate-or-get is one Lua script (atomic on the server), so any number of processes sharing one
// Redis never give one value two tokens nor two values one token. The token is reserved first and its
// ciphertext filled right after (the AAD binds the ciphertext to the token, which for counters is only
// known inside the script); a reservation left by a crashed client is filled by the next caller.
// Session keys carry native expiry; the value index is swept by purgeExpired(). Single-node Redis
// (the scripts touch index keys across sessions, so Redis Cluster is not supported).
//
// Files: redis-scripts.ts (the Lua), redis-connection.ts (options, client, record JSON), this file
// (the backend: what each VaultBackend operation sends).
import type { Redis } from 'ioredis';
import { Errors } from '../errors.js';
import type { AllocateRequest, PurgeCounts, RecordKind, RecordPage, ReplaceOutcome, StoredRecord, VaultBackend, VaultStats } from './interface.js';
import { Keyring } from './keys.js';
import { connect, READ_CHUNK, wrap, type RecordJson, type RedisVaultOptions } from './redis-connection.js';
import { defineScripts, type ScriptPipeline, type Scripts } from './redis-scripts.js';
import { counterToken } from '../token.js';
import { StatsCounter } from './stats.js';
import { PseudonymVault } from './vault.js';

/** Counter tokens as the ALLOCATE script writes them: `<PREFIX_n>`. */
const COUNTER_RE = /_(\d+)>$/;
/** Sessions × prefixes whose last counter a client remembers (only a guess: a miss costs one round trip). */
const COUNTERS_MAX = 4096;

export type { RedisVaultOptions };

export class RedisBackend implements VaultBackend {
  readonly store = 'redis';
  private readonly redis: Redis;
  private readonly own: boolean;
  private readonly P: string;
  private readonly raw = new WeakMap<StoredRecord, string>();

  constructor(options: RedisVaultOptions) {
    this.P = options.prefix ?? 'kavach:';
    ({ redis: this.redis, own: this.own } = connect(options));
    defineScripts(this.redis);
  }

  private get s(): Scripts {
    return this.redis as unknown as Scripts;
  }

  private toRecord(session: string, token: string, json: string, expiresAt: number): StoredRecord | undefined {
    const j = JSON.parse(json) as RecordJson;
    if (j.b === undefined) return undefined; // reservation not filled yet: not restorable
    const r: StoredRecord = {
      session, token, type: j.y, kind: j.k, lookup: j.l, keyId: j.i, blob: Buffer.from(j.b, 'base64'), createdAt: j.c, expiresAt,
    };
    this.raw.set(r, json);
    return r;
  }

  /** Last counter seen per `session \0 prefix` (bounded): the next counter token is predicted from it. */
  private readonly counters = new Map<string, number>();

  /**
   * The token the script will most likely choose for a new value: the first candidate, or for counters
   * the next number after the last one this client saw in the session (`planned` carries the numbers
   * this call has already predicted).
   */
  private expectedToken(r: AllocateRequest, planned: Map<string, number>): string {
    if (r.kind !== 'counter') return r.candidates[0] ?? '';
    const key = `${r.session}\u0000${r.prefix}`;
    const n = (planned.get(key) ?? this.counters.get(key) ?? 0) + 1;
    planned.set(key, n);
    return counterToken(r.prefix, n);
  }

  private learnCounter(r: AllocateRequest, token: string): void {
    if (r.kind !== 'counter') return;
    const m = COUNTER_RE.exec(token);
    if (!m) return;
    const key = `${r.session}\u0000${r.prefix}`;
    this.counters.delete(key);
    this.counters.set(key, Number(m[1]));
    if (this.counters.size > COUNTERS_MAX) this.counters.delete(this.counters.keys().next().value!);
  }

  /**
   * One round trip for a call whose new values get the tokens expected (issue 11, item 6): the AAD binds
   * the ciphertext to the token, which for counters only the script picks, so a value used to be
   * reserved in one round trip and its ciphertext filled in a second. Now each value that is neither
   * known to the core (memo) nor repeated in the call is sealed for its expected token and sent along;
   * the script stores it when that token is chosen. A wrong guess (another process took the number,
   * the value was stored already) costs one wasted encryption and the old reserve-then-fill path.
   */
  async allocate(requests: readonly AllocateRequest[]): Promise<string[]> {
    return wrap('allocate', async () => {
      const pipe = this.redis.pipeline() as unknown as ScriptPipeline;
      const planned = new Map<string, number>();
      const inCall = new Set<string>();
      for (const r of requests) {
        const pending: RecordJson = { k: r.kind, y: r.type, l: r.lookups[0]!, i: r.keyId, c: r.now };
        const candidates = r.moreCandidates ? [...r.candidates, ...r.moreCandidates()] : r.candidates;
        let expected = '';
        let full = '';
        if (!r.known && !inCall.has(r.lookups[0]!)) {
          expected = this.expectedToken(r, planned);
          if (expected) full = JSON.stringify({ ...pending, b: r.seal(expected).toString('base64') } satisfies RecordJson);
        }
        inCall.add(r.lookups[0]!);
        pipe.kvAllocate(
          this.P, r.session, r.now, r.expiresAt, r.kind, r.prefix, JSON.stringify(pending),
          r.lookups.length, ...r.lookups, candidates.length, ...candidates, r.keyId, expected, full,
        );
      }
      const results = await pipe.exec();
      const tokens: string[] = [];
      const fills: Array<[AllocateRequest, string, string, string]> = [];
      results.forEach(([err, res], i) => {
        if (err) throw err;
        const [token, json] = res as [string, string];
        tokens.push(token);
        const r = requests[i]!;
        this.learnCounter(r, token);
        const j = json ? (JSON.parse(json) as RecordJson) : undefined;
        if (!j || j.b === undefined) {
          const full: RecordJson = { ...(j ?? { k: r.kind, y: r.type, l: r.lookups[0]!, c: r.now }), i: r.keyId, b: r.seal(token).toString('base64') };
          fills.push([r, token, json, JSON.stringify(full)]);
        }
      });
      if (fills.length) {
        const fp = this.redis.pipeline() as unknown as ScriptPipeline;
        for (const [r, token, expected, full] of fills) fp.kvFill(this.P, r.session, token, expected, full, r.keyId);
        for (const [err, res] of await fp.exec()) {
          if (err) throw err;
          const cur = res as string;
          if (!cur || (JSON.parse(cur) as RecordJson).b === undefined) {
            throw Errors.vault('a token was erased while it was being allocated; retry');
          }
        }
      }
      return tokens;
    });
  }

  /**
   * Tokens go to the GET script in chunks of READ_CHUNK, one pipeline: a single call spreading every
   * token as an argument overflows the JS stack past about 150k tokens (issue 14, item 13) and would
   * block Redis for the whole list. A session that expires between two chunks reads as expired.
   */
  async get(session: string, tokens: readonly string[], now: number): Promise<StoredRecord[]> {
    return wrap('read', async () => {
      if (tokens.length === 0) return [];
      const pipe = this.redis.pipeline() as unknown as ScriptPipeline;
      for (let i = 0; i < tokens.length; i += READ_CHUNK) pipe.kvGet(this.P, session, now, ...tokens.slice(i, i + READ_CHUNK));
      const out: StoredRecord[] = [];
      for (const [err, raw] of await pipe.exec()) {
        if (err) throw err;
        const res = raw as string[];
        if (res.length === 0) return [];
        const exp = Number(res[0]);
        for (let i = 1; i < res.length; i += 2) {
          const r = this.toRecord(session, res[i]!, res[i + 1]!, exp);
          if (r) out.push(r);
        }
      }
      return out;
    });
  }

  private async sessionRecords(session: string, now: number): Promise<StoredRecord[]> {
    const res = (await this.s.kvAll(this.P, session, now)) as string[];
    if (res.length === 0) return [];
    const exp = Number(res[0]);
    const out: StoredRecord[] = [];
    for (let i = 1; i < res.length; i += 2) {
      const r = this.toRecord(session, res[i]!, res[i + 1]!, exp);
      if (r) out.push(r);
    }
    return out;
  }

  async tokensOfKind(session: string, kind: RecordKind, now: number): Promise<string[]> {
    return wrap('read', async () => {
      if (kind === 'surrogate') return (await this.s.kvSurrogates(this.P, session, now)) as string[];
      return (await this.sessionRecords(session, now)).filter((r) => r.kind === kind).map((r) => r.token);
    });
  }

  async deleteSession(session: string): Promise<number> {
    return wrap('erase', async () => Number(await this.s.kvForgetSession(this.P, session)));
  }

  async deleteTokens(session: string, tokens: readonly string[]): Promise<number> {
    return wrap('erase', async () => {
      let n = 0;
      for (let i = 0; i < tokens.length; i += READ_CHUNK) n += Number(await this.s.kvForgetTokens(this.P, session, ...tokens.slice(i, i + READ_CHUNK)));
      return n;
    });
  }

  async deleteLookups(lookups: readonly string[]): Promise<number> {
    return wrap('erase', async () => {
      let n = 0;
      for (let i = 0; i < lookups.length; i += READ_CHUNK) n += Number(await this.s.kvForgetLookups(this.P, ...lookups.slice(i, i + READ_CHUNK)));
      return n;
    });
  }

  async findLookups(lookups: readonly string[], now: number): Promise<StoredRecord[]> {
    return wrap('read', async () => {
      const res: string[] = [];
      for (let i = 0; i < lookups.length; i += READ_CHUNK) {
        for (const x of (await this.s.kvFind(this.P, now, ...lookups.slice(i, i + READ_CHUNK))) as string[]) res.push(x);
      }
      const out: StoredRecord[] = [];
      for (let i = 0; i < res.length; i += 4) {
        const r = this.toRecord(res[i]!, res[i + 1]!, res[i + 2]!, Number(res[i + 3]));
        if (r) out.push(r);
      }
      return out;
    });
  }

  async purgeExpired(now: number): Promise<PurgeCounts> {
    return wrap('purge', async () => {
      const [sessions, records] = (await this.s.kvPurge(this.P, now)) as [number, number];
      // Sweep the value index: entries of sessions that expired natively (their keys are already gone).
      let cursor = '0';
      do {
        const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.P}v:*`, 'COUNT', 500);
        cursor = next;
        if (keys.length) await this.s.kvSweep(keys.length, ...keys, now);
      } while (cursor !== '0');
      return { sessions: Number(sessions), records: Number(records) };
    });
  }

  private async liveSessions(now: number): Promise<string[]> {
    return this.redis.zrangebyscore(`${this.P}sessions`, `(${now}`, '+inf');
  }

  /**
   * A rotation pass walks the sessions index with ZSCAN (every session present for the whole pass is
   * returned at least once) and reads each session once: linear in sessions + records. It used to
   * restart from the first session for every batch of 256 records (quadratic; issue 14, item 8).
   */
  async recordsNotUnder(keyId: string, limit: number, cursor: string): Promise<RecordPage> {
    return wrap('read', async () => {
      const [next, sids] = await this.redis.zscan(`${this.P}sessions`, cursor === '' ? '0' : cursor, 'COUNT', Math.max(1, Math.ceil(limit / 8)));
      const records: StoredRecord[] = [];
      const ids = sids.filter((_, i) => i % 2 === 0);
      for (const page of await this.sessionsRecords(ids, 0)) for (const r of page) if (r.keyId !== keyId) records.push(r);
      return { records, cursor: next === '0' ? '' : next };
    });
  }

  private async sessionsRecords(sids: readonly string[], now: number): Promise<StoredRecord[][]> {
    if (sids.length === 0) return [];
    const pipe = this.redis.pipeline() as unknown as ScriptPipeline;
    for (const sid of sids) pipe.kvAll(this.P, sid, now);
    return (await pipe.exec()).map(([err, raw], k) => {
      if (err) throw err;
      const res = raw as string[];
      const out: StoredRecord[] = [];
      const exp = Number(res[0]);
      for (let i = 1; i < res.length; i += 2) {
        const r = this.toRecord(sids[k]!, res[i]!, res[i + 1]!, exp);
        if (r) out.push(r);
      }
      return out;
    });
  }

  async replace(old: StoredRecord, next: StoredRecord): Promise<ReplaceOutcome> {
    return wrap('rotate', async () => {
      const oldJson = this.raw.get(old);
      if (oldJson === undefined) return 'changed';
      const j = JSON.parse(oldJson) as RecordJson;
      const nextJson: RecordJson = { ...j, i: next.keyId, l: next.lookup, b: next.blob.toString('base64') };
      const res = Number(await this.s.kvReplace(this.P, old.session, old.token, oldJson, JSON.stringify(nextJson), old.lookup, next.lookup, next.keyId));
      return res === 1 ? 'ok' : res === 2 ? 'taken' : 'changed';
    });
  }

  /**
   * Key ids from the `kids` index. A vault written before the index existed is indexed once, by one
   * pass over its sessions, then marked (`kids:built`).
   */
  async keyIds(now: number): Promise<string[]> {
    return wrap('read', async () => {
      if (!(await this.redis.exists(`${this.P}kids:built`))) {
        let cursor = '0';
        do {
          const [next, flat] = await this.redis.zscan(`${this.P}sessions`, cursor, 'COUNT', 256);
          cursor = next;
          const sids = flat.filter((_, i) => i % 2 === 0);
          const latest = new Map<string, number>();
          for (const recs of await this.sessionsRecords(sids, 0)) {
            for (const r of recs) latest.set(r.keyId, Math.max(latest.get(r.keyId) ?? 0, r.expiresAt));
          }
          if (latest.size) await this.s.kvMarkAll(this.P, ...[...latest].flatMap(([id, e]) => [id, e]));
        } while (cursor !== '0');
        await this.redis.set(`${this.P}kids:built`, '1');
      }
      return this.redis.zrangebyscore(`${this.P}kids`, `(${now}`, '+inf');
    });
  }

  /**
   * The `kids` index is a superset (erasure does not remove entries): before a vault is refused for a
   * key id, check it. Drop the ids first, then read every record and put back the ids in use: a writer
   * after the drop re-adds its id itself, one before it is seen by the read. O(records), failure path only.
   */
  async confirmKeyIds(ids: readonly string[], now: number): Promise<string[]> {
    if (ids.length === 0) return [];
    return wrap('read', async () => {
      await this.redis.zrem(`${this.P}kids`, ...ids);
      const wanted = new Set(ids);
      const latest = new Map<string, number>();
      let cursor = '0';
      do {
        const [next, flat] = await this.redis.zscan(`${this.P}sessions`, cursor, 'COUNT', 256);
        cursor = next;
        for (const recs of await this.sessionsRecords(flat.filter((_, i) => i % 2 === 0), now)) {
          for (const r of recs) if (wanted.has(r.keyId)) latest.set(r.keyId, Math.max(latest.get(r.keyId) ?? 0, r.expiresAt));
        }
      } while (cursor !== '0');
      if (latest.size) await this.s.kvMarkAll(this.P, ...[...latest].flatMap(([id, e]) => [id, e]));
      return [...latest.keys()];
    });
  }

  async retireKeyIds(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await wrap('rotate', async () => void (await this.redis.zrem(`${this.P}kids`, ...ids)));
  }

  async stats(now: number): Promise<VaultStats> {
    return wrap('stats', async () => {
      const sids = await this.liveSessions(now);
      let sessions = 0;
      const count = new StatsCounter();
      for (const sid of sids) {
        const recs = await this.sessionRecords(sid, now);
        const exists = await this.redis.exists(`${this.P}s:{${sid}}`);
        if (!exists) continue;
        sessions++;
        for (const r of recs) count.add(r.type, r.keyId);
      }
      return count.stats(sessions);
    });
  }

  async types(): Promise<string[]> {
    return wrap('read', async () => {
      const t = new Set<string>();
      for (const sid of await this.redis.zrange(`${this.P}sessions`, "0", "-1")) {
        for (const r of await this.sessionRecords(sid, 0)) t.add(r.type);
      }
      return [...t];
    });
  }

  async close(): Promise<void> {
    if (this.own && this.redis.status !== 'end') await this.redis.quit().catch(() => undefined);
  }
}

/** A vault in Redis. Refuses to start without a configured key (KEY_MISSING). */
export function createRedisVault(options: RedisVaultOptions = {}): PseudonymVault {
  const keyring = Keyring.load(options, true, 'redis');
  return new PseudonymVault(new RedisBackend(options), keyring, options);
}
