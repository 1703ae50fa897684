/**
 * `kavach demo` (what `npm start` runs): detect → anonymise → a model reply that mangles tokens →
 * restore, against the embedded SQLite vault. Everything shown is synthetic sample data.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { anonymise } from '../../anonymise.js';
import { deanonymiseDetailed } from '../../deanonymise.js';
import { detect } from '../../resolve/detect.js';
import { createSqliteVault } from '../../vault/sqlite.js';
import { flag, parse } from '../args.js';
import type { CommandContext } from '../signals.js';
import { formatTable } from '../table.js';

export const DEMO_HELP = `Usage: kavach demo [--dir <path>]

Runs detect → anonymise → (a model reply that changes the tokens) → restore on corpus/sample.txt
(or a built-in sample), with the SQLite vault in <dir>/demo-vault.db (default .kavach/). The key is
KAVACH_KEY or KAVACH_KEY_FILE when set; otherwise a demo key file <dir>/demo.key is created
(mode 0600) and reused. All sample data is synthetic.
`;

const BUILT_IN_SAMPLE = `Patient: Aadhaar 2345 6789 0124, PAN ABCPK1234F.
Call +91 98765 43210 or write to asha.rao@example.in about the refund.
`;

export async function demoCommand(argv: string[], _ctx: CommandContext): Promise<number> {
  const p = parse(argv, { help: { type: 'boolean', short: 'h' }, dir: { type: 'string' } });
  if (flag(p, 'help')) {
    process.stdout.write(DEMO_HELP);
    return 0;
  }
  const dir = resolve((p.values.dir as string | undefined) ?? '.kavach');
  const out = (s = ''): void => void process.stdout.write(`${s}\n`);

  const samplePath = resolve('corpus/sample.txt');
  const sample = existsSync(samplePath) ? readFileSync(samplePath, 'utf8') : BUILT_IN_SAMPLE;
  out(`== 1. detect (${existsSync(samplePath) ? 'corpus/sample.txt' : 'built-in sample'}) ==`);
  out();
  const rows = sample.split('\n').flatMap((line, i) => detect(line).map((entity) => ({ line: i + 1, entity })));
  out(formatTable(rows).trimEnd());
  out();

  // The key: the environment's if set, else a demo key file created once, readable only by its owner.
  let keyFile: string | undefined;
  if (!process.env.KAVACH_KEY && !process.env.KAVACH_KEY_FILE) {
    keyFile = join(dir, 'demo.key');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!existsSync(keyFile)) {
      writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      out(`(no KAVACH_KEY set: created a demo key in ${keyFile}, mode 0600 — use a real secret store in production)`);
    } else out(`(no KAVACH_KEY set: using the demo key in ${keyFile})`);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const vaultPath = join(dir, 'demo-vault.db');
  const vault = createSqliteVault({ path: vaultPath, ...(keyFile ? { keyFile } : {}) });
  const session = `demo-${randomUUID()}`;
  try {
    const anon = await anonymise(sample, { vault, session });
    out(`== 2. anonymise (SQLite vault ${vaultPath}, session ${session}) ==`);
    out();
    out(anon.text.trimEnd());
    out();

    // A model's reply that does what models do to tokens: changes their case, drops the brackets,
    // adds a possessive.
    const tokens = [...new Set(anon.entities.filter((e) => e.action === 'pseudonymise' && e.token?.startsWith('<')).map((e) => e.token!))];
    const [a, b, c] = tokens;
    const bare = (t: string): string => t.slice(1, -1);
    const parts: string[] = [];
    if (a) parts.push(`I have drafted the letter for ${a.toLowerCase()}.`);
    if (b) parts.push(`The bank will confirm on ${bare(b)}.`);
    if (c) parts.push(`${c}'s details are unchanged.`);
    parts.push('Anything else?');
    const reply = parts.join(' ');
    out('== 3. the model replies (tokens mangled: lower case, brackets dropped, possessive) ==');
    out();
    out(reply);
    out();

    const back = await deanonymiseDetailed(reply, { vault, session });
    out('== 4. restore ==');
    out();
    out(back.text);
    out();
    out(`restored ${back.restored.length} tokens${back.unknown.length ? `; unknown, left as is: ${back.unknown.length}` : ''}`);
    await vault.forgetSession(session);
    out(`(demo session erased from the vault)`);
  } finally {
    await vault.close();
  }
  return 0;
}
