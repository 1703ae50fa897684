// One secret (32 random bytes) per environment; every working key is derived from it with HKDF, so
// the encryption, lookup and token keys are independent and none reveals another.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KavachError } from '../errors.js';
import { hkdf, hmac } from './crypto.js';

export const KEY_BYTES = 32;

/** What callers may pass as a key: base64 text of 32 bytes, or the 32 bytes themselves. */
export type KeyInput = string | Uint8Array;

/** Keys derived from one master secret. `id` names the secret without revealing it. */
export interface DerivedKeys {
  /** First 8 hex digits of HMAC(master, "kid"): stored with every record. */
  readonly id: string;
  /** AES-256-GCM key for originals at rest. */
  readonly enc: Buffer;
  /** HMAC key for value lookups (normalised value → index entry). */
  readonly lookup: Buffer;
  /** HMAC key for deterministic tokens and surrogate seeds. */
  readonly token: Buffer;
}

/** A fresh random key, base64, for `KAVACH_KEY` (e.g. `node -e "..."` in the README). */
export function generateKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/** Parse a key. Errors name the source and the problem, never the key material. */
export function parseKey(input: KeyInput, source = 'key'): Buffer {
  if (input instanceof Uint8Array) {
    if (input.length !== KEY_BYTES) throw new KavachError('KEY_INVALID', `${source} must be ${KEY_BYTES} bytes, got ${input.length}`);
    return Buffer.from(input);
  }
  if (typeof input !== 'string') throw new KavachError('KEY_INVALID', `${source} must be a base64 string or ${KEY_BYTES} bytes`);
  const text = input.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    throw new KavachError('KEY_INVALID', `${source} is not base64 (expected ${KEY_BYTES} random bytes, base64-encoded)`);
  }
  const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length !== KEY_BYTES) {
    throw new KavachError('KEY_INVALID', `${source} must decode to ${KEY_BYTES} bytes, got ${bytes.length}`);
  }
  return bytes;
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
  /** Path to a file holding the key (base64 text, or exactly 32 raw bytes). */
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
    throw new KavachError('KEY_MISSING', `${source}: key file cannot be read`, { cause: err });
  }
  const text = raw.toString('utf8').trim();
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text) && Buffer.from(text, 'base64').length === KEY_BYTES) return parseKey(text, source);
  if (raw.length === KEY_BYTES) return raw;
  return parseKey(text, source);
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
      throw new KavachError(
        'KEY_MISSING',
        `${storeName} vault needs a key: set KAVACH_KEY (32 random bytes, base64) or KAVACH_KEY_FILE, or pass { key }`,
      );
    }
    return new Keyring(randomBytes(KEY_BYTES), prev, true);
  }

  get current(): DerivedKeys {
    return this.current_;
  }

  /** Current first, then the others: the order lookups are tried in. */
  get keys(): DerivedKeys[] {
    return [this.current_, ...[...this.all.values()].filter((k) => k !== this.current_)];
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
    return this.current_;
  }

  /** Drop keys no record uses any more. */
  retire(keep: ReadonlySet<string>): void {
    for (const id of [...this.all.keys()]) if (id !== this.current_.id && !keep.has(id)) this.all.delete(id);
  }
}
