import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { BUILD_TIMEOUT, builtCli, builtDist, ROOT } from '../batch/built.js';
import { kavach, tempDir } from './run.js';
import { HAS_REDIS } from '../support/stores.js';

const dir = tempDir('kavach-scrub-');
// Runs that scrub a few hundred KB several times: room for a loaded 2-core machine.
const HEAVY = 240_000;
const keyFile = join(dir, 'test.key');
const sample = readFileSync(join(ROOT, 'corpus/sample.txt'), 'utf8');
// About 390 KB: tasks close at 64 Ki characters, so two threads really run side by side.
const textFile = join(dir, 'sample.txt');
// The first 300 labelled corpus records, JSONL with the text in "text".
const jsonlFile = join(dir, 'corpus.jsonl');

beforeAll(() => {
  builtDist();
  writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  writeFileSync(textFile, sample.repeat(300));
  const lines = readFileSync(join(ROOT, 'corpus/corpus.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 300);
  writeFileSync(jsonlFile, `${lines.join('\n')}\n`);
}, BUILD_TIMEOUT);

describe('kavach scrub', () => {
  it('writes the same bytes with --threads 2 as with --threads 1, in order (text and JSONL)', async () => {
    for (const [input, extra] of [
      [textFile, []],
      [jsonlFile, ['--field', 'text']],
    ] as const) {
      const one = join(dir, `one-${randomUUID()}`);
      const two = join(dir, `two-${randomUUID()}`);
      const r1 = await kavach(['scrub', input, ...extra, '-t', '1', '--session', 's', '-o', one, '-q']);
      const r2 = await kavach(['scrub', input, ...extra, '-t', '2', '--session', 's', '-o', two, '-q']);
      expect([r1.code, r1.stderr, r2.code, r2.stderr]).toEqual([0, '', 0, '']);
      const a = readFileSync(one);
      expect(a.equals(readFileSync(two))).toBe(true);
      // Same number of records, and personal data really replaced.
      const inputLines = readFileSync(input, 'utf8').split('\n').length;
      expect(a.toString('utf8').split('\n')).toHaveLength(inputLines);
      expect(a.toString('utf8')).not.toContain('2345 6789 0124');
      expect(a.toString('utf8')).toMatch(/<AADHAAR_1>/);
    }
  }, HEAVY);

  it('llm + SQLite vault (the threads detect and plan, the main thread allocates): --threads 2, 1 and 0 write the same bytes and the vault restores the input exactly (text, CSV)', async () => {
    const lines = sample.split('\n').filter(Boolean);
    // Token-shaped input (escaped), and one person and phone in two spellings (spelling sheets).
    const body = Array.from({ length: 2500 }, (_, i) =>
      i % 89 === 3 ? `seen <PERSON_${i}> and {PHONE_1} before`
        : i % 97 === 7 ? `MR. KAIZAD DASTUR on +91 92346 18849, row ${i}`
          : i % 97 === 8 ? `Mr. Kaizad Dastur on 9234618849, row ${i}` : lines[i % lines.length]!);
    const text = join(dir, 'llm.txt');
    writeFileSync(text, `${body.join('\n')}\n`);
    const csv = join(dir, 'llm.csv');
    writeFileSync(csv, `id,note\r\n${body.map((t, i) => `${i},"${t.replaceAll('"', '""')}"\r\n`).join('')}`);
    for (const [input, extra] of [
      [text, []],
      [csv, ['--columns', 'note']],
    ] as const) {
      const outs: Buffer[] = [];
      const dbs: string[] = [];
      for (const t of ['2', '1', '0']) {
        const out = join(dir, `llm-${t}-${randomUUID()}`);
        const db = join(dir, `llm-${t}-${randomUUID()}.db`);
        const r = await kavach(['scrub', input, ...extra, '--vault', `sqlite:${db}`, '--key-file', keyFile, '--session', 's', '-t', t, '-o', out, '-q']);
        expect([r.code, r.stderr]).toEqual([0, '']);
        outs.push(readFileSync(out));
        dbs.push(db);
      }
      expect(outs[0]!.equals(outs[1]!)).toBe(true);
      expect(outs[0]!.equals(outs[2]!)).toBe(true);
      const got = outs[0]!.toString('utf8');
      expect(got).not.toContain('Kaizad');
      expect(got).toMatch(/<LITERAL_1>/);
      // Restored from the --threads 2 run's vault: the input, byte for byte (both spellings).
      const back = join(dir, `llm-back-${randomUUID()}`);
      const scrubbed = join(dir, `llm-scrubbed-${randomUUID()}${input.endsWith('.csv') ? '.csv' : '.txt'}`);
      writeFileSync(scrubbed, outs[0]!);
      const r = await kavach(['restore', scrubbed, ...extra, '--vault', `sqlite:${dbs[0]}`, '--key-file', keyFile, '--session', 's', '-o', back, '-q']);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(readFileSync(back).equals(readFileSync(input))).toBe(true);
    }
  }, HEAVY);

  it('dataset preset (the threads do the whole job): --threads 2, 1 and 0 write the same bytes, token-shaped input escaped (text, JSONL, CSV)', async () => {
    const lines = sample.split('\n').filter(Boolean);
    // Token-shaped input needs a vault token (escape) even under dataset: done in the main thread.
    const body = Array.from({ length: 3000 }, (_, i) => (i % 97 === 5 ? `seen <PERSON_${i}> and {PHONE_1} before` : lines[i % lines.length]!));
    const text = join(dir, 'dataset.txt');
    writeFileSync(text, `${body.join('\n')}\n`);
    const jsonl = join(dir, 'dataset.jsonl');
    writeFileSync(jsonl, body.map((t, i) => `${JSON.stringify({ id: i, text: t })}\n`).join(''));
    const csv = join(dir, 'dataset.csv');
    writeFileSync(csv, `id,note\r\n${body.map((t, i) => `${i},"${t.replaceAll('"', '""')}"\r\n`).join('')}`);
    for (const [input, extra] of [
      [text, []],
      [jsonl, ['--field', 'text']],
      [csv, ['--columns', 'note']],
    ] as const) {
      const outs = [];
      for (const t of ['2', '1', '0']) {
        const out = join(dir, `dataset-${t}-${randomUUID()}`);
        const r = await kavach(['scrub', input, ...extra, '--policy', 'dataset', '--key-file', keyFile, '--session', 's', '-t', t, '-o', out, '-q']);
        expect([r.code, r.stderr]).toEqual([0, '']);
        outs.push(readFileSync(out));
      }
      expect(outs[0]!.equals(outs[1]!)).toBe(true);
      expect(outs[0]!.equals(outs[2]!)).toBe(true);
      const got = outs[0]!.toString('utf8');
      expect(got).not.toContain('2345 6789 0124');
      expect(got).toMatch(/<AADHAAR_[a-z0-9]+>/);
      expect(got).toMatch(/seen <LITERAL_\d+> and \S*LITERAL_\d+\S* before/);
    }
  }, HEAVY);

  it('whole JSONL records (the threads detect and plan, this thread walks and allocates): --threads 2, 1 and 0 write what anonymiseRecord gives record by record, and the vault restores them', async () => {
    const lines = sample.split('\n').filter(Boolean);
    let deep: unknown = 'Aadhaar 2345 6789 0124';
    for (let i = 0; i < 70; i++) deep = [deep];
    const recs: unknown[] = Array.from({ length: 1500 }, (_, i) =>
      i === 700 ? { id: i, deep }
        : i % 89 === 3 ? { id: i, note: `seen <PERSON_${i}> and {PHONE_1} before`, name: 'Ravi' }
          : i % 97 === 7 ? { id: i, holder: 'MR. KAIZAD DASTUR', mobile: 9234618849, note: lines[i % lines.length] }
            : { id: i, customer: { name: i % 2 ? 'Asha Rao' : 'ASHA RAO', age: 30 + (i % 40), city: 'Pune' }, note: lines[i % lines.length] });
    const input = join(dir, 'records.jsonl');
    writeFileSync(input, recs.map((r) => `${JSON.stringify(r)}\n`).join(''));
    // The oracle: anonymiseRecord record by record, one session, a vault of its own (the refused record skipped).
    const { anonymiseRecord } = await import('../../src/records/records.js');
    const { createMemoryVault } = await import('../../src/vault/memory.js');
    const vault = createMemoryVault();
    let want = '';
    for (const [i, r] of recs.entries()) if (i !== 700) want += `${JSON.stringify((await anonymiseRecord(r, { session: 's', vault, policy: 'llm' })).record)}\n`;
    for (const policy of ['llm', 'dataset']) {
      const outs: string[] = [];
      const dbs: string[] = [];
      for (const t of ['2', '1', '0']) {
        const out = join(dir, `records-${t}-${randomUUID()}`);
        const db = join(dir, `records-${t}-${randomUUID()}.db`);
        const r = await kavach(['scrub', input, '--policy', policy, '--vault', `sqlite:${db}`, '--key-file', keyFile, '--session', 's', '--skip-bad', '-t', t, '-o', out, '-q']);
        expect([r.code, r.stderr]).toEqual([0, '']);
        outs.push(readFileSync(out, 'utf8'));
        dbs.push(db);
      }
      expect(outs[1]).toBe(outs[0]);
      expect(outs[2]).toBe(outs[0]);
      expect(outs[0]!.split('\n')).toHaveLength(recs.length);
      expect(outs[0]).not.toContain('Kaizad');
      expect(outs[0]).not.toContain('KAIZAD');
      expect(outs[0]).toMatch(/seen <LITERAL_\d+> and \S*LITERAL_\d+\S* before/);
      if (policy !== 'llm') continue;
      expect(outs[0]).toBe(want);
      const scrubbed = join(dir, `records-scrubbed-${randomUUID()}.jsonl`);
      writeFileSync(scrubbed, outs[0]!);
      const back = await kavach(['restore', scrubbed, '--vault', `sqlite:${dbs[0]}`, '--key-file', keyFile, '--session', 's', '-q']);
      expect([back.code, back.stderr]).toEqual([0, '']);
      expect(back.stdout).toBe(recs.filter((_, i) => i !== 700).map((r) => `${JSON.stringify(r)}\n`).join(''));
    }
  }, HEAVY);

  it('round-trips through a SQLite vault: scrub then restore gives the input back (text, CSV, JSONL)', async () => {
    const vault = `sqlite:${join(dir, 'rt.db')}`;
    const csv = join(dir, 'people.csv');
    writeFileSync(csv, 'id,aadhaar,note\r\n1,234567890124,"call +91 98765 43210, ""urgent"""\r\n2,,mail asha.rao@example.in\r\n');
    const jsonl = join(dir, 'notes.jsonl');
    writeFileSync(jsonl, '{"id":1,"note":{"body":"PAN ABCPK1234F"},"keep":"ABCPK1234F"}\n{"id":2,"note":{"body":"nothing"}}\n');
    for (const [input, extra, restoreExtra] of [
      [textFile, [], []],
      [csv, ['--columns', 'aadhaar,note'], []],
      [jsonl, ['--field', 'note.body'], ['--field', 'note.body']],
    ] as const) {
      const session = randomUUID();
      const scrubbed = join(dir, `scrubbed-${session}`);
      const back = join(dir, `back-${session}`);
      const fmt = input.endsWith('.csv') ? ['--format', 'csv'] : input.endsWith('.jsonl') ? ['--format', 'jsonl'] : [];
      const s = await kavach(['scrub', input, ...extra, '--vault', vault, '--key-file', keyFile, '--session', session, '-o', scrubbed, '-q']);
      expect(s.code, s.stderr).toBe(0);
      const r = await kavach(['restore', scrubbed, ...fmt, ...restoreExtra, '--vault', vault, '--key-file', keyFile, '--session', session, '-o', back, '-q']);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(back, 'utf8')).toBe(readFileSync(input, 'utf8'));
      expect(readFileSync(scrubbed, 'utf8')).not.toBe(readFileSync(input, 'utf8'));
    }
    // Untouched CSV columns and quoting survive byte for byte; the column that was not asked for stays.
    const only = await kavach(['scrub', csv, '--columns', 'aadhaar', '-q']);
    expect(only.stdout).toBe('id,aadhaar,note\r\n1,<AADHAAR_1>,"call +91 98765 43210, ""urgent"""\r\n2,,mail asha.rao@example.in\r\n');
    // The JSONL field that was not asked for keeps its value.
    const field = await kavach(['scrub', jsonl, '--field', 'note.body', '-q']);
    expect(JSON.parse(field.stdout.split('\n')[0]!)).toEqual({ id: 1, note: { body: 'PAN <PAN_1>' }, keep: 'ABCPK1234F' });
  }, HEAVY);

  it('scrubs whole JSONL records without --field through the record walker (field names as context) and restores them', async () => {
    const file = join(dir, 'records.jsonl');
    // The third record spells the name another way: restore gives each line its own spelling back.
    writeFileSync(file, '{"name":"Ravi","note":{"text":"Aadhaar 2345 6789 0124"},"tags":["PAN ABCPK1234F"],"n":5,"ok":true}\n{"name":"Ravi"}\n{"name":"RAVI","n":2}\n');
    const vault = `sqlite:${join(dir, 'records.db')}`;
    const session = randomUUID();
    const common = ['--vault', vault, '--key-file', keyFile, '--session', session, '-q'];
    const s = await kavach(['scrub', file, ...common]);
    expect(s.code, s.stderr).toBe(0);
    const [first, second, third] = s.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    // "Ravi" alone is too weak to detect; the "name" field marks it. Numbers, booleans and shape stay.
    expect(first).toEqual({ name: '<PERSON_1>', note: { text: 'Aadhaar <AADHAAR_1>' }, tags: ['PAN <PAN_1>'], n: 5, ok: true });
    expect(second).toEqual({ name: '<PERSON_1>' });
    expect(third).toEqual({ name: '<PERSON_1>', n: 2 });
    const back = await kavach(['restore', '-', '--format', 'jsonl', ...common], { input: s.stdout });
    expect(back.stdout).toBe(readFileSync(file, 'utf8'));
  });

  it('applies --policy (preset or file) and rejects an unknown one before writing anything', async () => {
    const policy = join(dir, 'mask-mail.json');
    writeFileSync(policy, JSON.stringify({ name: 'mask-mail', entities: { EMAIL: { action: 'mask' } } }));
    const r = await kavach(['scrub', '-', '--policy', policy, '-q'], { input: 'mail asha.rao@example.in, Aadhaar 2345 6789 0124\n' });
    expect(r.stdout).toMatch(/^mail a\*+@example\.in, Aadhaar <AADHAAR_1>\n$/);
    // hash is keyed from --key-file: two processes hash a value alike.
    const hashing = join(dir, 'hash-pan.json');
    writeFileSync(hashing, JSON.stringify({ name: 'hash-pan', entities: { PAN: { action: 'hash' } } }));
    const [h1, h2] = await Promise.all([1, 2].map(() => kavach(['scrub', '-', '--policy', hashing, '--key-file', keyFile, '-q', '-t', '0'], { input: 'PAN ABCPK1234F\n' })));
    expect(h1!.stdout).not.toContain('ABCPK1234F');
    expect(h1!.stdout).toBe(h2!.stdout);
    const out = join(dir, 'never.txt');
    const bad = await kavach(['scrub', '-', '--policy', 'no-such-preset', '-o', out], { input: 'x\n' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown preset');
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
  });

  it('writes into an existing FIFO in place and through a symlink to its target (never renaming over them)', async () => {
    const { execFileSync } = await import('node:child_process');
    const { lstatSync, symlinkSync, createReadStream } = await import('node:fs');
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    let got = '';
    const reader = new Promise<void>((done) => createReadStream(fifo, 'utf8').on('data', (d) => (got += d)).on('end', () => done()));
    const r = await kavach(['scrub', '-', '-o', fifo, '-q', '-t', '0'], { input: 'Aadhaar 2345 6789 0124\n' });
    await reader;
    expect(r.code).toBe(0);
    expect(got).toBe('Aadhaar <AADHAAR_1>\n');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    const target = join(dir, 'target.txt');
    const link = join(dir, 'link.txt');
    writeFileSync(target, 'old\n');
    symlinkSync(target, link);
    await kavach(['scrub', '-', '-o', link, '-q', '-t', '0'], { input: 'PAN ABCPK1234F\n' });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('PAN <PAN_1>\n');
  });

  it('stops at a malformed CSV row with its line number, keeping the records before it as .partial', async () => {
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, 'note\nAadhaar 2345 6789 0124\n"never closed\nmore\n');
    const out = join(dir, 'bad-out.csv');
    const r = await kavach(['scrub', csv, '-o', out, '-t', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('line 3: a quoted field is never closed');
    expect(r.stderr).not.toContain('2345');
    expect(existsSync(out)).toBe(false);
    expect(readFileSync(`${out}.partial`, 'utf8')).toBe('note\nAadhaar <AADHAAR_1>\n');
    const skip = await kavach(['scrub', csv, '--skip-bad', '-t', '0']);
    expect(skip.code).toBe(0);
    expect(skip.stdout).toBe('note\nAadhaar <AADHAAR_1>\n');
    expect(skip.stderr).toContain('skipped line 3: a quoted field is never closed');
  });

  it('on SIGINT keeps whole records as <output>.partial, never the final name, and the vault restores them', async () => {
    const big = join(dir, 'big.txt');
    // Long enough to be interrupted mid-way (each line has values to tokenise).
    writeFileSync(big, Array.from({ length: 60_000 }, (_, i) => `row ${i}: Aadhaar 2345 6789 0124, mail u${i}@example.in`).join('\n') + '\n');
    const out = join(dir, 'big-out.txt');
    const session = randomUUID();
    const vault = `sqlite:${join(dir, 'sigint.db')}`;
    const child = spawn(process.execPath, [builtCli(), 'scrub', big, '-o', out, '-t', '1', '--entities', 'AADHAAR,EMAIL', '--vault', vault, '--key-file', keyFile, '--session', session], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    // Interrupt once some output has reached the temporary file.
    const tmpName = () => readdirSync(dir).find((f) => f.startsWith('.big-out.txt.') && f.endsWith('.tmp'));
    for (let i = 0; i < 600; i++) {
      const t = tmpName();
      if (t && statSync(join(dir, t)).size > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('big-out.txt.partial');
    expect(existsSync(out)).toBe(false);
    expect(tmpName()).toBeUndefined();
    const partial = readFileSync(`${out}.partial`, 'utf8');
    const lines = partial.split('\n');
    expect(lines.pop()).toBe(''); // ends on a record boundary
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThan(60_000);
    lines.forEach((l, i) => expect(l).toMatch(new RegExp(`^row ${i}: Aadhaar <AADHAAR_1>, mail <EMAIL_\\d+>$`)));
    // Every token written is in the vault: the partial output restores to the input's first lines.
    const restored = await kavach(['restore', `${out}.partial`, '--vault', vault, '--key-file', keyFile, '--session', session, '-q']);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toBe(readFileSync(big, 'utf8').split('\n').slice(0, lines.length).join('\n') + '\n');
  });
});

describe('kavach scrub --shard k/n (several processes)', () => {
  // Records 0..5; the same Aadhaar number appears in records of both shards.
  const input = ['Aadhaar 2345 6789 0124', 'mail a@example.in', 'Aadhaar 2345 6789 0124 again', 'PAN ABCPK1234F', 'mail a@example.in', 'PAN ABCPK1234F'].join('\n') + '\n';

  function merge(shards: string[][], n: number): string[] {
    const out: string[] = [];
    for (let i = 0; shards.some((s) => s.length > Math.floor(i / n)); i++) {
      const line = shards[i % n]![Math.floor(i / n)];
      if (line !== undefined) out.push(line);
    }
    return out;
  }

  it('deterministic tokens under one key agree token for token across processes', async () => {
    const file = join(dir, 'shard.txt');
    writeFileSync(file, input);
    const common = ['--mode', 'deterministic', '--key-file', keyFile, '-q', '-t', '0'];
    const [s0, s1, whole] = await Promise.all([
      kavach(['scrub', file, '--shard', '0/2', '--session', 'p0', ...common]),
      kavach(['scrub', file, '--shard', '1/2', '--session', 'p1', ...common]),
      kavach(['scrub', file, '--session', 'w', ...common]),
    ]);
    const a = s0.stdout.trimEnd().split('\n');
    const b = s1.stdout.trimEnd().split('\n');
    expect(a).toHaveLength(3);
    expect(b).toHaveLength(3);
    expect(merge([a, b], 2)).toEqual(whole.stdout.trimEnd().split('\n'));
    const aadhaar = (s: string) => /<AADHAAR_[a-z2-7]{16}>/.exec(s)![0];
    expect(aadhaar(a[0]!)).toBe(aadhaar(a[1]!)); // records 0 and 2, same process
    expect(a[2]).toBe(b[0]); // records 4 and 1: the same mail, tokenised by different processes
    expect(a[2]).toMatch(/^mail <EMAIL_[a-z2-7]{16}>$/);
  });

  it.skipIf(!HAS_REDIS)('two processes against one shared Redis vault and session agree token for token', async () => {
    // A prefix of this run's own: a Redis that outlives the run holds other runs' records under other keys.
    const u = new URL(inject('redisUrl'));
    u.searchParams.set('prefix', `kvcli-${randomUUID().slice(0, 8)}:`);
    const url = u.toString();
    const file = join(dir, 'shard-redis.txt');
    writeFileSync(file, input);
    const session = `shard-${randomUUID()}`;
    const common = ['--vault', url, '--key-file', keyFile, '--session', session, '-q', '-t', '0'];
    const [s0, s1] = await Promise.all([kavach(['scrub', file, '--shard', '0/2', ...common]), kavach(['scrub', file, '--shard', '1/2', ...common])]);
    expect([s0.code, s0.stderr, s1.code, s1.stderr]).toEqual([0, '', 0, '']);
    const merged = merge([s0.stdout.trimEnd().split('\n'), s1.stdout.trimEnd().split('\n')], 2);
    const tokens = merged.map((l) => /<[A-Z_]+_\d+>/.exec(l)![0]);
    // Same value → same token whichever process met it first; different values → different tokens.
    expect(tokens[0]).toBe(tokens[2]);
    expect(tokens[1]).toBe(tokens[4]);
    expect(tokens[3]).toBe(tokens[5]);
    expect(new Set(tokens).size).toBe(3);
    // And the shared vault restores the merged output.
    const back = await kavach(['restore', '-', ...common], { input: merged.join('\n') + '\n' });
    expect(back.stdout).toBe(input);
  });
});
