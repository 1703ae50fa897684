// The vault core: keys, normalisation, token naming and encryption over a storage backend.
import { sha256Hex } from '../hmac.js';
import { assertText, Errors } from '../errors.js';
import { assertSession, assertType } from './checks.js';
import { ENTITY_TYPES } from '../types.js';
import { base32, hmac, hmacHex, openRecord, sealRecord } from './crypto.js';
import type {
  AllocateRequest, RotationResult, SpellingEntry, StoredRecord, TokenizeOptions, TokenMode, TokenRequest, ValueLocation, Vault, VaultBackend, VaultStats,
} from './interface.js';
import { deriveKeys, Keyring, parseKey, type DerivedKeys, type KeySource } from './keys.js';
import { OpenedValues } from './opened.js';
import { keepPlan, MEMO_MAX, MEMO_VALUE_MAX, PlanMemo, planOf, type PlanParts, type SessionPlans } from './memo.js';
import { normaliseValue } from '../detect/normalise.js';
import { aliasLookups, ALIAS_MAX, ALIAS_RE, allocateRequest, callKey, planParts, valueLookups } from './plan.js';
import { DAY_MS, parseDuration } from './duration.js';

export { DAY_MS };
/** Default retention of a session: 90 days from its creation. */
export const DEFAULT_TTL_MS = 90 * DAY_MS;
/** Entity type of token-shaped text found in the input itself (escaped so it round-trips). */
export const LITERAL_TYPE = 'LITERAL';
/** Record type of a spelling sheet (exact restore, src/vault/spellings.ts). */
export const SPELLING_TYPE = 'SPELLING';

/** The plaintext of a spelling sheet: SHA-256 of the output text it belongs to, and its entries. */
interface Sheet {
  h: string;
  e: Array<[number, number, string, string]>;
}

export interface VaultOptions extends KeySource {
  /** Session lifetime: ms, or "90d" / "12h" / "30m" / "45s" (default 90 days). */
  ttl?: number | string;
  /** Injectable clock (ms since epoch) for retention; tests use a fake one. */
  clock?: () => number;
  /**
   * Most (session, value) plans kept to skip their HMACs when a value comes again, and most decrypted
   * values kept to skip reopening a record read again (default 16384 each; 0 turns both off). See
   * src/vault/memo.ts and src/vault/opened.ts.
   */
  memo?: number;
}

export { parseDuration };

/** Rotation pages and the bound on whole passes (each pass is linear in the records). */
const ROTATE_PAGE = 256;
const ROTATE_PASSES = 8;

export class PseudonymVault implements Vault {
  readonly store: string;
  private readonly ttl: number;
  private readonly clock: () => number;
  private closed = false;
  /** Set once the stored key ids were found covered by the keyring (see `assertKeysCover`). */
  private covered = false;
  private readonly memo: PlanMemo;
  /** Number of the last tokenize call (stamps memo entries, see `tokenize`). */
  private calls = 0;
  /** Values already decrypted, with the ciphertext they came from (src/vault/opened.ts). */
  private readonly opened: OpenedValues;

  constructor(
    private readonly backend: VaultBackend,
    private readonly keyring: Keyring,
    options: VaultOptions = {},
  ) {
    this.store = backend.store;
    this.ttl = options.ttl === undefined ? DEFAULT_TTL_MS : parseDuration(options.ttl);
    this.clock = options.clock ?? Date.now;
    const max = options.memo ?? MEMO_MAX;
    if (!Number.isInteger(max) || max < 0) throw Errors.invalidOption('memo must be a whole number of entries (0 turns it off)');
    this.memo = new PlanMemo(max);
    this.opened = new OpenedValues(max);
  }

  /** Entries in the plan memo (for tests and diagnostics; never the values). */
  get memoEntries(): number {
    return this.memo.entries;
  }

  get keyId(): string {
    return this.keyring.current.id;
  }

  get ephemeralKey(): boolean {
    return this.keyring.ephemeral;
  }

  private check(): void {
    if (this.closed) throw Errors.vaultClosed(`${this.store} vault is closed`);
  }

