// Child process for the concurrency tests: hammers one shared vault with the same values as its
// siblings and prints every (value, token) pair it was given, one JSON line each.
import { createRedisVault } from '../../src/vault/redis.js';
import { createSqliteVault } from '../../src/vault/sqlite.js';
import type { TokenMode } from '../../src/vault/interface.js';

interface Config {
  store: 'sqlite' | 'redis';
  path?: string;
  url?: string;
  prefix?: string;
  key: string;
  session: string;
  values: string[];
  rounds: number;
  mode: TokenMode;
  seed: number;
}

const cfg = JSON.parse(process.argv[2]!) as Config;
const vault = cfg.store === 'sqlite'
  ? createSqliteVault({ path: cfg.path!, key: cfg.key, synchronous: 'NORMAL' })
  : createRedisVault({ url: cfg.url!, prefix: cfg.prefix!, key: cfg.key });

let s = cfg.seed;
const rand = (n: number): number => {
  s = (s * 1103515245 + 12345) & 0x7fffffff;
  return s % n;
};

for (let round = 0; round < cfg.rounds; round++) {
  const order = cfg.values.slice();
  for (let i = order.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  for (let i = 0; i < order.length; i += 4) {
    const batch = order.slice(i, i + 4);
    const tokens = await vault.tokenize(batch.map((value) => ({ session: cfg.session, type: 'PERSON', value, mode: cfg.mode })));
    process.stdout.write(batch.map((v, k) => JSON.stringify([v, tokens[k]])).join('\n') + '\n');
  }
}
await vault.close();
