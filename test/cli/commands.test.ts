import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT, builtDist } from '../batch/built.js';
import { kavach, tempDir } from './run.js';

beforeAll(() => {
  builtDist();
}, BUILD_TIMEOUT);

describe('kavach --help', () => {
  it.each(['detect', 'scrub', 'restore', 'vault', 'demo'])('%s --help prints its usage and exits 0', async (cmd) => {
    const r = await kavach([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: kavach ${cmd}`));
  });

  it('lists every command', async () => {
    const r = await kavach(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['scrub', 'restore', 'detect', 'demo', 'vault']) expect(r.stdout).toMatch(new RegExp(`\\n  ${cmd} `));
  });
});

describe('kavach vault', () => {
  it('reports stats, forgets a session or a value read from stdin, rotates the key and purges', async () => {
    const dir = tempDir('kavach-vault-');
    const keyFile = join(dir, 'k1');
    const newKey = join(dir, 'k2');
    writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
    writeFileSync(newKey, randomBytes(32).toString('base64'), { mode: 0o600 });
    const vault = `sqlite:${join(dir, 'v.db')}`;
    const common = ['--vault', vault, '--key-file', keyFile];
    const a = randomUUID();
    const b = randomUUID();
    await kavach(['scrub', '-', '--session', a, '-q', '-t', '0', ...common], { input: 'Aadhaar 2345 6789 0124, PAN ABCPK1234F\n' });
    const scrubbedB = await kavach(['scrub', '-', '--session', b, '-q', '-t', '0', ...common], { input: 'PAN ABCPK1234F\n' });
    const stats = JSON.parse((await kavach(['vault', 'stats', ...common])).stdout);
    expect(stats).toMatchObject({ sessions: 2, records: 3, byType: { AADHAAR: 1, PAN: 2 } });

    const forgot = await kavach(['vault', 'forget', '--session', a, ...common]);
    expect(forgot.stdout).toBe('forgot 2 records\n');
    const value = await kavach(['vault', 'forget', '--value-stdin', '--type', 'PAN', ...common], { input: 'ABCPK1234F\n' });
    expect(value.stdout).toBe('forgot 1 records\n');
    expect(JSON.parse((await kavach(['vault', 'stats', ...common])).stdout).records).toBe(0);
    // A forgotten value is no longer restorable: the token stays as it is.
    const back = await kavach(['restore', '-', '--session', b, '-q', ...common], { input: scrubbedB.stdout });
    expect(back.stdout).toBe('PAN <PAN_1>\n');

    await kavach(['scrub', '-', '--session', a, '-q', '-t', '0', ...common], { input: 'Aadhaar 2345 6789 0124\n' });
    const rot = await kavach(['vault', 'rotate-key', '--new-key-file', newKey, ...common]);
    expect(rot.code, rot.stderr).toBe(0);
    expect(rot.stdout).toMatch(/^re-encrypted 1 records under key [0-9a-f]{8}/);
    // Under the new key alone, the record still restores.
    const restored = await kavach(['restore', '-', '--session', a, '-q', '--vault', vault, '--key-file', newKey], { input: 'Aadhaar <AADHAAR_1>\n' });
    expect(restored.stdout).toBe('Aadhaar 2345 6789 0124\n');
    expect((await kavach(['vault', 'purge', '--vault', vault, '--key-file', newKey])).stdout).toBe('purged 0 expired records\n');
  });

  it('refuses an ambiguous or missing action with exit 2', async () => {
    expect((await kavach(['vault'])).code).toBe(2);
    expect((await kavach(['vault', 'explode'])).code).toBe(2);
    expect((await kavach(['vault', 'forget', '--vault', 'memory'])).stderr).toContain('exactly one of --session');
  });
});

describe('kavach demo', () => {
  it('shows detect → anonymise → a mangled reply → restore, creating a 0600 demo key when none is set', async () => {
    const cwd = tempDir('kavach-demo-');
    const r = await kavach(['demo'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).toContain('== 1. detect (built-in sample) ==');
    expect(out).toMatch(/AADHAAR\s+0\.\d\d\s+2345 6789 0124/);
    expect(out).toContain('created a demo key');
    const key = join(cwd, '.kavach', 'demo.key');
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(existsSync(join(cwd, '.kavach', 'demo-vault.db'))).toBe(true);
    const anonymised = out.slice(out.indexOf('== 2.'), out.indexOf('== 3.'));
    expect(anonymised).toContain('<AADHAAR_1>');
    expect(anonymised).not.toContain('2345 6789 0124');
    const reply = out.slice(out.indexOf('== 3.'), out.indexOf('== 4.'));
    expect(reply).toMatch(/<[a-z_]+_1>/); // a lower-cased token
    const restored = out.slice(out.indexOf('== 4.'));
    expect(restored).not.toMatch(/<[A-Za-z_]+_1>|\b[A-Z_]+_1\b/);
    expect(restored).toMatch(/restored 3 tokens/);
    // The second run reuses the key it created and says so.
    const again = await kavach(['demo'], { cwd });
    expect(again.stdout).toContain(`using the demo key in ${key}`);
    expect(readFileSync(key, 'utf8')).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
  });
});
