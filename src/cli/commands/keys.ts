/** `kavach keys add|list|revoke|rotate`: the gateway's callers and their keys. */
import { existsSync } from 'node:fs';
import { parseDuration } from '../../gateway/duration.js';
import { ENVS, generateApiKey, hashApiKey, parseRange, readKeysFile, writeKeysFile, type KeyEntry, type KeyEnv, type KeysFile } from '../../gateway/keys.js';
import { flag, int, list, parse, str, UsageError } from '../args.js';
import type { CommandContext } from '../signals.js';

export const KEYS_HELP = `Usage: kavach keys <add|list|revoke|rotate> --file <keys.json> [options]

  add      create a key for a caller; the key is printed once, only its SHA-256 hash is stored
  list     the callers and their keys (hash prefix, environment, limits, expiry); never a key
  revoke   remove a caller's keys (--id), or one key (--id and --hash <prefix from list>)
  rotate   add a new key for a caller with the same settings; its other keys stay valid for
           --grace (default 7d) and are refused after that

Options:
  --file <path>          the keys file (created by add if missing; written atomically, mode 0600)
  --id <caller>          the caller (service or team)
  --env <dev|test|prod>  add: the environment the key is for
  --allow-ip <cidr>      add: an address or range the key may be used from (repeatable)
  --model <name>         add: a model the key may use; "gpt-4.1-*" for a prefix (repeatable)
  --purpose <name>       add: a purpose callers must state in x-kavach-purpose (repeatable)
  --rpm <n>, --tpm <n>   add: requests / upstream tokens per minute
  --not-after <date>     add: the key is refused after this ISO date-time
  --hash <prefix>        revoke: only the key whose hash starts with this
  --grace <duration>     rotate: how long the old keys stay valid (default 7d)
  -h, --help             this help
`;

function load(file: string, create: boolean): KeysFile {
  if (!existsSync(file)) {
    if (create) return { version: 1, keys: [] };
    throw new UsageError(`no keys file at ${file}`);
  }
  return readKeysFile(file);
}

function describe(k: KeyEntry, now: number): string {
  const parts = [k.id.padEnd(20), k.keyHash.slice(7, 19), (k.env ?? '-').padEnd(4)];
  const extra: string[] = [];
  if (k.allowIps?.length) extra.push(`ips=${k.allowIps.join(',')}`);
  if (k.models?.length) extra.push(`models=${k.models.join(',')}`);
  if (k.purposes?.length) extra.push(`purposes=${k.purposes.join(',')}`);
  if (k.rpm) extra.push(`rpm=${k.rpm}`);
  if (k.tpm) extra.push(`tpm=${k.tpm}`);
  if (k.notAfter) extra.push(`${Date.parse(k.notAfter) < now ? 'EXPIRED' : 'until'} ${k.notAfter}`);
  return `${parts.join('  ')}  ${extra.join(' ')}`.trimEnd();
}

