/** `kavach vault purge|forget|rotate-key|stats`: look after the vault. */
import { readFileSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import { Errors } from '../../errors.js';
import { flag, parse, str, UsageError } from '../args.js';
import type { CommandContext } from '../signals.js';
import { openVault } from '../vault-spec.js';

export const VAULT_HELP = `Usage: kavach vault <purge|forget|rotate-key|stats> --vault <spec> [options]

  purge        delete expired sessions and their records
  forget       erase a session (--session <id>), or one value from every session (--value-stdin:
               the value is read from stdin, so it never appears in a process list or shell history)
  rotate-key   re-encrypt every record under a new key (--new-key-file <path>); afterwards set
               KAVACH_KEY to the new key
  stats        sessions, records, records per type and per key id (JSON)

Options:
  --vault <spec>        memory, sqlite:<path> or redis://host:port (default from KAVACH_VAULT)
  --key-file <path>     the current key (else KAVACH_KEY or KAVACH_KEY_FILE)
  --session <id>        forget: the session to erase
  --value-stdin         forget: read the value to erase from stdin
  --type <TYPE>         forget --value-stdin: only this entity type
  --new-key-file <path> rotate-key: the new key (32 random bytes, base64)
  -h, --help            this help
`;

export async function vaultCommand(argv: string[], _ctx: CommandContext): Promise<number> {
  const p = parse(argv, {
    help: { type: 'boolean', short: 'h' },
    vault: { type: 'string' },
    'key-file': { type: 'string' },
    session: { type: 'string' },
    'value-stdin': { type: 'boolean' },
    type: { type: 'string' },
    'new-key-file': { type: 'string' },
  });
  if (flag(p, 'help')) {
    process.stdout.write(VAULT_HELP);
    return 0;
  }
  const [action, ...extra] = p.positionals;
  if (!action || extra.length) throw new UsageError('vault needs one action: purge, forget, rotate-key or stats');
  if (!['purge', 'forget', 'rotate-key', 'stats'].includes(action)) throw new UsageError(`unknown vault action "${action}"`);
  // Read everything from the user before opening the vault.
  let value: string | undefined;
  let newKey: string | undefined;
  if (action === 'forget') {
    const session = str(p, 'session');
    if ((session === undefined) === !flag(p, 'value-stdin')) throw new UsageError('forget needs exactly one of --session <id> or --value-stdin');
    if (flag(p, 'value-stdin')) {
      value = (await text(process.stdin)).replace(/\r?\n$/, '');
      if (value === '') throw new UsageError('forget --value-stdin read an empty value');
    }
  }
  if (action === 'rotate-key') {
    const file = str(p, 'new-key-file');
    if (!file) throw new UsageError('rotate-key needs --new-key-file <path>');
    try {
      newKey = readFileSync(file, 'utf8').trim();
    } catch {
      throw Errors.keyMissing(`cannot read the new key file ${file}`);
    }
  }
  const vault = openVault(str(p, 'vault'), { keyFile: str(p, 'key-file') });
  try {
    switch (action) {
      case 'purge': {
        const n = await vault.purgeExpired();
        process.stdout.write(`purged ${n} expired records\n`);
        break;
      }
      case 'forget': {
        const session = str(p, 'session');
        const n = session !== undefined ? await vault.forgetSession(session) : await vault.forgetValue(value!, { type: str(p, 'type') });
        process.stdout.write(`forgot ${n} records\n`);
        break;
      }
      case 'rotate-key': {
        const r = await vault.rotateKey(newKey!);
        process.stdout.write(`re-encrypted ${r.reencrypted} records under key ${r.keyId}; set KAVACH_KEY to the new key now\n`);
        break;
      }
      case 'stats':
        process.stdout.write(`${JSON.stringify(await vault.stats(), null, 2)}\n`);
        break;
    }
  } finally {
    await vault.close();
  }
  return 0;
}
