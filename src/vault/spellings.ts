// Exact restore (issue 14, item 9).
//
// The vault gives one token per identity: "KAIZAD DASTUR" and "Kaizad Dastur", or "+91 92346 18849"
// and "9234618849", share one token in a session, so the model sees one person. A token restores to
// its canonical spelling, the first one the session saw, so a text holding two spellings used to come
// back with both in the first one. Restoring the very text kavach produced must give back the input
// byte for byte, so each anonymise call leaves a *spelling sheet* when it needs one:
//
//   - After rewriting, `recordSpellings` asks the vault for the canonical spelling of each token it
//     inserted and lists the occurrences written differently: output offsets, token, original spelling.
//     No difference (the common case): nothing is stored.
//   - Otherwise the list goes to `vault.saveSpellings(session, output, entries)`: one record of the
//     session (src/vault/vault.ts), sealed like every original, found by an HMAC of the
//     session and the SHA-256 of the output text. Nothing about the text is stored in clear.
//   - `restoreSpellings` runs after a reply was restored. If a sheet exists for exactly this reply
//     text in the session, the restored occurrences it lists get their own spelling back; everything
//     else is as restored. A reply that differs in any byte (an LLM answer, an edited or partial text,
//     a text that merely contains the anonymised one, a streamed reply) has no sheet: its tokens come
//     back in the canonical spelling. Exact text only, by design: offsets are only meaningful in the
//     text they were taken from, and a lookup by whole text costs one indexed read per restore.
//   - A sheet lives and dies with its session: TTL, purgeExpired and forgetSession remove it,
//     rotateKey re-keys it, and forgetValue erases every sheet of each session where the value was
//     held (those texts then restore in canonical spellings). The first sheet for a text wins when two
//     inputs in one session anonymise to the same text.
//   - Vaults without `saveSpellings`/`spellings` (custom implementations) simply skip this.
//   - Plain `anonymise` calls of one session whose outputs are the same text share that text's sheet
//     (the first one stored): deanonymise is given nothing but the text. A caller that knows more can
//     file a sheet under keys of its own as well (hashed by the vault like an output text; they must
//     hold no personal data in clear) and restore with that key (`deanonymise`'s `spellingsKey`): records and CSV rows
//     key each field's sheet by a hash of the whole record's output and the field's path
//     (src/records/sheets.ts), so two fields that both read `<AADHAAR_1>`, one from "2345 6789 0124"
//     and one from "234567890124", each get their own spelling back from deanonymiseRecord.
import { KavachError } from '../errors.js';
import type { SpellingEntry, Vault } from './interface.js';

/** An unreadable record (tampered, unknown key) only costs the exact spelling, never the call. */
async function readable<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof KavachError && (err.code === 'BAD_RECORD' || err.code === 'KEY_MISSING')) return undefined;
    throw err;
  }
}

/** What `recordSpellings` needs from anonymise's entity report. */
export interface ReplacedOccurrence {
  start: number;
  end: number;
  outStart: number;
  outEnd: number;
  token?: string;
}

/**
 * Called by anonymise with its input, output text and entity report, before returning: stores the
 * spellings that differ from the canonical ones (only if there are any), filed under each of `keys`
 * (default: the output text itself).
 */
export async function recordSpellings(
  vault: Vault,
  session: string,
  input: string,
  output: string,
  replaced: readonly ReplacedOccurrence[],
  keys: readonly string[] = [output],
): Promise<void> {
  if (typeof vault.saveSpellings !== 'function') return;
  const occ = replaced.filter((r): r is ReplacedOccurrence & { token: string } => typeof r.token === 'string');
  if (occ.length === 0) return;
  const canonical = await readable(() => vault.reveal(session, [...new Set(occ.map((r) => r.token))]));
  if (!canonical) return;
  const entries: SpellingEntry[] = [];
  for (const r of occ) {
    const known = canonical.get(r.token);
    // Compared in place: most occurrences are spelled as their canonical value, and need no slice.
    if (known !== undefined && !(r.end - r.start === known.length && input.startsWith(known, r.start))) entries.push({ start: r.outStart, end: r.outEnd, token: r.token, surface: input.slice(r.start, r.end) });
  }
  if (entries.length === 0) return;
  for (const key of keys) await vault.saveSpellings(session, key, entries);
}

/** What `restoreSpellings` needs from deanonymise's result: restored spans in the reply, in order. */
export interface RestoredText {
  text: string;
  restored: ReadonlyArray<{ token: string; start: number; end: number }>;
}

/**
 * Called by deanonymise after rendering: when the reply is exactly a text anonymise produced and that
 * left a sheet, the text rebuilt with each occurrence's own spelling (through `encode` like every
 * restored value; spans left unrestored stay as they are); otherwise undefined (keep the rendered text).
 * `key` is what the sheet was filed under: the reply itself, or a caller's own key (recordSpellings'
 * `keys`: a record's field, src/records/sheets.ts).
 */
export async function restoreSpellings(
  vault: Vault,
  session: string,
  reply: string,
  result: RestoredText,
  encode?: (original: string) => string,
  key: string = reply,
): Promise<string | undefined> {
  if (typeof vault.spellings !== 'function' || result.restored.length === 0) return undefined;
  const entries = await readable(() => vault.spellings!(session, key));
  if (!entries || entries.length === 0) return undefined;
  return respell(vault, session, reply, result, entries, encode);
}

/** The reply rebuilt with each restored occurrence's spelling from `entries`, else its canonical one. */
async function respell(
  vault: Vault,
  session: string,
  reply: string,
  result: RestoredText,
  entries: readonly SpellingEntry[],
  encode: ((original: string) => string) | undefined,
): Promise<string | undefined> {
  const own = new Map(entries.map((e) => [`${e.start}:${e.end}:${e.token}`, e.surface]));
  const canonical = await readable(() => vault.reveal(session, [...new Set(result.restored.map((r) => r.token))]));
  if (!canonical) return undefined;
  let out = '';
  let pos = 0;
  for (const r of result.restored) {
    const value = own.get(`${r.start}:${r.end}:${r.token}`) ?? canonical.get(r.token);
    if (value === undefined) return undefined; // erased meanwhile: keep what was rendered
    out += reply.slice(pos, r.start) + (encode ? encode(value) : value);
    pos = r.end;
  }
  return out + reply.slice(pos);
}
