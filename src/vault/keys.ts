// One secret (32 random bytes) per environment; every working key is derived from it with HKDF, so
// the encryption, lookup and token keys are independent and none reveals another.
//
// Key formats (issue 14, item 16). A *raw key* is 32 random bytes, given as
//   - base64 (standard or URL-safe) text of 32 bytes — what `generateKey()` prints,
//   - hex text of 32 bytes (64 hex digits),
//   - a Uint8Array of 32 bytes, or a key file holding one of the texts above or exactly 32 binary bytes.
// A *passphrase* is never used as key bytes: it must be written `passphrase:<at least 16 characters>`
// and is stretched with scrypt (N=2^15, r=8, p=1, fixed salt, so every process derives the same key).
// Refused with KEY_INVALID: an all-zero key, and 32 key bytes that are all printable ASCII — a
// passphrase given as raw bytes (a 32-character key file, Buffer.from(passphrase), or base64/hex of
// one): the chance that 32 random bytes are all printable is about 10^-14. Messages name the source,
// never the material.
import { createHash, randomBytes, scryptSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Errors } from '../errors.js';
import { hkdf, hmac } from './crypto.js';

export const KEY_BYTES = 32;

/** What callers may pass as a key: base64 or hex text of 32 bytes, `passphrase:…`, or the 32 bytes themselves. */
export type KeyInput = string | Uint8Array;

/** Keys derived from one master secret. `id` names the secret without revealing it. */
export interface DerivedKeys {
  /** First 8 hex digits of HMAC(master, "kid"): stored with every record. */
  readonly id: string;
  /** Record key for originals at rest (crypto.ts derives its CTR and MAC keys from it). */
  readonly enc: Buffer;
  /** HMAC key for value lookups (normalised value → index entry). */
  readonly lookup: Buffer;
  /** HMAC key for deterministic tokens and surrogate seeds. */
  readonly token: Buffer;
}

/** Prefix that marks a passphrase (stretched with scrypt) rather than raw key material. */
export const PASSPHRASE_PREFIX = 'passphrase:';
/** Shortest passphrase accepted after the prefix. */
export const PASSPHRASE_MIN = 16;
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const SCRYPT_SALT = 'kavach/v1 passphrase';
/** Derived passphrase keys by SHA-256 of the passphrase: scrypt is slow on purpose, pay it once. */
const derived = new Map<string, Buffer>();

/** A fresh random key, base64, for `KAVACH_KEY` (e.g. `node -e "..."` in the README). */
export function generateKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/** 32 printable ASCII bytes: text (a passphrase), not random bytes (odds for random bytes ≈ 10^-14). */
function isText(key: Uint8Array): boolean {
  return key.every((b) => b >= 0x20 && b < 0x7f);
}

function checkStrength(key: Buffer, source: string): Buffer {
  if (key.every((b) => b === 0)) throw Errors.keyInvalid(`${source} is all zero bytes; generate 32 random bytes (see generateKey)`);
  if (isText(key)) {
    throw Errors.keyInvalid(
      `${source} is ${KEY_BYTES} printable characters, which looks like a passphrase, not ${KEY_BYTES} random bytes; write "${PASSPHRASE_PREFIX}…" to derive a key from a passphrase`,
    );
  }
  return key;
}

function fromPassphrase(phrase: string, source: string): Buffer {
  if ([...phrase].length < PASSPHRASE_MIN) {
    throw Errors.keyInvalid(`${source}: a passphrase must have at least ${PASSPHRASE_MIN} characters`);
  }
  const id = createHash('sha256').update(phrase, 'utf8').digest('hex');
  let key = derived.get(id);
  if (!key) {
    key = scryptSync(phrase.normalize('NFC'), SCRYPT_SALT, KEY_BYTES, SCRYPT);
    derived.set(id, key);
  }
  return key;
}

/** Parse a key. Errors name the source and the problem, never the key material. */
export function parseKey(input: KeyInput, source = 'key'): Buffer {
  if (input instanceof Uint8Array) {
    if (input.length !== KEY_BYTES) throw Errors.keyInvalid(`${source} must be ${KEY_BYTES} bytes, got ${input.length}`);
    return checkStrength(Buffer.from(input), source);
  }
  if (typeof input !== 'string') throw Errors.keyInvalid(`${source} must be a base64 or hex string or ${KEY_BYTES} bytes`);
  if (input.startsWith(PASSPHRASE_PREFIX)) return fromPassphrase(input.slice(PASSPHRASE_PREFIX.length), source);
  const text = input.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return checkStrength(Buffer.from(text, 'hex'), source);
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    throw Errors.keyInvalid(
      `${source} is not base64 or hex (expected ${KEY_BYTES} random bytes; a passphrase must be written "${PASSPHRASE_PREFIX}…")`,
    );
  }
  const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length !== KEY_BYTES) {
    throw Errors.keyInvalid(
      `${source} must decode to ${KEY_BYTES} bytes, got ${bytes.length} (a passphrase must be written "${PASSPHRASE_PREFIX}…")`,
    );
  }
  return checkStrength(bytes, source);
}

