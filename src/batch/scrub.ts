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
import { anonymise, anonymisePlanned, getDefaultVault, type AnonymiseOptions, type AnonymiseResult, type PlannedText } from '../anonymise.js';
import type { Plan } from '../decide/plan.js';
import type { Entity } from '../types.js';
import type { Vault } from '../vault/interface.js';
import { coalescingVault } from '../vault/coalescing.js';

export { coalescingVault, REVEAL_CACHE_MAX } from '../vault/coalescing.js';

/** Options of a batch or stream: those of `anonymise`, with one session for every text. */
export type BatchAnonymiseOptions = Omit<AnonymiseOptions, 'detector'>;

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

/**
 * Finish a chunk of texts planned elsewhere (`plan` tasks: detected and decided in a worker thread,
 * with the same policy, session and mode): tokens through `options.vault` (a `coalescingVault`, kept
 * for the whole run), outputs built and verified here. The same results as `anonymiseDetected`.
 */
export function anonymisePlannedChunk(
  texts: readonly string[],
  plans: readonly PlannedText[],
  options: BatchAnonymiseOptions & { session: string; vault: Vault },
  plan: Plan,
): Promise<AnonymiseResult[]> {
  const out: Promise<AnonymiseResult>[] = new Array(texts.length);
  // Started in input order without waiting, so their vault requests are issued in input order.
  for (let i = 0; i < texts.length; i++) out[i] = anonymisePlanned(texts[i]!, plans[i]!, options, plan);
  return Promise.all(out);
}
