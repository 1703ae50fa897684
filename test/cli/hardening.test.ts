// The CLI items of the hardening issue (#14), against the built `kavach`: --field of any JSON type
// and numbers restored as numbers (3), headerless CSV (7), BAD_RECORD located by position (11),
// invalid UTF-8 reported (14), temporary output files removed after a kill (16).
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT, builtCli, builtDist } from '../batch/built.js';
import { kavach, tempDir } from './run.js';

const dir = tempDir('kavach-hardening-');
const keyFile = join(dir, 'test.key');

beforeAll(() => {
  builtDist();
  writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
}, BUILD_TIMEOUT);

/** Vault, key and a fresh session for one scrub → restore round trip. */
function sqliteSession(name: string): string[] {
  return ['--vault', `sqlite:${join(dir, `${name}.db`)}`, '--key-file', keyFile, '--session', randomUUID()];
}

describe('scrub --field selects a value of any JSON type (#14 item 3)', () => {
  const line = '{"phone":9876543210,"contact":{"mobile":9876543211},"alt":["9876543212"],"id":17,"n":"9876543213"}\n';
  const numbers = ['9876543210', '9876543211', '9876543212'];

  it.each([['phone,contact,alt'], ['phone,contact.mobile,alt.0']])('--field %s scrubs numbers, objects and arrays, and restore gives numbers back', async (fields) => {
    const common = sqliteSession('field');
    const s = await kavach(['scrub', '-', '--format', 'jsonl', '--field', fields, '-q', ...common], { input: line });
    expect(s.code, s.stderr).toBe(0);
    for (const v of numbers) expect(s.stdout).not.toContain(v);
    const out = JSON.parse(s.stdout);
    // A number that became a token carries the number mark; a string keeps the usual token.
    expect(out).toEqual({ phone: '{PHONE_1}', contact: { mobile: '{PHONE_2}' }, alt: ['<PHONE_3>'], id: 17, n: '9876543213' });
    for (const restoreFields of [[], ['--field', fields]]) {
      const r = await kavach(['restore', '-', '--format', 'jsonl', ...restoreFields, '-q', ...common], { input: s.stdout });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(line);
    }
  });

  it('a number without personal data stays a number; whole-record mode marks and restores numbers too', async () => {
    const r = await kavach(['scrub', '-', '--format', 'jsonl', '--field', 'id,score', '-q'], { input: '{"id":17,"score":4.5}\n' });
    expect(r.stdout).toBe('{"id":17,"score":4.5}\n');
    const common = sqliteSession('whole');
    const input = '{"mobile":9876543210,"phone":"9876543210","age":42}\n';
    const s = await kavach(['scrub', '-', '--format', 'jsonl', '--policy', 'strict', '-q', ...common], { input });
    expect(JSON.parse(s.stdout)).toEqual({ mobile: '{PHONE_1}', phone: '<PHONE_1>', age: '{AGE_1}' });
    const back = await kavach(['restore', '-', '--format', 'jsonl', '-q', ...common], { input: s.stdout });
    expect(back.stdout).toBe(input);
  });
});

describe('headerless CSV (#14 item 7)', () => {
  const rows = 'Ravi Kumar,9876543210,2345 6789 0124\r\nPriya Sharma,9876543211,ABCPK1234F\r\n';

  it('warns by column number, never content, when the header row looks like personal data', async () => {
    const r = await kavach(['scrub', '-', '--format', 'csv', '-q'], { input: rows });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\r\n')[0]).toBe('Ravi Kumar,9876543210,2345 6789 0124'); // what the warning is about
    expect(r.stderr).toMatch(/columns 1 \(PERSON\), 2 \(PHONE\), 3 \(AADHAAR\) of it look like personal data/);
    expect(r.stderr).toContain('--no-header');
    for (const v of ['Ravi', '9876543210', '2345']) expect(r.stderr).not.toContain(v);
    // A real header row gives no warning.
    const ok = await kavach(['scrub', '-', '--format', 'csv', '-q'], { input: `name,mobile,Aadhaar No,Date of Birth,city,pincode,email,PAN,note\r\n` });
    expect(ok.stderr).toBe('');
  });

  it('--no-header scrubs every row, --columns takes numbers, and restore --no-header gives the file back', async () => {
    const common = sqliteSession('csv');
    const s = await kavach(['scrub', '-', '--format', 'csv', '--no-header', '-q', ...common], { input: rows });
    expect([s.code, s.stderr]).toEqual([0, '']);
    expect(s.stdout).toBe('<PERSON_1>,<PHONE_1>,<AADHAAR_1>\r\n<PERSON_2>,<PHONE_2>,<PAN_1>\r\n');
    const back = await kavach(['restore', '-', '--format', 'csv', '--no-header', '-q', ...common], { input: s.stdout });
    expect(back.stdout).toBe(rows);
    const some = await kavach(['scrub', '-', '--format', 'csv', '--no-header', '--columns', '2', '-q'], { input: rows });
    expect(some.stdout).toBe('Ravi Kumar,<PHONE_1>,2345 6789 0124\r\nPriya Sharma,<PHONE_2>,ABCPK1234F\r\n');
    const wrong = await kavach(['scrub', '-', '--format', 'csv', '--no-header', '--columns', 'mobile', '-q'], { input: rows });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('column numbers from 1 to 3');
  });
});

