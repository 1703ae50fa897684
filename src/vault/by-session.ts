// Entries by session, then by a second key (a token, a lookup), counted as one collection: the
// vault's caches (opened values, the SQLite store's confirmed tokens, the batch view's canonical
// spellings) keep their entries this way and start over when the count reaches their bound. By
// session, then key: a joined `session \0 key` string, built and hashed per lookup, was ~6-7 % of the
// main thread of a 15 MB `llm` + SQLite scrub (bench/README.md, eighteenth stop).

export class BySession<V> {
  private readonly bySession = new Map<string, Map<string, V>>();
  private count = 0;

  /** Entries held, in every session. */
  get size(): number {
    return this.count;
  }

  get(session: string, key: string): V | undefined {
    return this.bySession.get(session)?.get(key);
  }

  /** The entries of one session (none: undefined; a session is only made when an entry is set). */
  of(session: string): ReadonlyMap<string, V> | undefined {
    return this.bySession.get(session);
  }

  set(session: string, key: string, value: V): void {
    let m = this.bySession.get(session);
    if (m === undefined) this.bySession.set(session, (m = new Map()));
    if (!m.has(key)) this.count++;
    m.set(key, value);
  }

  clear(): void {
    this.bySession.clear();
    this.count = 0;
  }
}
