// The SQLite store's cache of records it knows are there (src/vault/sqlite.ts). A known value (one the
// core has seen get a token in the session) is answered from here, without a statement, while no other
// connection has committed anything: SQLite changes `PRAGMA data_version` for every other connection's
// commit, never for this one's. The store clears it when it erases, purges or re-keys records itself.
// Reading 300,000 known values back cost ~1 s of the main thread in a 15 MB `llm` + SQLite scrub.
import { BySession } from './by-session.js';
import type { AllocateRequest } from './interface.js';

/** Most (session, lookup) entries held before the cache starts over. */
const MAX_ENTRIES = 100_000;

interface Confirmed {
  token: string;
  expiresAt: number;
}

export class ConfirmedTokens {
  /** Session → lookup → token and expiry of a record this connection wrote or read back. */
  private readonly entries = new BySession<Confirmed>();
  /** data_version when the entries were last known to hold (-1: never). */
  private version = -1;
  /** Records the running write transaction inserted: confirmed once it commits, dropped if not. */
  private pending: Array<[session: string, lookup: string, token: string, expiresAt: number]> = [];

  /** Start of a read: keep the entries only if no other connection committed since the last one. */
  sync(dataVersion: number): void {
    if (dataVersion !== this.version) {
      this.entries.clear();
      this.version = dataVersion;
    }
  }

  /** The token of a request's value, if its record is known to be there and unexpired. */
  tokenOf(r: AllocateRequest): string | undefined {
    const m = this.entries.of(r.session);
    if (m === undefined) return undefined;
    for (const l of r.lookups) {
      const c = m.get(l);
      if (c !== undefined && c.expiresAt > r.now) return c.token;
    }
    return undefined;
  }

  /** A record read back from the file. */
  confirm(session: string, lookup: string, token: string, expiresAt: number): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(session, lookup, { token, expiresAt });
  }

  /** A record the running write transaction inserted. */
  inserted(session: string, lookup: string, token: string, expiresAt: number): void {
    this.pending.push([session, lookup, token, expiresAt]);
  }

  /** The write transaction committed (true) or rolled back (false). */
  settle(committed: boolean): void {
    if (committed) for (const [session, lookup, token, expiresAt] of this.pending) this.confirm(session, lookup, token, expiresAt);
    this.pending = [];
  }

  /** This connection erased, purged or re-keyed records: nothing is known any more. */
  clear(): void {
    this.entries.clear();
    this.version = -1;
  }
}
