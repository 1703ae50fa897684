// Exact restore for records and CSV rows (design in src/vault/spellings.ts). Each field is anonymised
// as its own text, and fields often come out identical (`<AADHAAR_1>` from "2345 6789 0124" in one
// field and from "234567890124" in another), so a sheet filed under the field's output text is shared
// by both: the first one stored is the one `deanonymise` of that text applies. A field's sheet is
// therefore also filed under a hash of the whole record's output (its JSON text) and the field's JSON
// Pointer; deanonymiseRecord has both, so each field gets its own spellings back (and a field without
// a sheet of its own its canonical ones), while the vault is given neither the record nor the path
// (keys are data too) in clear. The sheet under the field's text stays for restores that see one
// field's text alone (`kavach restore` of a JSONL file, deanonymise of a single field).
import { sha256Hex as sha256 } from '../hmac.js';
import type { Vault } from '../vault/interface.js';
import { recordSpellings, type ReplacedOccurrence } from '../vault/spellings.js';

/** A record's output as the scope of its fields' sheets: the SHA-256 of its JSON text. */
function recordScope(output: unknown): string {
  return sha256(JSON.stringify(output));
}

/** What a field's sheet is filed under: hashes only. */
function fieldSheetKey(scope: string, path: string): string {
  return `kavach-record-sheet:${sha256(`${scope}\u0000${path}`)}`;
}

/** One field's part of the exact restore: its input, its output text and what replaced what (offsets in the field's own text). */
export interface FieldSpellings {
  path: string;
  input: string;
  output: string;
  replaced: readonly ReplacedOccurrence[];
}

/**
 * After every field of a record is anonymised (so `output` is final): a sheet for each field that
 * holds an occurrence written differently from its token's canonical spelling (none otherwise).
 */
export async function saveFieldSpellings(vault: Vault, session: string, output: unknown, fields: readonly FieldSpellings[]): Promise<void> {
  if (typeof vault.saveSpellings !== 'function') return;
  let scope: string | undefined;
  for (const f of fields) {
    if (!f.replaced.some((r) => typeof r.token === 'string')) continue;
    scope ??= recordScope(output);
    await recordSpellings(vault, session, f.input, f.output, f.replaced, [fieldSheetKey(scope, f.path), f.output]);
  }
}

/**
 * The restorer's side for one record (exactly as anonymiseRecord or anonymiseCsvRow returned it): the
 * key each field's sheet is filed under, for deanonymise's `spellingsKey`. A field without a sheet of
 * its own comes back in canonical spellings, never in a sheet of its text that another field, row or
 * call of the session left.
 */
export function fieldSheetKeys(record: unknown): (path: string) => string {
  let scope: string | undefined;
  return (path) => fieldSheetKey((scope ??= recordScope(record)), path);
}