  /**
   * Wrong-key guard (issue 14, item 5). A vault opened with a valid but different key used to look up
   * values under its own key only: a stored value got a second token, and forgetValue/exportValue found
   * nothing while the records stayed (an erasure that silently erased nothing). Before the first write
   * and before every lookup-based erasure, export or rotation, the key ids of the stored (unexpired)
   * records must all be in the keyring (current + previous); otherwise KEY_MISSING naming the key ids.
   * forgetSession and purgeExpired do not depend on the key and stay available.
   */
  private async assertKeysCover(always: boolean, incoming?: string): Promise<void> {
    if (this.covered && !always) return;
    const unknown = (await this.backend.keyIds(this.clock())).filter((id) => id !== incoming && !this.keyring.byId(id));
    // An index may list a key id no record uses any more (Redis, after erasure): confirm before refusing.
    const missing = unknown.length ? (await this.backend.confirmKeyIds(unknown, this.clock())).sort() : [];
    if (missing.length > 0) {
      const have = this.keyring.keys.map((k) => k.id).join(', ');
      throw Errors.keyMissing(
        `the ${this.store} vault holds records under key id${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which the configured keys (${have}) do not include: ` +
          'writes, forgetValue, exportValue and rotateKey are refused so that no value gets a second token and no erasure misses a record; ' +
          'configure that key as KAVACH_KEY or in KAVACH_KEY_PREVIOUS',
      );
    }
    this.covered = true;
  }

  /**
   * Allocate-or-get. Each request's plan (lookup HMACs, kind, candidates) comes from the session's memo
   * when the same (mode, type, spelling) was planned before, else is computed and memoised; planning
   * and memoising happen in one synchronous loop, so no invalidation can fall between them. Requests
   * whose plan already returned a token are marked `known` (a backend may verify them with a read).
   * With `newSessions` (TokenizeOptions says why) the plans go to a map of this call instead.
   */
  async tokenize(requests: readonly TokenRequest[], options?: TokenizeOptions): Promise<string[]> {
    this.check();
    if (!Array.isArray(requests)) throw new TypeError('kavach: tokenize expects an array of requests');
    if (requests.length === 0) return [];
    await this.assertKeysCover(false);
    const now = this.clock();
    const planned: AllocateRequest[] = [];
    const parts: PlanParts[] = [];
    // A value asked again in one call goes to the backend once (its later requests would find the first
    // one's record by lookup); slot[i], made at the first repeat, is the request answering i. A repeat
    // finds its memo entry stamped with this call's number; once the memo cannot answer (memo off, long
    // value, eviction during the call) a Map of joined keys is built from what was planned so far.
    const call = ++this.calls;
    const evictions = this.memo.evictions;
    const origin: number[] = []; // origin[k]: the request planned[k] was made for
    let slot: number[] | undefined;
    let first: Map<string, number> | undefined;
    let session = '';
    let checkedType: unknown;
    let memo: SessionPlans | undefined;
    const local = options?.newSessions === true ? new Map<string, SessionPlans>() : undefined;
    for (let i = 0; i < requests.length; i++) {
      const req = requests[i]!;
      if (!req || typeof req !== 'object') throw new TypeError('kavach: token request must be an object');
      if (i === 0 || req.session !== session) {
        assertSession(req.session);
        session = req.session;
        memo = local === undefined ? this.memo.session(session) : (local.get(session) ?? local.set(session, new Map()).get(session));
      }
      // A call's requests share a few types: each new one is checked (a regular expression per request was
      // ~2 % of a one-off call's vault time).
      if (i === 0 || req.type !== checkedType) {
        assertType(req.type);
        checkedType = req.type;
      }
      assertText(req.value, 'value');
      if (req.avoid !== undefined && typeof req.avoid !== 'string') throw new TypeError('kavach: token request avoid must be a string');
      const mode: TokenMode = req.mode ?? 'token';
      const ttl = req.ttl === undefined ? this.ttl : parseDuration(req.ttl);
      let p = planOf(memo, mode, req.type, req.value);
      let at = p !== undefined && p.call === call ? p.slot : undefined;
      if (p === undefined && first !== undefined) at = first.get(callKey(requests[0]!, req));
      if (at !== undefined) {
        (slot ??= Array.from({ length: i }, (_, k) => k))[i] = at;
        continue;
      }
      if (!p) {
        p = planParts(this.keyring, session, mode, req.type, req.value);
        if (local !== undefined) keepPlan(memo!, req.value, p, false);
        else if (req.value.length <= MEMO_VALUE_MAX) {
          this.memo.set(session, req.value, p);
          memo ??= this.memo.session(session);
        }
        if (first === undefined && (this.memo.evictions !== evictions || planOf(memo, mode, req.type, req.value) !== p)) {
          first = new Map();
          for (let k = 0; k < origin.length; k++) first.set(callKey(requests[0]!, requests[origin[k]!]!), k);
        }
        first?.set(callKey(requests[0]!, req), planned.length);
      }
      p.call = call;
      p.slot = planned.length;
      if (slot) slot[i] = planned.length;
      origin.push(i);
      parts.push(p);
      planned.push(allocateRequest(this.keyring.current, session, req.type, req.value, p, now, now + ttl, local === undefined ? this.opened : undefined, req.avoid));
    }
    const tokens = await this.backend.allocate(planned);
    for (const p of parts) p.seen = true;
    if (slot === undefined) return tokens;
    // Sized, as the memory and SQLite stores size theirs, not made by `map`, whose array's kind depends
    // on this function's tier: callers see one kind of token array (src/text/plain.ts).
    const out = new Array<string>(slot.length);
    for (let i = 0; i < slot.length; i++) out[i] = tokens[slot[i]!]!;
    return out;
  }

