// The vault contract. `Vault` is what the pipeline and users call; `VaultBackend` is the small
// storage contract each store (memory, SQLite, Redis) implements. All cryptography, normalisation and
// token naming live above the backend (src/vault/vault.ts), so the three stores cannot drift apart.

/** How replacements are named. */
export type TokenMode =
  /** `<PERSON_1>`: numbered per session and type (default). */
  | 'token'
  /** `<PERSON_k3f9x2qa…>`: HMAC of the value under the key; same in every process and session. */
  | 'deterministic'
  /** A realistic fake value of the same shape, restored by exact match. */
  | 'surrogate';

/** How a record's token was made (stored with the record); 'sheet' is a spelling sheet (spellings.ts). */
export type RecordKind = 'counter' | 'hmac' | 'surrogate' | 'sheet';

/** Ask for the token of one value. */
export interface TokenRequest {
  session: string;
  type: string;
  /** The original value as it appears in the text. */
  value: string;
  mode?: TokenMode;
  /** Session lifetime in ms, applied when this request creates the session (default: vault's ttl). */
  ttl?: number | string;
  /**
   * Surrogate mode: the text the value is being replaced in. A new surrogate is never a string that
   * occurs in it, so no surrogate reads like a word of that text: had "मुंबई" become "पुणे" in a
   * text that also names पुणे once where detection missed it, restoring would have turned both into
   * मुंबई. Used for the choice only; never stored.
   */
  avoid?: string;
}

export interface TokenizeOptions {
  /**
   * The requests' sessions were made for this call (`anonymise` without a `session`): no later call is
   * likely to ask for them, so their plans are kept for this call's repeats only, not memoised. A
   * later call that does pass such a session plans its values again (one HMAC each) and gets the same
   * tokens. Tokens never depend on this hint. Why: a memo entry of a session nobody asks for again is
   * garbage that lives long enough to be promoted. A one-off 1 KB call left ~3.5 KB of them in the old
   * generation: a quarter of what each scavenge copied (its pause 3.2 → 2.4 ms) and half the growth
   * that sets off full collections.
   */
  newSessions?: boolean;
}

/** One replaced occurrence whose spelling differs from the canonical one: offsets in the output text. */
export interface SpellingEntry {
  start: number;
  end: number;
  token: string;
  /** The original as written at that place (personal data: only ever stored encrypted). */
  surface: string;
}

/** Where a value is held (for access requests). Never contains the value or other originals. */
export interface ValueLocation {
  session: string;
  token: string;
  type: string;
  keyId: string;
  createdAt: number;
  expiresAt: number;
}

export interface VaultStats {
  sessions: number;
  records: number;
  byType: Record<string, number>;
  byKeyId: Record<string, number>;
}

export interface RotationResult {
  keyId: string;
  reencrypted: number;
}

/** The public vault: one interface, three stores. Every method is safe to call concurrently. */
export interface Vault {
  /** 'memory' | 'sqlite' | 'redis' */
  readonly store: string;
  /** Id of the current key (first 8 hex of HMAC(key, "kid")). */
  readonly keyId: string;
  /** True when the key is random and lives only in this process (default in-memory vault). */
  readonly ephemeralKey: boolean;
  /**
   * Allocate-or-get: the token for each request, in order. The same normalised value gets the same
   * token in a session; two values never share a token. Tokens are durable before this resolves.
   */
  tokenize(requests: readonly TokenRequest[], options?: TokenizeOptions): Promise<string[]>;
  /** The originals of known, unexpired tokens (canonical form) of a session. Unknown tokens are absent. */
  reveal(session: string, tokens: readonly string[]): Promise<Map<string, string>>;
  /** The surrogate strings issued in a session (they are fake values, stored in clear). */
  surrogates(session: string): Promise<string[]>;
  /** Erase a session. Returns the number of records removed. */
  forgetSession(session: string): Promise<number>;
  /** Erase one value from every session (by its lookup HMAC). Without `type`, every type is tried. */
  forgetValue(value: string, options?: { type?: string }): Promise<number>;
  /** Where a value is held, decrypting nothing. */
  exportValue(value: string, options?: { type?: string }): Promise<ValueLocation[]>;
  /** Delete expired sessions and their records. Returns the number of records removed. */
  purgeExpired(): Promise<number>;
  /**
   * Exact restore (optional; see src/vault/spellings.ts): keep, encrypted, the spellings one
   * anonymise call replaced that differ from the vault's canonical ones, keyed by its output text.
   */
  saveSpellings?(session: string, output: string, entries: readonly SpellingEntry[]): Promise<void>;
  /** The spellings saved for exactly this output text in the session, or undefined. */
  spellings?(session: string, text: string): Promise<SpellingEntry[] | undefined>;
  /** Re-encrypt and re-index every record under a new key; the old key stays readable meanwhile. */
  rotateKey(newKey: string | Uint8Array): Promise<RotationResult>;
  stats(): Promise<VaultStats>;
  close(): Promise<void>;
}

