/**
 * The main-thread half of batch anonymisation. Where the workers only detect (a policy that cannot
 * travel to them, or an audited run), each text goes here through the library's own `anonymise` with
 * the worker's spans injected (its `detector` option), so policies, escaping of token-shaped input and
 * the vault behave exactly as in a single call (`anonymiseDetected`); where they plan too, this thread
 * finishes their plans (`anonymisePlannedChunk`). Tokens are allocated in this thread, in input order, through ONE vault: session numbering
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
import { Errors } from '../errors.js';
import { anonymiseRecordsFound, type AnonymisedRecord, type BadJsonError, type RecordOptions } from '../records/records.js';
import { SpanReader, unpackPlans } from './packed.js';
import type { RecordsTaskResult } from './tasks.js';
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

/**
 * Finish a records task's records in this thread: each walked again and anonymised with the task's
 * spans or plans, RECORD_GROUP records to a vault request (`anonymiseRecordsFound`). Each entry is
 * the record's result, or the BadJsonError its walk refused it with (the thread's walk refused it
 * too: one the thread walked has spans in the answer, and refusing it here would give the next
 * records its spans, an internal error).
 */
export async function anonymiseRecordsAnswer<T>(records: readonly T[], answer: RecordsTaskResult, options: RecordOptions): Promise<Array<AnonymisedRecord<T> | BadJsonError>> {
  const reader = scanReader(answer);
  const next = (input: string): Entity[] | PlannedText => reader.next(input);
  const { counts } = answer;
  const out = await anonymiseRecordsFound(records, options, records.map((_, i) => (counts[i]! < 0 ? undefined : { count: counts[i]!, next })));
  for (let i = 0; i < out.length; i++) if (counts[i]! >= 0 && out[i] instanceof Error) throw Errors.internal('a record walked in a worker thread was refused here');
  reader.end();
  return out;
}

/** Reads a records task's answer scan by scan: spans (given each scan's input) or plans. */
function scanReader(r: RecordsTaskResult): { next(input: string): Entity[] | PlannedText; end(): void } {
  if (r.spans) return new SpanReader(r.spans);
  let total = 0;
  for (const n of r.counts) if (n > 0) total += n;
  const plans = unpackPlans(total, r.plans ?? []);
  let k = 0;
  return {
    next: () => {
      if (k >= plans.length) throw Errors.internal('a records task has fewer plans than scans');
      return plans[k++]!;
    },
    end: () => {
      if (k !== plans.length) throw Errors.internal('a records task has more plans than scans');
    },
  };
}
