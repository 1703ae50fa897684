// A view of a vault that sends the tokenize (and reveal) calls made in one turn of the event loop as
// one request: a batch of texts, or the strings of one record, started together in input order, costs
// one SQLite transaction or one Redis round trip instead of one per text.
import { BySession } from './by-session.js';
import type { TokenRequest, Vault } from './interface.js';

/** Most canonical spellings a batch view keeps (see `coalescingVault`); past it the cache starts over. */
export const REVEAL_CACHE_MAX = 65_536;

/**
 * A view of `vault` for one batch run, one session (a view given here is returned as it is):
 * - `tokenize` calls made in the same turn of the event loop are sent as one request list, in call
 *   order; each caller gets its own slice of the answer (one SQLite transaction per chunk).
 * - `reveal` calls made in the same turn are sent as one call per session for their distinct tokens,
 *   and the answers are kept: anonymise reveals the tokens it inserted to compare their canonical
 *   spellings with the text's (src/vault/spellings.ts), and a run meets the same values again and
 *   again. A token's canonical spelling is its first value, which does not change while its record
 *   lives; only an erasure or expiry in another process during the run (and the token reallocated to
 *   another spelling) could make a kept answer stale, costing at worst an exact-restore entry.
 */
export function coalescingVault(vault: Vault): Vault {
  // A view is kept for a whole run: given one, a chunk uses it as it is (its spellings stay known).
  if (VIEWS.has(vault)) return vault;
  let pending: Array<{ reqs: readonly TokenRequest[]; ok: (t: string[]) => void; fail: (e: unknown) => void }> = [];
  const flush = (): void => {
    const batch = pending;
    pending = [];
    // Pushed, not flatMap: its array's elements kind depends on the caller's tier (src/text/plain.ts).
    const all: TokenRequest[] = [];
    for (const p of batch) for (const r of p.reqs) all.push(r);
    vault.tokenize(all).then(
      (tokens) => {
        let at = 0;
        for (const p of batch) {
          p.ok(tokens.slice(at, at + p.reqs.length));
          at += p.reqs.length;
        }
      },
      (err) => {
        for (const p of batch) p.fail(err);
      },
    );
  };
  // Canonical spellings by session, then token.
  const known = new BySession<string>();
  let reveals: Array<{ session: string; tokens: readonly string[]; ok: (m: Map<string, string>) => void; fail: (e: unknown) => void }> = [];
  const flushReveals = async (): Promise<void> => {
    const batch = reveals;
    reveals = [];
    const bySession = new Map<string, Set<string>>();
    for (const r of batch) {
      let want = bySession.get(r.session);
      if (!want) bySession.set(r.session, (want = new Set()));
      const have = known.of(r.session);
      for (const t of r.tokens) if (have === undefined || !have.has(t)) want.add(t);
    }
    const failed = new Set<string>();
    for (const [session, want] of bySession) {
      if (want.size === 0) continue;
      try {
        const got = await vault.reveal(session, [...want]);
        if (known.size + got.size > REVEAL_CACHE_MAX) known.clear();
        for (const [t, v] of got) known.set(session, t, v);
      } catch {
        failed.add(session);
      }
    }
    for (const r of batch) {
      // A failed read (an unreadable record) fails only the callers whose own tokens fail, as alone.
      if (failed.has(r.session)) {
        vault.reveal(r.session, r.tokens).then(r.ok, r.fail);
        continue;
      }
      const have = known.of(r.session);
      const m = new Map<string, string>();
      if (have !== undefined) {
        for (const t of r.tokens) {
          const v = have.get(t);
          if (v !== undefined) m.set(t, v);
        }
      }
      r.ok(m);
    }
  };
  const view = Object.create(vault) as Vault;
  Object.defineProperty(view, 'tokenize', {
    value: (reqs: readonly TokenRequest[]): Promise<string[]> =>
      new Promise((ok, fail) => {
        if (pending.length === 0) setImmediate(flush);
        pending.push({ reqs, ok, fail });
      }),
  });
  Object.defineProperty(view, 'reveal', {
    value: (session: string, tokens: readonly string[]): Promise<Map<string, string>> =>
      new Promise((ok, fail) => {
        if (reveals.length === 0) setImmediate(() => void flushReveals());
        reveals.push({ session, tokens, ok, fail });
      }),
  });
  // Methods other than tokenize and reveal run on the real vault (their `this` must be it).
  for (const m of ['surrogates', 'forgetSession', 'forgetValue', 'exportValue', 'purgeExpired', 'rotateKey', 'stats', 'close'] as const) {
    Object.defineProperty(view, m, { value: (...args: unknown[]) => (vault[m] as (...a: unknown[]) => unknown).apply(vault, args) });
  }
  VIEWS.add(view);
  return view;
}

/** The views `coalescingVault` made. */
const VIEWS = new WeakSet<Vault>();