describe('detect reads headerless CSV as scrub does', () => {
  const rows = 'Ravi Kumar,9876543210,2345 6789 0124\r\nPriya Sharma,9876543211,ABCPK1234F\r\n';
  const found = (stdout: string): Array<[number, string]> =>
    stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { line: number; type: string }).map((e) => [e.line, e.type]);

  it('without --no-header the first row names the columns, is not scanned, and a warning says it looks like data', async () => {
    const r = await kavach(['detect', '-', '--format', 'csv', '--jsonl', '-q'], { input: rows });
    expect(r.code).toBe(0);
    expect(found(r.stdout).every(([line]) => line === 2)).toBe(true);
    expect(r.stderr).toMatch(/the CSV header row is not scanned, but columns 1 \(PERSON\), 2 \(PHONE\), 3 \(AADHAAR\) of it look like personal data/);
    for (const v of ['Ravi', '9876543210', '2345']) expect(r.stderr).not.toContain(v);
  });

  it('--no-header scans every row, and --columns takes column numbers', async () => {
    const r = await kavach(['detect', '-', '--format', 'csv', '--no-header', '--jsonl', '-q'], { input: rows });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(found(r.stdout)).toEqual(expect.arrayContaining([[1, 'PHONE'], [1, 'AADHAAR'], [2, 'PHONE'], [2, 'PAN']]));
    const some = await kavach(['detect', '-', '--format', 'csv', '--no-header', '--columns', '2', '--jsonl', '-q'], { input: rows });
    expect(found(some.stdout)).toEqual([[1, 'PHONE'], [2, 'PHONE']]);
    const wrong = await kavach(['detect', '-', '--format', 'csv', '--no-header', '--columns', 'mobile', '-q'], { input: rows });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('column numbers from 1 to 3');
  });
});

describe('bad records are located by line and position, never key text (#14 item 11)', () => {
  let deep = '"x"';
  for (let i = 0; i < 70; i++) deep = `{"Ravi Kumar 9876543210":${deep}}`;
  const input = `{"note":"PAN ABCPK1234F"}\n${deep}\n{"note":"Aadhaar 2345 6789 0124"}\n`;

  it.each([[[]], [['--field', 'Ravi Kumar 9876543210']]])('scrub %j stops at the record, or skips it with --skip-bad', async (extra) => {
    const r = await kavach(['scrub', '-', '--format', 'jsonl', ...extra], { input });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 2: nested deeper than 64 at position (\/0)+/);
    for (const v of ['Ravi', '9876543210']) expect(r.stderr).not.toContain(v);
    const skip = await kavach(['scrub', '-', '--format', 'jsonl', '--skip-bad', ...extra], { input });
    expect(skip.code).toBe(0);
    expect(skip.stderr).toMatch(/skipped line 2: nested deeper than 64/);
    expect(skip.stderr).not.toContain('Ravi');
    expect(skip.stdout.trimEnd().split('\n')).toHaveLength(2);
  });
});

