// Callers and their keys. The keys file is JSON: `{ "version": 1, "keys": [entry, ...] }`, one entry
// per key: `{ id, keyHash, env, allowIps, models, rpm, tpm, purposes, notAfter, createdAt }`. Only a
// SHA-256 hash of each key is stored (keys are 256-bit random strings, so a plain hash cannot be
// searched); the key itself is shown once, by `kavach keys add`. Two entries with one id are two
// keys of one caller: rotation adds a new key and gives the old one a `notAfter`.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../hmac.js';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import ipaddr from 'ipaddr.js';
import { KavachError } from '../errors.js';

export const ENVS = ['dev', 'test', 'prod'] as const;
export type KeyEnv = (typeof ENVS)[number];

export interface KeyEntry {
  /** The caller (a service or team): limits, alerts and audit events are per id. */
  id: string;
  /** `sha256:<hex>` of the key. */
  keyHash: string;
  env?: KeyEnv;
  /** CIDR ranges (or single addresses) the key may be used from; none: any address. */
  allowIps?: string[];
  /** Models the key may ask for (`gpt-4o-mini`, or a prefix ending in `*`); none: any model. */
  models?: string[];
  /** Requests per minute / upstream tokens per minute for this caller. */
  rpm?: number;
  tpm?: number;
  /** Purposes the caller may state (`x-kavach-purpose`); when set, a purpose is required. */
  purposes?: string[];
  /** ISO date-time after which the key is refused (rotation grace, temporary keys). */
  notAfter?: string;
  createdAt?: string;
}

export interface KeysFile {
  version: 1;
  keys: KeyEntry[];
}

const KEY_PREFIX = 'kvk_';

/** A new caller key: `kvk_` + 43 base64url characters (256 random bits). */
export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiKey(key: string): string {
  return `sha256:${sha256Hex(key)}`;
}

function bad(where: string, what: string): KavachError {
  return new KavachError('INVALID_OPTION', `keys file: ${where}: ${what}`);
}

function strings(v: unknown, where: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x.length > 0)) throw bad(where, 'must be an array of non-empty strings');
  return v as string[];
}

function positive(v: unknown, where: string): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || (v as number) < 1) throw bad(where, 'must be a positive integer');
  return v as number;
}

/** Parse one CIDR or address (`10.0.0.0/8`, `::1`, `192.168.1.5`). */
export function parseRange(s: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  if (s.includes('/')) return ipaddr.parseCIDR(s);
  const a = ipaddr.parse(s);
  return [a, a.kind() === 'ipv4' ? 32 : 128];
}

/** Check a parsed keys file; every mistake names the entry and the field. */
export function validateKeysFile(v: unknown): KeysFile {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw bad('top level', 'must be an object { version: 1, keys: [...] }');
  const o = v as { version?: unknown; keys?: unknown };
  if (o.version !== 1) throw bad('version', 'must be 1');
  if (!Array.isArray(o.keys)) throw bad('keys', 'must be an array');
  const keys = o.keys.map((e: unknown, i): KeyEntry => {
    const where = `keys[${i}]`;
    if (!e || typeof e !== 'object') throw bad(where, 'must be an object');
    const x = e as Record<string, unknown>;
    if (typeof x.id !== 'string' || !/^[A-Za-z0-9._:@-]{1,100}$/.test(x.id)) throw bad(`${where}.id`, 'must be 1-100 characters of A-Z a-z 0-9 . _ : @ -');
    if (typeof x.keyHash !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(x.keyHash)) throw bad(`${where}.keyHash`, 'must be sha256:<64 hex>');
    if (x.env !== undefined && !ENVS.includes(x.env as KeyEnv)) throw bad(`${where}.env`, 'must be dev, test or prod');
    const allowIps = strings(x.allowIps, `${where}.allowIps`);
    for (const r of allowIps ?? []) {
      try {
        parseRange(r);
      } catch {
        throw bad(`${where}.allowIps`, `"${r}" is not an IP address or CIDR range`);
      }
    }
    if (x.notAfter !== undefined && (typeof x.notAfter !== 'string' || Number.isNaN(Date.parse(x.notAfter)))) throw bad(`${where}.notAfter`, 'must be an ISO date-time');
    const entry: KeyEntry = { id: x.id, keyHash: x.keyHash };
    if (x.env !== undefined) entry.env = x.env as KeyEnv;
    if (allowIps) entry.allowIps = allowIps;
    const models = strings(x.models, `${where}.models`);
    if (models) entry.models = models;
    const purposes = strings(x.purposes, `${where}.purposes`);
    if (purposes) entry.purposes = purposes;
    const rpm = positive(x.rpm, `${where}.rpm`);
    if (rpm !== undefined) entry.rpm = rpm;
    const tpm = positive(x.tpm, `${where}.tpm`);
    if (tpm !== undefined) entry.tpm = tpm;
    if (typeof x.notAfter === 'string') entry.notAfter = x.notAfter;
    if (typeof x.createdAt === 'string') entry.createdAt = x.createdAt;
    return entry;
  });
  const hashes = new Set<string>();
  for (const [i, k] of keys.entries()) {
    if (hashes.has(k.keyHash)) throw bad(`keys[${i}].keyHash`, 'the same key appears twice');
    hashes.add(k.keyHash);
  }
  return { version: 1, keys };
}

