// The SQLite vault's schema, row mapping, error wrapping and owner-only file creation (src/vault/sqlite.ts
// is the backend). No column holds plaintext personal data: originals are sealed blobs (crypto.ts), lookups HMACs.
import { chmodSync, closeSync, constants, existsSync, openSync, statSync } from 'node:fs';
import { KavachError, Errors } from '../errors.js';
import type { RecordKind, StoredRecord } from './interface.js';

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS kavach_session (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kavach_session_exp ON kavach_session (expires_at);
CREATE TABLE IF NOT EXISTS kavach_record (
  session TEXT NOT NULL,
  token TEXT NOT NULL,
  type TEXT NOT NULL,
  kind TEXT NOT NULL,
  lookup TEXT NOT NULL,
  key_id TEXT NOT NULL,
  blob BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (session, token),
  UNIQUE (session, lookup)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kavach_record_lookup ON kavach_record (lookup);
CREATE INDEX IF NOT EXISTS kavach_record_key_exp ON kavach_record (key_id, expires_at);
DROP INDEX IF EXISTS kavach_record_key;
CREATE INDEX IF NOT EXISTS kavach_record_kind ON kavach_record (session, kind);
CREATE INDEX IF NOT EXISTS kavach_record_exp ON kavach_record (expires_at);
CREATE TABLE IF NOT EXISTS kavach_counter (
  session TEXT NOT NULL,
  prefix TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (session, prefix)
) WITHOUT ROWID;
`;

export interface Row {
  session: string;
  token: string;
  type: string;
  kind: RecordKind;
  lookup: string;
  key_id: string;
  blob: Buffer;
  created_at: number;
  expires_at: number;
}

export function toRecord(r: Row): StoredRecord {
  return {
    session: r.session, token: r.token, type: r.type, kind: r.kind, lookup: r.lookup, keyId: r.key_id,
    blob: r.blob, createdAt: r.created_at, expiresAt: r.expires_at,
  };
}

export function wrap<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof KavachError) throw err;
    // Driver messages name SQL and constraints, never bound values; keep them as the cause only.
    throw Errors.vault(`sqlite vault: ${what} failed`, { cause: err });
  }
}

/**
 * Create the database file owner-only (0600) before SQLite opens it: SQLite gives the -wal and -shm
 * files the mode of the database file, so all three are 0600. An existing file (and its -wal/-shm)
 * readable by group or others is tightened to 0600. In-memory and URI paths are left to SQLite.
 */
export function ownerOnlyFile(path: string): void {
  if (path === ':memory:' || path === '' || path.startsWith('file:')) return;
  if (!existsSync(path)) {
    try {
      closeSync(openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another process created it first
    }
  }
  for (const p of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) {
    try {
      if (process.platform !== 'win32' && (statSync(p).mode & 0o077) !== 0) chmodSync(p, 0o600);
    } catch {
      // Missing -wal/-shm, or a file we do not own: SQLite reports real problems on open.
    }
  }
}

