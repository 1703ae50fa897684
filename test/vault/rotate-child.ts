// Child process for test/vault/rotation.test.ts: rotates a shared vault to a new key and SIGKILLs
// itself after `killAfter` records were re-encrypted, i.e. in the middle of the rotation.
import type { ReplaceOutcome, StoredRecord } from '../../src/vault/interface.js';
import { Keyring } from '../../src/vault/keys.js';
import { RedisBackend } from '../../src/vault/redis.js';
import { SqliteBackend } from '../../src/vault/sqlite.js';
import { PseudonymVault } from '../../src/vault/vault.js';

interface Config {
  store: 'sqlite' | 'redis';
  path?: string;
  url?: string;
  prefix?: string;
  oldKey: string;
  newKey: string;
  killAfter: number;
}

const cfg = JSON.parse(process.argv[2]!) as Config;
let done = 0;
const count = (outcome: ReplaceOutcome): ReplaceOutcome => {
  if (outcome === 'ok' && ++done >= cfg.killAfter) process.kill(process.pid, 'SIGKILL');
  return outcome;
};
class KilledSqlite extends SqliteBackend {
  override async replace(old: StoredRecord, next: StoredRecord): Promise<ReplaceOutcome> {
    return count(await super.replace(old, next));
  }
}
class KilledRedis extends RedisBackend {
  override async replace(old: StoredRecord, next: StoredRecord): Promise<ReplaceOutcome> {
    return count(await super.replace(old, next));
  }
}
const backend = cfg.store === 'sqlite' ? new KilledSqlite({ path: cfg.path! }) : new KilledRedis({ url: cfg.url!, prefix: cfg.prefix! });
const vault = new PseudonymVault(backend, Keyring.load({ key: cfg.oldKey, previousKeys: [], env: {} }, true, cfg.store));
await vault.rotateKey(cfg.newKey);
process.stdout.write('finished without being killed\n');