export async function keysCommand(argv: string[], _ctx: CommandContext): Promise<number> {
  const p = parse(argv, {
    help: { type: 'boolean', short: 'h' },
    file: { type: 'string' },
    id: { type: 'string' },
    env: { type: 'string' },
    'allow-ip': { type: 'string', multiple: true },
    model: { type: 'string', multiple: true },
    purpose: { type: 'string', multiple: true },
    rpm: { type: 'string' },
    tpm: { type: 'string' },
    'not-after': { type: 'string' },
    hash: { type: 'string' },
    grace: { type: 'string' },
  });
  if (flag(p, 'help')) {
    process.stdout.write(KEYS_HELP);
    return 0;
  }
  const [action, ...extra] = p.positionals;
  if (!action || extra.length) throw new UsageError('keys needs one action: add, list, revoke or rotate');
  if (!['add', 'list', 'revoke', 'rotate'].includes(action)) throw new UsageError(`unknown keys action "${action}"`);
  const file = str(p, 'file');
  if (!file) throw new UsageError('--file <keys.json> is required');
  const now = Date.now();
  const id = str(p, 'id');
  if (action !== 'list' && !id) throw new UsageError(`${action} needs --id <caller>`);

  if (action === 'list') {
    const f = load(file, false);
    if (f.keys.length === 0) process.stdout.write('no keys\n');
    for (const k of f.keys) process.stdout.write(`${describe(k, now)}\n`);
    return 0;
  }

  if (action === 'add') {
    const f = load(file, true);
    const env = str(p, 'env');
    if (env !== undefined && !ENVS.includes(env as KeyEnv)) throw new UsageError('--env must be dev, test or prod');
    const allowIps = list(p, 'allow-ip');
    for (const r of allowIps) {
      try {
        parseRange(r);
      } catch {
        throw new UsageError(`--allow-ip ${r} is not an IP address or CIDR range`);
      }
    }
    const notAfter = str(p, 'not-after');
    if (notAfter !== undefined && Number.isNaN(Date.parse(notAfter))) throw new UsageError('--not-after must be an ISO date-time, e.g. 2027-01-31T00:00:00Z');
    const key = generateApiKey();
    const entry: KeyEntry = { id: id!, keyHash: hashApiKey(key), createdAt: new Date(now).toISOString() };
    if (env) entry.env = env as KeyEnv;
    if (allowIps.length) entry.allowIps = allowIps;
    const models = list(p, 'model');
    if (models.length) entry.models = models;
    const purposes = list(p, 'purpose');
    if (purposes.length) entry.purposes = purposes;
    const rpm = int(p, 'rpm', 1);
    if (rpm !== undefined) entry.rpm = rpm;
    const tpm = int(p, 'tpm', 1);
    if (tpm !== undefined) entry.tpm = tpm;
    if (notAfter) entry.notAfter = new Date(notAfter).toISOString();
    writeKeysFile(file, { version: 1, keys: [...f.keys, entry] });
    process.stdout.write(`${key}\n`);
    process.stderr.write(`kavach: key for "${id}" added to ${file}; it is shown only now, store it in your secret manager\n`);
    return 0;
  }

  const f = load(file, false);
  const mine = f.keys.filter((k) => k.id === id);
  if (mine.length === 0) throw new UsageError(`no keys for "${id}" in ${file}`);

  if (action === 'revoke') {
    const prefix = str(p, 'hash');
    const drop = prefix ? mine.filter((k) => k.keyHash.slice(7).startsWith(prefix)) : mine;
    if (drop.length === 0) throw new UsageError(`no key of "${id}" has a hash starting with ${prefix}`);
    if (prefix && drop.length > 1) throw new UsageError(`the hash prefix ${prefix} matches ${drop.length} keys; give more of it`);
    writeKeysFile(file, { version: 1, keys: f.keys.filter((k) => !drop.includes(k)) });
    process.stdout.write(`revoked ${drop.length} key${drop.length === 1 ? '' : 's'} of "${id}"\n`);
    return 0;
  }

  // rotate
  const grace = parseDuration(str(p, 'grace') ?? '7d', '--grace');
  const until = new Date(now + grace).toISOString();
  const template = mine.at(-1)!;
  const key = generateApiKey();
  const { keyHash: _old, notAfter: _na, createdAt: _c, ...settings } = template;
  const fresh: KeyEntry = { ...settings, keyHash: hashApiKey(key), createdAt: new Date(now).toISOString() };
  const keys = f.keys.map((k) => (k.id === id && (!k.notAfter || Date.parse(k.notAfter) > now + grace) ? { ...k, notAfter: until } : k));
  writeKeysFile(file, { version: 1, keys: [...keys, fresh] });
  process.stdout.write(`${key}\n`);
  process.stderr.write(`kavach: new key for "${id}" added; its other keys stop working at ${until}\n`);
  return 0;
}
