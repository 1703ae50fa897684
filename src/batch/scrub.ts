/**
 * The main-thread half of batch anonymisation. Workers only detect (the expensive part); here each
 * text goes through the library's own `anonymise` with the worker's spans injected (its `detector`
 * option), so policies, escaping of token-shaped input and the vault behave exactly as in a single
 * call. Tokens are allocated in this thread, in input order, through ONE vault: session numbering
 * never forks, and the output does not depend on the number of threads.
 *
 * A chunk's texts are started together and their vault requests coalesced into one `tokenize`
 * call (one SQLite transaction / one Redis round trip per chunk instead of per record). The
 * requests are issued synchronously in input order, and backends allocate a batch in order, so
 * numbering is the same as calling `anonymise` on each text in turn.
 */
import { anonymise, getDefaultVault, type AnonymiseOptions, type AnonymiseResult } from '../anonymise.js';
import type { Entity } from '../types.js';
import type { TokenRequest, Vault } from '../vault/interface.js';

/** Options of a batch or stream: those of `anonymise`, with one session for every text. */
export type BatchAnonymiseOptions = Omit<AnonymiseOptions, 'detector'>;

/**
 * A view of `vault` whose `tokenize` calls made in the same turn of the event loop are sent as one
 * request list, in call order; each caller gets its own slice of the answer.
 */
export function coalescingVault(vault: Vault): Vault {
  let pending: Array<{ reqs: readonly TokenRequest[]; ok: (t: string[]) => void; fail: (e: unknown) => void }> = [];
  const flush = (): void => {
    const batch = pending;
    pending = [];
    const all = batch.flatMap((p) => p.reqs);
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
  const view = Object.create(vault) as Vault;
  Object.defineProperty(view, 'tokenize', {
    value: (reqs: readonly TokenRequest[]): Promise<string[]> =>
      new Promise((ok, fail) => {
        if (pending.length === 0) setImmediate(flush);
        pending.push({ reqs, ok, fail });
      }),
  });
  // Methods other than tokenize run on the real vault (their `this` must be it).
  for (const m of ['reveal', 'surrogates', 'forgetSession', 'forgetValue', 'exportValue', 'purgeExpired', 'rotateKey', 'stats', 'close'] as const) {
    Object.defineProperty(view, m, { value: (...args: unknown[]) => (vault[m] as (...a: unknown[]) => unknown).apply(vault, args) });
  }
  return view;
}

/**
 * Anonymise a chunk of texts whose spans were detected elsewhere. `options.session` must be set
 * (one session for the whole batch); `options.vault` defaults to the process-wide vault.
 */
export async function anonymiseDetected(
  texts: readonly string[],
  found: readonly (readonly Entity[])[],
  options: BatchAnonymiseOptions & { session: string },
): Promise<AnonymiseResult[]> {
  const vault = coalescingVault(options.vault ?? getDefaultVault());
  // Started in input order without waiting, so their vault requests are issued in input order.
  return Promise.all(texts.map((text, i) => anonymise(text, { ...options, vault, detector: () => found[i]! })));
}
