// Values already decrypted, kept per (session, token) with the ciphertext they came from. A chat
// session sends its values again on every turn, and anonymise reads each one's canonical spelling back
// (src/vault/spellings.ts): one decryption per value per turn (an AES-GCM open was 27 % of a call with
// one known value in the memory vault). A record read again opens from here only when its blob is byte
// for byte the one opened before under the same key id and type: the same key, counter (or nonce),
// ciphertext and associated data decrypt to the same value, so a record another process erased and
// re-wrote, re-keyed or tampered with misses and is opened (and checked) as before. The vault drops
// everything on every erasure, expiry purge, rotation and close, like its plan memo, and the bound
// keeps it small. A record the vault seals for a named session is noted here as it is sealed (its
// bytes and value are at hand): anonymise reads every inserted token's canonical spelling back in the
// same call, which opened each new value right after sealing it. A one-off call's session (the
// tokenize hint `newSessions`) is not noted: nothing reads it again, and it would crowd the bound.
import { BySession } from './by-session.js';
import type { StoredRecord } from './interface.js';

interface Opened {
  blob: Buffer;
  keyId: string;
  type: string;
  value: string;
}

/** Default bound on kept values per vault (the plan memo's). */
export const OPENED_MAX = 16_384;

export class OpenedValues {
  private readonly values = new BySession<Opened>();

  constructor(private readonly max: number = OPENED_MAX) {}

  /** The value of `r` if this very ciphertext was opened before. */
  get(r: StoredRecord): string | undefined {
    const e = this.values.get(r.session, r.token);
    if (e === undefined || e.keyId !== r.keyId || e.type !== r.type) return undefined;
    // A store hands out a copy of the blob, or the memory store, for a session read again, the very
    // Buffer it handed out before (memory-reads.ts): noted here at the first read, it is this one.
    return e.blob === r.blob || e.blob.equals(r.blob) ? e.value : undefined;
  }

  /**
   * A record this process has just sealed (`blob`: its bytes, as the store will hand them back): a
   * read of it in this session (anonymise reads each inserted token's canonical spelling) then needs no
   * decryption. Kept only if the store returns these very bytes, like every entry.
   */
  sealed(session: string, token: string, keyId: string, type: string, blob: Buffer, value: string): void {
    if (this.max <= 0) return;
    if (this.values.size >= this.max) this.values.clear();
    this.values.set(session, token, { blob, keyId, type, value });
  }

  /** `r` opened to `value`. */
  set(r: StoredRecord, value: string): void {
    this.sealed(r.session, r.token, r.keyId, r.type, r.blob, value);
  }

  clear(): void {
    this.values.clear();
  }
}
