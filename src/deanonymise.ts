// deanonymise, the way back: reply → restore. The restorer (src/restore/restorer.ts) scans the reply
// once for tokens (and the session's surrogates), asks the vault about them in one batch and puts the
// known ones back; a reply that is exactly a text anonymise produced gets each value's own spelling
// back (src/vault/spellings.ts). Streaming replies: src/restore/stream.ts.
import { getDefaultVault } from './anonymise.js';
import { audited, startFacts, type AuditOptions } from './audit/index.js';
import { assertText, Errors } from './errors.js';
import { emptyResult, Restorer, type DeanonymiseResult, type RestorerOptions } from './restore/restorer.js';
import type { StreamOptions } from './restore/stream.js';
import type { Vault } from './vault/interface.js';
import { restoreSpellings } from './vault/spellings.js';
import { assertSession } from './vault/checks.js';

export { emptyResult, Restorer } from './restore/restorer.js';
export type { DeanonymiseResult, FailedSpan, LinkContext, RestoredSpan, RestorerOptions, WithheldSpan } from './restore/restorer.js';

/** Options of the streaming restore (createDeanonymiseStream, StreamingRestorer). */
export type DeanonymiseStreamOptions = StreamOptions & AuditOptions;

export interface DeanonymiseOptions extends AuditOptions, RestorerOptions {
  session: string;
  /** Default: the process-wide in-memory vault. */
  vault?: Vault;
  /**
   * What the reply's spelling sheet was filed under, when not the reply itself: records and CSV rows
   * file each field's sheet under the record and the field (src/records/sheets.ts `fieldSheetKey`).
   */
  spellingsKey?: string;
}

function check(reply: unknown, options: DeanonymiseOptions | undefined): Vault {
  assertText(reply, 'reply');
  if (!options || typeof options !== 'object') throw Errors.invalidOption('deanonymise needs { session }');
  assertSession(options.session);
  return options.vault ?? getDefaultVault();
}

/** Restore a reply and report what was restored and which token-shaped spans are unknown. */
export async function deanonymiseDetailed(reply: string, options: DeanonymiseOptions): Promise<DeanonymiseResult> {
  const sink = options?.audit;
  if (!sink) return deanonymiseCore(reply, options);
  const facts = startFacts('deanonymise', options);
  return audited(sink, facts, () => deanonymiseCore(reply, options), (r) => ({
    restored: r.restored.length,
    unknown: r.unknown.length,
    withheld: r.withheld.length,
    failed: r.failed.length,
  }));
}

async function deanonymiseCore(reply: string, options: DeanonymiseOptions): Promise<DeanonymiseResult> {
  const vault = check(reply, options);
  const restorer = await Restorer.create(vault, options.session, options);
  const spans = restorer.spans(reply);
  await restorer.resolve(spans);
  const result = emptyResult();
  result.text = restorer.render(reply, 0, reply.length, spans, 0, result);
  // Exact restore (issue 14, item 9; src/vault/spellings.ts): the text anonymise produced, byte for byte.
  result.text = (await restoreSpellings(vault, options.session, reply, result, options.encode, options.spellingsKey ?? reply)) ?? result.text;
  return result;
}

/** Put the originals back into a reply. `{ detailed: true }` returns `{ text, restored, unknown, withheld, failed }`. */
export async function deanonymise(reply: string, options: DeanonymiseOptions & { detailed: true }): Promise<DeanonymiseResult>;
export async function deanonymise(reply: string, options: DeanonymiseOptions & { detailed?: false }): Promise<string>;
export async function deanonymise(reply: string, options: DeanonymiseOptions & { detailed?: boolean }): Promise<string | DeanonymiseResult> {
  const r = await deanonymiseDetailed(reply, options);
  return options.detailed ? r : r.text;
}

/** US spellings. */
export const deanonymize = deanonymise;
export const deanonymizeDetailed = deanonymiseDetailed;