  private decrypt(r: StoredRecord): string {
    const k = this.keyring.byId(r.keyId);
    if (!k) throw Errors.keyMissing(`a record is encrypted under key ${r.keyId}, which is not configured`);
    const hit = this.opened.get(r);
    if (hit !== undefined) return hit;
    const value = openRecord(k.enc, r.blob, r.session, r.token, r.type);
    this.opened.set(r, value);
    return value;
  }

  async reveal(session: string, tokens: readonly string[]): Promise<Map<string, string>> {
    this.check();
    assertSession(session);
    const out = new Map<string, string>();
    const uniq = [...new Set(tokens)];
    if (uniq.length === 0) return out;
    for (const r of await this.backend.get(session, uniq, this.clock())) out.set(r.token, this.decrypt(r));
    return out;
  }

  async surrogates(session: string): Promise<string[]> {
    this.check();
    assertSession(session);
    return this.backend.tokensOfKind(session, 'surrogate', this.clock());
  }

  async forgetSession(session: string): Promise<number> {
    this.check();
    assertSession(session);
    this.memo.forgetSession(session);
    this.opened.clear();
    return this.backend.deleteSession(session);
  }

  private async allLookups(value: string, type: string | undefined): Promise<string[]> {
    assertText(value, 'value');
    const types = type !== undefined ? [type] : [...new Set([...ENTITY_TYPES, LITERAL_TYPE, ...(await this.backend.types())])].filter((t) => t !== SPELLING_TYPE);
    return types.flatMap((t) => valueLookups(this.keyring, t, normaliseValue(t, value)).flatMap(aliasLookups));
  }

  async forgetValue(value: string, options: { type?: string } = {}): Promise<number> {
    this.check();
    assertText(value, 'value');
    await this.assertKeysCover(true);
    const lookups = await this.allLookups(value, options.type);
    this.memo.forgetLookups(new Set(lookups));
    this.opened.clear();
    const sessions = new Set((await this.backend.findLookups(lookups, this.clock())).map((r) => r.session));
    const n = await this.backend.deleteLookups(lookups);
    // Spelling sheets of those sessions may hold the value's spellings: erase them all (their texts
    // then restore in the canonical spellings).
    for (const session of sessions) {
      const sheets = await this.backend.tokensOfKind(session, 'sheet', this.clock());
      if (sheets.length) await this.backend.deleteTokens(session, sheets);
    }
    return n;
  }

  async exportValue(value: string, options: { type?: string } = {}): Promise<ValueLocation[]> {
    this.check();
    assertText(value, 'value');
    await this.assertKeysCover(true);
    const recs = await this.backend.findLookups(await this.allLookups(value, options.type), this.clock());
    return recs
      .map((r) => ({ session: r.session, token: r.token, type: r.type, keyId: r.keyId, createdAt: r.createdAt, expiresAt: r.expiresAt }))
      .sort((a, b) => a.createdAt - b.createdAt || (a.session < b.session ? -1 : 1));
  }

  async purgeExpired(): Promise<number> {
    this.check();
    // The memo does not know expiries: drop it all (it refills at one HMAC per value).
    this.memo.clear();
    this.opened.clear();
    return (await this.backend.purgeExpired(this.clock())).records;
  }

  /**
   * Re-encrypt and re-index every record under `newKey`. Whole passes over the store, each linear in
   * the records (a cursor, never a rescan from the start per batch); every record is a compare-and-swap,
   * so a rotation killed at any point is resumed by running it again (with the old key still in the
   * keyring). Duplicates of one value in a session are merged (see ALIAS_MAX in plan.ts). The rotation is complete
   * when no unexpired record is under another key id; a writer still using the old key as current
   * makes another pass necessary, up to ROTATE_PASSES.
   */
  async rotateKey(newKey: string | Uint8Array): Promise<RotationResult> {
    this.check();
    const parsed = parseKey(newKey, 'new key');
    // Records already under the new key (a resumed rotation, merged duplicates) are covered by it.
    await this.assertKeysCover(true, deriveKeys(parsed).id);
    const cur = this.keyring.rotate(parsed);
    // Memoised lookups and key ids belong to the old keyring.
    this.memo.clear();
    this.opened.clear();
    let reencrypted = 0;
    for (let pass = 1; ; pass++) {
      let cursor = '';
      do {
        const page = await this.backend.recordsNotUnder(cur.id, ROTATE_PAGE, cursor);
        for (const r of page.records) if (await this.rotateRecord(r, cur)) reencrypted++;
        cursor = page.cursor;
      } while (cursor !== '');
      const stale = (await this.backend.keyIds(this.clock())).filter((id) => id !== cur.id);
      if (stale.length === 0) break;
      if (pass >= ROTATE_PASSES) {
        throw Errors.vault(`key rotation did not finish: records under key id ${stale.join(', ')} keep appearing (is a process still writing with the old key as current?)`);
      }
      // Redis lists key ids no record may use any more: drop them and let the next pass confirm.
      await this.backend.retireKeyIds(stale);
    }
    return { keyId: cur.id, reencrypted };
  }

