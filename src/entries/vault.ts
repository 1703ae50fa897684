// `kavach/vault`: the stores. A view of the package root (one copy of every class and registry in
// both the ESM and the CJS build); better-sqlite3 and ioredis load only when a store is opened.
export { createMemoryVault, createSqliteVault, createRedisVault, PseudonymVault, DEFAULT_TTL_MS, generateKey, scanTokens, TOKEN_MAX_SPAN } from '../index.js';
export type {
  SqliteVaultOptions, RedisVaultOptions, VaultOptions, KeyInput, KeySource, Vault, VaultBackend, TokenMode, TokenRequest,
  ValueLocation, VaultStats, RotationResult, StoredRecord, AllocateRequest,
} from '../index.js';