export function readKeysFile(path: string): KeysFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new KavachError('INVALID_OPTION', `cannot read the keys file ${path}`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new KavachError('INVALID_OPTION', `the keys file ${path} is not valid JSON`);
  }
  return validateKeysFile(v);
}

/** Write atomically (temporary file, fsync, rename), owner-only. */
export function writeKeysFile(path: string, file: KeysFile): void {
  const checked = validateKeysFile(file);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(checked, null, 2)}\n`, { mode: 0o600 });
  const fd = openSync(tmp, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, path);
}

export type KeyCheck =
  | { ok: true; entry: KeyEntry }
  | { ok: false; reason: 'missing' | 'unknown' | 'expired' | 'environment' };

interface Compiled {
  entry: KeyEntry;
  hash: Buffer;
  ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
  notAfter: number;
}

/** The keys of one version of the file, ready for look-ups. */
export class KeyRing {
  private readonly byHash = new Map<string, Compiled>();

  constructor(
    file: KeysFile,
    private readonly env?: string,
  ) {
    for (const entry of file.keys) {
      this.byHash.set(entry.keyHash, {
        entry,
        hash: Buffer.from(entry.keyHash.slice(7), 'hex'),
        ranges: (entry.allowIps ?? []).map(parseRange),
        notAfter: entry.notAfter ? Date.parse(entry.notAfter) : Number.POSITIVE_INFINITY,
      });
    }
  }

  get size(): number {
    return this.byHash.size;
  }

  /** Look a presented key up (by its hash; the final comparison is constant-time). */
  check(key: string | undefined, now: number): KeyCheck {
    if (!key) return { ok: false, reason: 'missing' };
    const h = hashApiKey(key);
    const c = this.byHash.get(h);
    if (!c || !timingSafeEqual(c.hash, Buffer.from(h.slice(7), 'hex'))) return { ok: false, reason: 'unknown' };
    if (now > c.notAfter) return { ok: false, reason: 'expired' };
    if (this.env !== undefined && c.entry.env !== undefined && c.entry.env !== this.env) return { ok: false, reason: 'environment' };
    return { ok: true, entry: c.entry };
  }

  /** Whether the entry may be used from `ip` (no allowIps: any address). */
  ipAllowed(entry: KeyEntry, ip: string | undefined): boolean {
    const c = this.byHash.get(entry.keyHash);
    if (!c || c.ranges.length === 0) return true;
    return inRanges(c.ranges, ip);
  }
}

/** Whether a model is in a list (`gpt-4o*` matches by prefix). */
export function modelAllowed(models: readonly string[] | undefined, model: string | undefined): boolean {
  if (!models || models.length === 0) return true;
  if (!model) return false;
  return models.some((m) => (m.endsWith('*') ? model.startsWith(m.slice(0, -1)) : model === m));
}

/** A keys file on disk, re-read when it changes (so `kavach keys revoke` takes effect at once). */
export class KeysSource {
  private ring: KeyRing;
  private stamp: string;

  constructor(
    private readonly path: string,
    private readonly env?: string,
  ) {
    this.ring = new KeyRing(readKeysFile(path), env);
    this.stamp = this.stat();
  }

  private stat(): string {
    try {
      const s = statSync(this.path);
      return `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      return 'missing';
    }
  }

  /** The current keys. A file that became unreadable or invalid admits nobody until it is fixed (fail closed). */
  current(onError?: (message: string) => void): KeyRing {
    const stamp = this.stat();
    if (stamp !== this.stamp) {
      this.stamp = stamp;
      try {
        this.ring = new KeyRing(readKeysFile(this.path), this.env);
      } catch (err) {
        this.ring = new KeyRing({ version: 1, keys: [] }, this.env);
        onError?.(`kavach: the keys file changed and cannot be used (${(err as Error).message}); every key is refused until it is fixed`);
      }
    }
    return this.ring;
  }
}

/** Whether an address lies in one of the ranges (IPv4-mapped IPv6 addresses count as IPv4). */
export function inRanges(ranges: ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]>, ip: string | undefined): boolean {
  if (!ip || !ipaddr.isValid(ip)) return false;
  const addr = ipaddr.process(ip);
  return ranges.some(([range, bits]) => range.kind() === addr.kind() && addr.match(range, bits));
}

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopback(ip: string | undefined): boolean {
  if (!ip || !ipaddr.isValid(ip)) return false;
  return ipaddr.process(ip).range() === 'loopback';
}