  /** Move one record under `cur`. False when it changed meanwhile (erased, re-keyed by another process). */
  private async rotateRecord(r: StoredRecord, cur: DerivedKeys): Promise<boolean> {
    const value = this.decrypt(r);
    const base = r.kind === 'sheet'
      ? this.sheetLookup(cur, r.session, (JSON.parse(value) as Sheet).h)
      : hmacHex(cur.lookup, `${r.type}\u0000${normaliseValue(r.type, value)}`);
    const all = aliasLookups(base);
    // An alias keeps its number when it can; any record may take the plain lookup if it is free.
    const alias = ALIAS_RE.exec(r.lookup);
    const order = alias ? [`${base}~${alias[1]}`, ...all.filter((l) => l !== `${base}~${alias[1]}`)] : all;
    const next: StoredRecord = { ...r, keyId: cur.id, lookup: base, blob: sealRecord(cur.enc, value, r.session, r.token, r.type) };
    for (const lookup of order) {
      const outcome = await this.backend.replace(r, { ...next, lookup });
      if (outcome === 'ok') return true;
      if (outcome === 'changed') return false;
    }
    throw Errors.vault(`key rotation: more than ${ALIAS_MAX} records of one ${r.type} value in one session`);
  }

  /**
   * Spelling sheets (issue 14, item 9; design in src/vault/spellings.ts). A sheet is a record of the
   * session: kind 'sheet', type SPELLING, looked up by HMAC(lookup key, session + SHA-256 of the output
   * text), its token an HMAC too (nothing about the text in clear), its blob the encrypted JSON
   * `{ h: SHA-256 of the text, e: [[start, end, token, spelling], …] }`. Being a record, it expires with
   * its session, is erased by forgetSession and purgeExpired, re-keyed by rotateKey (the lookup is
   * recomputed from `h`), and counted by the key check.
   */
  private sheetLookup(k: DerivedKeys, session: string, h: string): string {
    return hmacHex(k.lookup, `${SPELLING_TYPE}\u0000${session}\u0000${h}`);
  }

  async saveSpellings(session: string, output: string, entries: readonly SpellingEntry[]): Promise<void> {
    this.check();
    assertSession(session);
    assertText(output, 'output');
    if (entries.length === 0) return;
    await this.assertKeysCover(false);
    const cur = this.keyring.current;
    const h = sha256Hex(output);
    const sheet: Sheet = { h, e: entries.map((x) => [x.start, x.end, x.token, x.surface]) };
    const now = this.clock();
    const token = `~sheet_${base32(hmac(cur.token, `sheet\u0000${session}\u0000${h}`)).slice(0, 26)}`;
    // Allocate-or-get: the first sheet for a text wins (two inputs that anonymise to the same text in
    // one session keep the first one's spellings).
    await this.backend.allocate([{
      session, type: SPELLING_TYPE, kind: 'sheet', prefix: SPELLING_TYPE, candidates: [token], keyId: cur.id, now,
      expiresAt: now + this.ttl, lookups: this.keyring.keys.map((k) => this.sheetLookup(k, session, h)),
      seal: (t) => sealRecord(cur.enc, JSON.stringify(sheet), session, t, SPELLING_TYPE),
    }]);
  }

  async spellings(session: string, text: string): Promise<SpellingEntry[] | undefined> {
    this.check();
    assertSession(session);
    assertText(text, 'text');
    const h = sha256Hex(text);
    const recs = await this.backend.findLookups(this.keyring.keys.map((k) => this.sheetLookup(k, session, h)), this.clock());
    const rec = recs.find((r) => r.session === session && r.kind === 'sheet');
    if (!rec) return undefined;
    const sheet = JSON.parse(this.decrypt(rec)) as Sheet;
    if (sheet.h !== h) return undefined;
    return sheet.e.map(([start, end, token, surface]) => ({ start, end, token, surface }));
  }

  async stats(): Promise<VaultStats> {
    this.check();
    return this.backend.stats(this.clock());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.memo.clear();
    this.opened.clear();
    await this.backend.close();
  }
}