export function deriveKeys(master: Buffer): DerivedKeys {
  return {
    id: hmac(master, 'kid').toString('hex').slice(0, 8),
    enc: hkdf(master, 'kavach record encryption v1'),
    lookup: hkdf(master, 'kavach value lookup v1'),
    token: hkdf(master, 'kavach token derivation v1'),
  };
}

export interface KeySource {
  /** Explicit key (wins over the environment). */
  key?: KeyInput;
  /** Path to a file holding the key (base64 or hex text, `passphrase:…`, or exactly 32 binary bytes). */
  keyFile?: string;
  /** Keys that records may still be encrypted under (during or after a rotation). */
  previousKeys?: readonly KeyInput[];
  /** Environment to read KAVACH_KEY / KAVACH_KEY_FILE / KAVACH_KEY_PREVIOUS from (default process.env). */
  env?: Record<string, string | undefined>;
}

function readKeyFile(path: string, source: string): Buffer {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (err) {
    throw Errors.keyMissing(`${source}: key file cannot be read`, { cause: err });
  }
  const text = raw.toString('utf8');
  if (text.startsWith(PASSPHRASE_PREFIX)) return parseKey(text.replace(/\r?\n$/, ''), source);
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return parseKey(trimmed, source);
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) && Buffer.from(trimmed, 'base64').length === KEY_BYTES) return parseKey(trimmed, source);
  // 32 printable bytes are a typed passphrase, not random bytes: checkStrength refuses them.
  if (raw.length === KEY_BYTES) return checkStrength(Buffer.from(raw), source);
  return parseKey(trimmed, source);
}

/**
 * Resolve the master key: `key` option, then `keyFile`, then KAVACH_KEY, then KAVACH_KEY_FILE.
 * Returns undefined when none is configured (the caller decides whether that is an error).
 */
export function resolveKey(src: KeySource = {}): Buffer | undefined {
  const env = src.env ?? process.env;
  if (src.key !== undefined) return parseKey(src.key, 'key option');
  if (src.keyFile !== undefined) return readKeyFile(src.keyFile, 'keyFile option');
  if (env.KAVACH_KEY) return parseKey(env.KAVACH_KEY, 'KAVACH_KEY');
  if (env.KAVACH_KEY_FILE) return readKeyFile(env.KAVACH_KEY_FILE, 'KAVACH_KEY_FILE');
  return undefined;
}

/** The current key plus previous ones: records under any of them read; new records use `current`. */
export class Keyring {
  private current_: DerivedKeys;
  private readonly all = new Map<string, DerivedKeys>();
  /** True when the key was generated for this process only (in-memory vaults). */
  readonly ephemeral: boolean;

  constructor(master: Buffer, previous: readonly Buffer[] = [], ephemeral = false) {
    this.current_ = deriveKeys(master);
    this.all.set(this.current_.id, this.current_);
    for (const p of previous) {
      const d = deriveKeys(p);
      if (!this.all.has(d.id)) this.all.set(d.id, d);
    }
    this.ephemeral = ephemeral;
  }

  /** Build from options/environment. A persistent store passes `required: true`. */
  static load(src: KeySource, required: boolean, storeName: string): Keyring {
    const env = src.env ?? process.env;
    const master = resolveKey(src);
    const prev = (src.previousKeys ?? (env.KAVACH_KEY_PREVIOUS ? env.KAVACH_KEY_PREVIOUS.split(',') : [])).map((k, i) =>
      parseKey(k, `previous key #${i + 1}`),
    );
    if (master) return new Keyring(master, prev);
    if (required) {
      throw Errors.keyMissing(
        `${storeName} vault needs a key: set KAVACH_KEY (32 random bytes, base64) or KAVACH_KEY_FILE, or pass { key }`,
      );
    }
    return new Keyring(randomBytes(KEY_BYTES), prev, true);
  }

  get current(): DerivedKeys {
    return this.current_;
  }

  /** `keys`, made once per change of the keyring: every new value reads it (one HMAC per key). */
  private ordered: readonly DerivedKeys[] | undefined;

  /** Current first, then the others: the order lookups are tried in. */
  get keys(): readonly DerivedKeys[] {
    return (this.ordered ??= Object.freeze([this.current_, ...[...this.all.values()].filter((k) => k !== this.current_)]));
  }

  byId(id: string): DerivedKeys | undefined {
    return this.all.get(id);
  }

  /** Make `master` current; the old current stays readable as a previous key. Returns the new id. */
  rotate(master: Buffer): DerivedKeys {
    const d = deriveKeys(master);
    const existing = this.all.get(d.id);
    this.current_ = existing ?? d;
    this.all.set(this.current_.id, this.current_);
    this.ordered = undefined;
    return this.current_;
  }

  /** Drop keys no record uses any more. */
  retire(keep: ReadonlySet<string>): void {
    for (const id of [...this.all.keys()]) if (id !== this.current_.id && !keep.has(id)) this.all.delete(id);
    this.ordered = undefined;
  }
}
