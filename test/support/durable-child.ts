// Child process for the durability test: anonymises fresh values forever, printing each token only
// after anonymise() has returned. The parent SIGKILLs it mid-run.
import { anonymise } from '../../src/anonymise.js';
import { verhoeffDigit } from '../../src/detect/validators/verhoeff.js';
import { createRedisVault } from '../../src/vault/redis.js';
import { createSqliteVault } from '../../src/vault/sqlite.js';

const cfg = JSON.parse(process.argv[2]!) as { store: 'sqlite' | 'redis'; path?: string; url?: string; prefix?: string; key: string; session: string };
const vault = cfg.store === 'sqlite'
  ? createSqliteVault({ path: cfg.path!, key: cfg.key })
  : createRedisVault({ url: cfg.url!, prefix: cfg.prefix!, key: cfg.key });

for (let i = 0; ; i++) {
  const body = String(23456789000 + i * 7919).slice(0, 11);
  const aadhaar = body + verhoeffDigit(body);
  const { text, entities } = await anonymise(`Aadhaar ${aadhaar}`, { vault, session: cfg.session, detect: { entities: ['AADHAAR'] } });
  const token = entities[0]?.token;
  if (!token || !text.includes(token)) throw new Error('child: value was not tokenised');
  process.stdout.write(`${JSON.stringify([aadhaar, token])}\n`);
}