/** A record as a backend stores it: no plaintext personal data. */
export interface StoredRecord {
  session: string;
  token: string;
  type: string;
  kind: RecordKind;
  /** Hex HMAC of `type \0 normalised value` under the lookup key of `keyId`. */
  lookup: string;
  keyId: string;
  /**
   * `version | counter | ciphertext | tag` (see crypto.ts); AAD binds session, token and type.
   * Read-only: a store may hand the same Buffer to several reads (the memory store does for a session
   * read again, src/vault/memory-reads.ts).
   */
  blob: Buffer;
  createdAt: number;
  expiresAt: number;
}

/**
 * One allocate-or-get, as the core hands it to a backend. The core's requests are class instances:
 * `seal`, `sealLatin1`, `sealRoom` and `sealInto` live on the prototype, so a store that copies a request (a spread,
 * `structuredClone`) must call them on the original.
 */
export interface AllocateRequest {
  session: string;
  type: string;
  kind: RecordKind;
  /** Lookup HMACs under the current key, then under previous keys (a record under any is a hit). */
  lookups: readonly string[];
  /** Counter kind: the token's TYPE part; the backend numbers it per session and prefix. */
  prefix: string;
  /** hmac/surrogate kinds: tokens to try in order (first one free in the session wins). */
  candidates: readonly string[];
  /**
   * Further candidates, computed only when every one in `candidates` is taken (surrogates: the first
   * few are almost always free, so most requests never pay for the rest). Stores that must send every
   * candidate at once (Redis scripts) append them up front.
   */
  moreCandidates?: () => readonly string[];
  keyId: string;
  /**
   * The core planned this value in this session before and that call got a token (src/vault/memo.ts):
   * the record most likely exists, so a store may answer it with a read and skip its write transaction
   * when every request of a call is known. Only a hint: a miss is allocated as usual.
   */
  known?: boolean;
  now: number;
  /** Session expiry if this request creates the session. */
  expiresAt: number;
  /** Encrypt the original for a token (AAD binds it); called once the token is known. */
  seal(token: string): Buffer;
  /** The same record as a latin1 string (one character per byte), for a store that keeps strings. */
  sealLatin1?(token: string): string;
  /** Bytes `sealInto` may write. */
  sealRoom?(): number;
  /** The same record written into `out` at `at` (`sealRoom()` bytes free there); returns its length. */
  sealInto?(token: string, out: Buffer, at: number): number;
}

export interface RecordPage {
  records: StoredRecord[];
  /** '' when the pass is over. */
  cursor: string;
}

export type ReplaceOutcome = 'ok' | 'changed' | 'taken';

export interface PurgeCounts {
  sessions: number;
  records: number;
}

/** Storage contract. Backends compare expiry with the `now` they are given (injectable clock). */
export interface VaultBackend {
  readonly store: string;
  /** Atomic allocate-or-get for each request (in order, so counters follow text order). */
  allocate(requests: readonly AllocateRequest[]): Promise<string[]>;
  /** Records of unexpired tokens in a session. */
  get(session: string, tokens: readonly string[], now: number): Promise<StoredRecord[]>;
  /** Tokens of one kind in an unexpired session. */
  tokensOfKind(session: string, kind: RecordKind, now: number): Promise<string[]>;
  deleteSession(session: string): Promise<number>;
  /** Delete these tokens' records (and their lookups) in one session. */
  deleteTokens(session: string, tokens: readonly string[]): Promise<number>;
  /** Delete records with any of these lookups, in every session. */
  deleteLookups(lookups: readonly string[]): Promise<number>;
  /** Unexpired records with any of these lookups. */
  findLookups(lookups: readonly string[], now: number): Promise<StoredRecord[]>;
  purgeExpired(now: number): Promise<PurgeCounts>;
  /**
   * One page of a pass over every record not under `keyId`, for rotation. `cursor` is '' to start and
   * the returned cursor is '' when the pass is over. A record present for the whole pass is returned at
   * least once; one page may hold more than `limit` records. Each call costs O(page), so a whole pass
   * is linear in the number of records (issue 14, item 8).
   */
  recordsNotUnder(keyId: string, limit: number, cursor: string): Promise<RecordPage>;
  /**
   * Replace `old` by `next` (same session and token) if `old` is unchanged: 'ok'; 'changed' when `old`
   * was modified or erased meanwhile; 'taken' when another token of the session holds `next.lookup`
   * (a duplicate of the same value, which the core then merges under an alias lookup).
   */
  replace(old: StoredRecord, next: StoredRecord): Promise<ReplaceOutcome>;
  /**
   * Key ids of unexpired records. Exact for memory and SQLite; Redis keeps an index that may list a key
   * id no record uses any more (a superset), which `retireKeyIds` prunes after a rotation pass.
   */
  keyIds(now: number): Promise<string[]>;
  /** Drop key ids from the key-id index (a no-op where `keyIds` is exact). A writer under one re-adds it. */
  retireKeyIds(ids: readonly string[]): Promise<void>;
  /**
   * Which of `ids` unexpired records really use (exact backends: all of them, as `keyIds` said). Redis
   * drops them from its index, reads every record, and puts back those in use: the slow, exact answer
   * for the rare case where the index names a key id the keyring lacks.
   */
  confirmKeyIds(ids: readonly string[], now: number): Promise<string[]>;
  stats(now: number): Promise<VaultStats>;
  /** Distinct entity types stored (for forgetValue/exportValue without a type). */
  types(): Promise<string[]>;
  close(): Promise<void>;
}