describe('invalid UTF-8 (#14 item 14)', () => {
  it('reports each line by number, says so in the summary, and keeps and scrubs the neighbours', async () => {
    const latin1 = Buffer.from([0xe9]); // é in Latin-1: not UTF-8
    const text = [Buffer.from('Aadhaar 2345 6789 0124\nJos'), latin1, Buffer.from(' Kumar PAN ABCPK1234F\nmail asha.rao@example.in\n'), Buffer.from([0xff, 0x0a])];
    const cases = [
      ['text', Buffer.concat(text), [2, 4]],
      ['csv', Buffer.concat([Buffer.from('note\n'), ...text]), [3, 5]],
      ['jsonl', Buffer.concat([Buffer.from('{"t":"Aadhaar 2345 6789 0124"}\n{"t":"Jos'), latin1, Buffer.from(' PAN ABCPK1234F"}\n{"t":"mail asha.rao@example.in"}\n')]), [2]],
    ] as const;
    for (const [format, input, bad] of cases) {
      const r = await kavach(['scrub', '-', '--format', format, '-t', '0'], { input });
      expect(r.code, r.stderr).toBe(0);
      for (const n of bad) expect(r.stderr).toContain(`line ${n}: not valid UTF-8`);
      expect(r.stderr.match(/not valid UTF-8;/g)).toHaveLength(bad.length);
      expect(r.stderr).toContain(`not valid UTF-8: ${bad.length} line${bad.length > 1 ? 's' : ''} (first: line ${bad[0]})`);
      expect(r.stderr).not.toMatch(/Jos|Kumar/);
      for (const v of ['2345 6789 0124', 'ABCPK1234F', 'asha.rao']) expect(r.stdout).not.toContain(v);
      expect(r.stdout).toContain('\ufffd');
    }
  });

  it('valid UTF-8 with a genuine U+FFFD gives no warning', async () => {
    const r = await kavach(['scrub', '-', '-t', '0'], { input: 'a \ufffd b, PAN ABCPK1234F\n' });
    expect(r.stderr).not.toContain('UTF-8');
  });
});

describe('temporary output files after a kill (#14 item 16)', () => {
  const big = join(dir, 'big.txt');
  const scrubbed = join(dir, 'big-scrubbed.txt');
  const vault = ['--vault', `sqlite:${join(dir, 'signals.db')}`, '--key-file', keyFile, '--session', randomUUID()];
  beforeAll(async () => {
    writeFileSync(big, Array.from({ length: 60_000 }, (_, i) => `row ${i}: Aadhaar 2345 6789 0124, mail u${i}@example.in`).join('\n') + '\n');
    const s = await kavach(['scrub', big, '-o', scrubbed, '-q', '--entities', 'AADHAAR,EMAIL', ...vault]);
    expect(s.code, s.stderr).toBe(0);
  }, 240_000);

  /** Start `kavach <command>` writing to `out`; resolves once its temporary file holds output. */
  async function started(args: string[], out: string) {
    const child = spawn(process.execPath, [builtCli(), ...args, '-o', out, '-t', '1', '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('close', (code, signal) => r({ code, signal })));
    const name = out.split('/').pop()!;
    const tmps = () => readdirSync(dir).filter((f) => f.startsWith(`.${name}.`) && f.endsWith('.tmp'));
    for (let i = 0; i < 1200; i++) {
      const t = tmps();
      if (t.length && statSync(join(dir, t[0]!)).size > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(tmps(), stderr).toHaveLength(1);
    return { child, closed, tmps, stderr: () => stderr };
  }

  it.each(['SIGTERM', 'SIGHUP'] as const)('%s removes the temporary file (scrub, and a plaintext restore) and ends the process by that signal', async (sig) => {
    for (const args of [['scrub', big, '--entities', 'AADHAAR,EMAIL', ...vault], ['restore', scrubbed, ...vault]]) {
      const out = join(dir, `${args[0]}-${sig}.txt`);
      const run = await started(args, out);
      run.child.kill(sig);
      const end = await run.closed;
      expect(end.signal, run.stderr()).toBe(sig);
      expect(run.tmps()).toEqual([]);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('after a SIGKILL, the next run writing the same output removes the orphan, never a live run\'s file', async () => {
    const out = join(dir, 'killed.txt');
    const run = await started(['scrub', big, '--entities', 'AADHAAR'], out);
    const [orphan] = run.tmps();
    run.child.kill('SIGKILL');
    expect((await run.closed).signal).toBe('SIGKILL');
    expect(run.tmps()).toEqual([orphan]); // SIGKILL cannot be caught
    // A temporary file of a process that is alive (this one) must survive the clean-up.
    const host = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
    const live = `.killed.txt.${host}-${process.pid}.0123abcd.tmp`;
    writeFileSync(join(dir, live), 'in progress');
    const again = await kavach(['scrub', '-', '-o', out, '-q', '-t', '0'], { input: 'PAN ABCPK1234F\n' });
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('PAN <PAN_1>\n');
    expect(run.tmps()).toEqual([live]);
  });
});
