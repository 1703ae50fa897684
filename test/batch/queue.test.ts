// The distributed scrub end to end, with real parts only: the built CLI, a real Redis (from the
// vitest global setup; skipped like the other Redis suites without one), BullMQ, and separate
// worker processes. 20 MB of generated corpus JSONL must come out byte-identical to
// `kavach scrub --threads 1`, also when a worker is SIGKILLed mid-chunk and when the coordinator is
// killed and run again.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRecords } from '../../corpus/generate.js';
import { generateKey } from '../../src/vault/keys.js';
import { kavach, tempDir } from '../cli/run.js';
import { HAS_REDIS, redisUrl } from '../support/stores.js';
import { BUILD_TIMEOUT, builtCli } from './built.js';

const KEY = generateKey();
const ENV = { KAVACH_KEY: KEY };
// Regex-validated types only: the big runs test the queue, not name detection (which the small
// CSV/text runs below include), and stay within the suite's time budget.
const FAST = ['--field', 'text', '--mode', 'deterministic', '--entities', 'AADHAAR,PAN,GSTIN,IFSC,CREDIT_CARD,UPI_ID,PHONE,EMAIL,IP_ADDRESS,VEHICLE_REG'];
const LOCK = ['--lock-ms', '3000'];
// Per-test limits for a loaded 2-core machine; the measured run times are far below (README figures).
const BIG_RUN = 300_000;
const SMALL_RUN = 120_000;

interface Proc {
  child: ChildProcess;
  pid: number;
  stderr(): string;
  exited: Promise<number | null>;
  waitFor(re: RegExp, ms?: number): Promise<RegExpMatchArray>;
}

const live = new Set<ChildProcess>();

function start(args: string[], env: Record<string, string | undefined> = ENV): Proc {
  const child = spawn(process.execPath, [builtCli(), ...args], {
    env: { ...process.env, KAVACH_KEY: undefined, KAVACH_KEY_FILE: undefined, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  let err = '';
  const waiters: Array<() => void> = [];
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    for (const w of waiters.splice(0)) w();
  });
  child.stdout!.resume();
  child.stdin!.on('error', () => undefined); // a killed child's stdin may still be written to
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      live.delete(child);
      for (const w of waiters.splice(0)) w();
      resolve(code);
    }),
  );
  const waitFor = (re: RegExp, ms = 120_000): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${re} within ${ms} ms; stderr:\n${err}`)), ms);
      const check = (): void => {
        const m = re.exec(err);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          clearTimeout(timer);
          reject(new Error(`exited before ${re}; stderr:\n${err}`));
        } else waiters.push(check);
      };
      check();
    });
  return { child, pid: child.pid!, stderr: () => err, exited, waitFor };
}

/** A fresh BullMQ queue name per test: nothing left over from another run can reach these workers. */
function queueUrl(): { url: string; name: string; redis: string } {
  const u = new URL(redisUrl());
  u.pathname = '/9';
  const redis = u.toString();
  const name = `kq-${randomBytes(5).toString('hex')}`;
  u.searchParams.set('queue', name);
  return { url: u.toString(), name, redis };
}

async function workers(url: string, n: number, extra: string[] = [], env = ENV): Promise<Proc[]> {
  const ws = Array.from({ length: n }, () => start(['worker', '--queue', url, '-t', '1', ...LOCK, ...extra], env));
  await Promise.all(ws.map((w) => w.waitFor(/ready/)));
  return ws;
}

async function stop(ws: Proc[]): Promise<void> {
  for (const w of ws) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
  await Promise.all(ws.map((w) => w.exited));
}

/** Equal files, or the first differing line number (a readable failure for a 20 MB comparison). */
function sameBytes(a: string, b: string): true | string {
  const x = readFileSync(a);
  const y = readFileSync(b);
  if (x.equals(y)) return true;
  const xl = x.toString().split('\n');
  const yl = y.toString().split('\n');
  const i = xl.findIndex((l, k) => l !== yl[k]);
  return `differ at line ${i + 1} (${xl.length} vs ${yl.length} lines)`;
}

const dir = tempDir('kavach-queue-');

afterAll(() => {
  for (const c of live) c.kill('SIGKILL');
});

describe.skipIf(!HAS_REDIS)('kavach scrub --queue: 20 MB of corpus JSONL, three worker processes', () => {
  const big = join(dir, 'big.jsonl');
  const reference = join(dir, 'reference.jsonl');

  beforeAll(async () => {
    builtCli();
    // The corpus generator with one seed per 2,400 records: real template variety, new values each time.
    const out = createWriteStream(big);
    let bytes = 0;
    for (let seed = 101; bytes < 20 * 1024 * 1024; seed++) {
      const text = generateRecords(seed).map((r) => `${JSON.stringify(r)}\n`).join('');
      bytes += Buffer.byteLength(text);
      if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(r));
    const ref = await kavach(['scrub', big, '-o', reference, ...FAST, '--threads', '1', '-q'], { env: ENV });
    expect([ref.code, ref.stderr]).toEqual([0, '']);
  }, BUILD_TIMEOUT + 240_000);

  it('assembled output is byte-identical to scrub --threads 1', async () => {
    expect(statSync(big).size).toBeGreaterThanOrEqual(20 * 1024 * 1024);
    const q = queueUrl();
    const ws = await workers(q.url, 3);
    const out = join(dir, 'plain.jsonl');
    const run = await kavach(['scrub', big, '-o', out, ...FAST, '--queue', q.url, '--job', 'plain'], { env: ENV });
    expect(run.code, run.stderr).toBe(0);
    expect(sameBytes(out, reference)).toBe(true);
    expect(run.stderr).toMatch(/scrubbed \d+ records/);
    // The job cleans up after itself: none of its keys are left in Redis.
    const r = new Redis(q.redis);
    expect(await r.keys(`kavach:${q.name}:*`)).toEqual([]);
    await r.quit();
    await stop(ws);
  }, BIG_RUN);

  it('whole records (no --field): the workers\' pools detect and plan them, the assembled output is scrub --threads 1\'s', async () => {
    const records = join(dir, 'records.jsonl');
    const lines = readFileSync(big, 'utf8').split('\n').slice(0, 3000);
    writeFileSync(records, `${lines.join('\n')}\n`);
    const args = ['--mode', 'deterministic', '--policy', 'llm'];
    const ref = join(dir, 'records-ref.jsonl');
    const one = await kavach(['scrub', records, '-o', ref, ...args, '--threads', '1', '-q'], { env: ENV });
    expect([one.code, one.stderr]).toEqual([0, '']);
    const q = queueUrl();
    const ws = await workers(q.url, 2);
    const out = join(dir, 'records-queued.jsonl');
    const run = await kavach(['scrub', records, '-o', out, ...args, '--queue', q.url, '--job', 'records', '--chunk-size', '256k'], { env: ENV });
    expect(run.code, run.stderr).toBe(0);
    expect(sameBytes(out, ref)).toBe(true);
    expect(readFileSync(out, 'utf8')).toMatch(/"text":"[^"]*<[A-Z_]+_[0-9a-z]+>/);
    await stop(ws);
  }, BIG_RUN);

  it('a worker SIGKILLed mid-chunk: its chunk is taken over by another worker, output still identical', async () => {
    const q = queueUrl();
    const ws = await workers(q.url, 3);
    const out = join(dir, 'killed.jsonl');
    const coordinator = start(['scrub', big, '-o', out, ...FAST, '--queue', q.url, '--job', 'kill-worker', '-q']);
    const victim = ws[0]!;
    // Once the victim has finished one chunk it is in the middle of its next one: find that chunk.
    await victim.waitFor(/chunk \d+: \d+ records/);
    const redis = new Redis(q.redis);
    const queue = new Queue(q.name, { connection: redis });
    let held: string | undefined;
    for (let tries = 0; held === undefined && tries < 600; tries++) {
      const active = await queue.getActive();
      held = active.find((j) => j.processedBy?.endsWith(`:${victim.pid}`))?.id;
      if (held === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    expect(held, 'the victim held no chunk').toBeDefined();
    victim.child.kill('SIGKILL');
    expect(await coordinator.exited, coordinator.stderr()).toBe(0);
    await queue.close();
    const index = held!.slice('kill-worker.'.length);
    // The killed worker never finished it; one of the survivors did (stalled-job recovery).
    expect(victim.stderr()).not.toMatch(new RegExp(`chunk ${index}: `));
    expect(ws.slice(1).some((w) => new RegExp(`chunk ${index}: `).test(w.stderr()))).toBe(true);
    expect(sameBytes(out, reference)).toBe(true);
    await stop(ws.slice(1));
  }, BIG_RUN);

  it('the coordinator killed mid-run (input half read) and run again with the same --job: resumes, output identical', async () => {
    const q = queueUrl();
    const ws = await workers(q.url, 3);
    const out = join(dir, 'resumed.jsonl');
    const redis = new Redis(q.redis);
    const prefix = `kavach:${q.name}:{resume}:`;
    // First run reads stdin and gets only the first 8 MB: it enqueues what it has and waits for more.
    const first = start(['scrub', '-', '--format', 'jsonl', '-o', out, ...FAST, '--queue', q.url, '--job', 'resume', '-q']);
    const all = readFileSync(big);
    first.child.stdin!.write(all.subarray(0, 8 * 1024 * 1024));
    let done = 0;
    for (let tries = 0; done < 2 && tries < 2400; tries++) {
      done = await redis.hlen(`${prefix}done`);
      if (done < 2) await new Promise((r) => setTimeout(r, 50));
    }
    expect(done).toBeGreaterThanOrEqual(2);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(out)).toBe(false);
    const enqueued = Object.keys(await redis.hgetall(`${prefix}meta`)).filter((k) => k.startsWith('h:')).length;
    expect(enqueued).toBeGreaterThan(0);
    expect(enqueued).toBeLessThan(12); // the rest of the input was never read
    const second = await kavach(['scrub', big, '-o', out, ...FAST, '--queue', q.url, '--job', 'resume'], { env: ENV });
    expect(second.code, second.stderr).toBe(0);
    const resumed = Number(/resuming, (\d+) chunks already done/.exec(second.stderr)?.[1]);
    expect(resumed).toBeGreaterThanOrEqual(2);
    expect(sameBytes(out, reference)).toBe(true);
    await redis.quit();
    await stop(ws);
  }, BIG_RUN);
});

describe.skipIf(!HAS_REDIS)('kavach scrub --queue: formats, bad records, operators', () => {
  let q: ReturnType<typeof queueUrl>;
  let ws: Proc[] = [];
  beforeAll(async () => {
    builtCli();
    q = queueUrl();
  }, BUILD_TIMEOUT);
  afterAll(async () => {
    await stop(ws);
  });

  const single = async (input: string, args: string[]): Promise<string> => {
    const out = `${input}.single`;
    const r = await kavach(['scrub', input, '-o', out, ...args, '--threads', '1', '-q'], { env: ENV });
    expect([r.code, r.stderr]).toEqual([0, '']);
    return out;
  };

  it('CSV (header carried to every chunk, quoted newlines) and text (by paragraph) match the single-process scrub, names included', async () => {
    ws = await workers(q.url, 1);
    const sample = readFileSync(new URL('../../corpus/sample.txt', import.meta.url), 'utf8');
    const csvRows = ['name,mobile,note\r\n'];
    for (let i = 0; i < 60; i++) {
      csvRows.push(`Ravi Kumar ${i},+91 98765 ${String(43210 + i).padStart(5, '0')},"PAN ABCPK${String(1000 + i)}F\r\nsecond line, ""quoted"""\r\n`);
    }
    const csv = join(dir, 'people.csv');
    writeFileSync(csv, csvRows.join(''));
    const text = join(dir, 'notes.txt');
    writeFileSync(text, Array.from({ length: 12 }, () => sample.trim()).join('\n\n') + '\n');
    for (const [file, extra] of [[csv, []], [text, []]] as const) {
      const ref = await single(file, ['--mode', 'deterministic', ...extra]);
      const out = `${file}.queued`;
      const r = await kavach(['scrub', file, '-o', out, '--mode', 'deterministic', '--queue', q.url, '--chunk-size', '2k', '-q'], { env: ENV });
      expect(r.code, r.stderr).toBe(0);
      expect(sameBytes(out, ref)).toBe(true);
    }
    // More than one chunk ran, so the carried header really was needed.
    expect((ws[0]!.stderr().match(/chunk \d+: /g) ?? []).length).toBeGreaterThan(4);
  }, SMALL_RUN);

  it('CSV without a header (--no-header): every row is data, the field count is the first row\'s in every chunk, output as the single-process scrub', async () => {
    ws = ws.length ? ws : await workers(q.url, 1);
    const rows: string[] = [];
    for (let i = 0; i < 60; i++) rows.push(`Ravi Kumar ${i},+91 98765 ${String(43210 + i).padStart(5, '0')},"PAN ABCPK${String(1000 + i)}F"\n`);
    // A row of the wrong width deep in the file: bad against the FIRST row, whichever chunk holds it.
    rows.splice(50, 0, 'only,two\n');
    const csv = join(dir, 'headless.csv');
    writeFileSync(csv, rows.join(''));
    const ref = `${csv}.single`;
    const r1 = await kavach(['scrub', csv, '-o', ref, '--no-header', '--skip-bad', '--mode', 'deterministic', '--threads', '1'], { env: ENV });
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.stderr).toContain('line 51: has 2 fields, the first row has 3');
    const out = `${csv}.queued`;
    const r2 = await kavach(['scrub', csv, '-o', out, '--no-header', '--skip-bad', '--mode', 'deterministic', '--queue', q.url, '--chunk-size', '1k'], { env: ENV });
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stderr).toContain('line 51: has 2 fields, the first row has 3');
    expect(sameBytes(out, ref)).toBe(true);
    // The first row is data: scrubbed, not passed through.
    expect(readFileSync(out, 'utf8').split('\n')[0]).not.toContain('98765 43210');
  }, SMALL_RUN);

  it('warns, as the single-process scrub does, when the CSV header row looks like personal data', async () => {
    ws = ws.length ? ws : await workers(q.url, 1);
    const csv = join(dir, 'no-header-given.csv');
    writeFileSync(csv, 'Asha Rao,asha.rao@example.in\nRavi Kumar,ravi.kumar@example.in\n');
    const single = await kavach(['scrub', csv, '-o', `${csv}.single`, '--mode', 'deterministic', '--threads', '1', '-q'], { env: ENV });
    const queued = await kavach(['scrub', csv, '-o', `${csv}.queued`, '--mode', 'deterministic', '--queue', q.url, '-q'], { env: ENV });
    expect([single.code, queued.code]).toEqual([0, 0]);
    const warning = /the CSV header row is written unchanged, but columns? .*EMAIL.*--no-header/;
    expect(single.stderr).toMatch(warning);
    expect(queued.stderr).toMatch(warning);
    // Never the content.
    expect(queued.stderr).not.toContain('asha.rao@example.in');
    expect(sameBytes(`${csv}.queued`, `${csv}.single`)).toBe(true);
  }, SMALL_RUN);

  it('bad records: reported by input line number only, neighbours kept; --skip-bad on the same --job writes the rest', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) lines.push(JSON.stringify({ id: i, text: `Call +91 98765 ${String(10000 + i)} about PAN ABCPK${1000 + i}F` }));
    const secret = '{"text": "Aadhaar 2345 6789 0124 and a broken';
    // A line with a byte that is not UTF-8: kept and processed (U+FFFD), reported by number, as scrub does.
    const MARK = '\u0001not-utf8\u0001';
    lines.splice(200, 0, `{"id":"x","text":"caf${MARK} PAN ABCPK9999F"}`);
    const badAt = [17, 150, 299]; // 0-based positions in `lines`
    for (const at of badAt) lines.splice(at, 0, secret);
    const invalidLine = lines.findIndex((l) => l.includes(MARK)) + 1;
    const file = join(dir, 'bad.jsonl');
    const [head, tail] = `${lines.join('\n')}\n`.split(MARK);
    writeFileSync(file, Buffer.concat([Buffer.from(head!), Buffer.from([0xff]), Buffer.from(tail!)]));
    const out = join(dir, 'bad.out.jsonl');
    const args = ['scrub', file, '-o', out, '--field', 'text', '--mode', 'deterministic', '--queue', q.url, '--job', 'bad', '--chunk-size', '2k'];
    const failed = await kavach([...args, '-q'], { env: ENV });
    expect(failed.code).toBe(1);
    const reported = [...failed.stderr.matchAll(/line (\d+): not valid JSON/g)].map((m) => Number(m[1]));
    expect(reported).toEqual(badAt.map((at) => at + 1));
    expect(failed.stderr).not.toContain('2345');
    expect(failed.stderr).toContain(`line ${invalidLine}: not valid UTF-8`);
    expect(existsSync(out)).toBe(false);
    // The job stays in Redis for an operator to look at.
    const status = await kavach(['queue', 'status', '--queue', q.url, '--job', 'bad', '--json'], { env: {} });
    const s = JSON.parse(status.stdout) as { job: { done: number; chunks: number; bad: Array<{ line: number }> } };
    expect(s.job.done).toBe(s.job.chunks);
    expect(s.job.bad.map((b) => b.line)).toEqual(badAt.map((at) => at + 1));
    expect(status.stdout).not.toContain('2345');
    // Same job with --skip-bad: nothing is scrubbed again, the output has every good record.
    const skipped = await kavach([...args, '--skip-bad', '-q'], { env: ENV });
    expect(skipped.code, skipped.stderr).toBe(0);
    const ref = join(dir, 'bad.ref.jsonl');
    const single = await kavach(['scrub', file, '-o', ref, '--field', 'text', '--mode', 'deterministic', '--skip-bad', '-t', '1', '-q'], { env: ENV });
    expect(single.code).toBe(0);
    expect(sameBytes(out, ref)).toBe(true);
    expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(301);
    const after = await kavach(['queue', 'status', '--queue', q.url, '--job', 'bad'], { env: {} });
    expect(after.stdout).toMatch(/job bad: not found/);
  }, SMALL_RUN);

  it('refuses what would make workers disagree: no key, session tokens without a shared vault, a policy secret', async () => {
    const file = join(dir, 'tiny.jsonl');
    writeFileSync(file, '{"text":"PAN ABCPK1234F"}\n');
    const base = ['scrub', file, '-o', join(dir, 'tiny.out'), '--queue', q.url];
    const noKey = await kavach([...base, '--mode', 'deterministic'], { env: {} });
    expect([noKey.code, noKey.stderr]).toEqual([1, expect.stringMatching(/needs the key/)]);
    const session = await kavach([...base, '--mode', 'session'], { env: ENV });
    expect([session.code, session.stderr]).toEqual([1, expect.stringMatching(/shared --vault redis/)]);
    const policy = join(dir, 'secret-policy.json');
    writeFileSync(policy, JSON.stringify({ name: 'p', secret: 'a-long-enough-secret-value', defaults: { action: 'hash' } }));
    const secret = await kavach([...base, '--mode', 'deterministic', '--policy', policy], { env: ENV });
    expect([secret.code, secret.stderr]).toEqual([1, expect.stringMatching(/secret: a queued job would carry it/)]);
    expect(secret.stderr).not.toContain('a-long-enough');
  }, SMALL_RUN);

  it('a worker under another key hands the chunk back and stops; a right worker finishes it', async () => {
    await stop(ws);
    ws = [];
    const file = join(dir, 'wrongkey.jsonl');
    writeFileSync(file, Array.from({ length: 50 }, (_, i) => JSON.stringify({ text: `mail ravi${i}@example.com` })).join('\n') + '\n');
    const wrong = (await workers(q.url, 1, [], { KAVACH_KEY: generateKey() }))[0]!;
    const out = join(dir, 'wrongkey.out');
    const coordinator = start(['scrub', file, '-o', out, '--field', 'text', '--mode', 'deterministic', '--queue', q.url, '--job', 'wk', '-q']);
    expect(await wrong.exited).toBe(1);
    expect(wrong.stderr()).toMatch(/key differs/);
    ws = await workers(q.url, 1);
    expect(await coordinator.exited, coordinator.stderr()).toBe(0);
    const ref = await single(file, ['--field', 'text', '--mode', 'deterministic']);
    expect(sameBytes(out, ref)).toBe(true);
  }, SMALL_RUN);

  it('session tokens through a shared Redis vault: one value, one token across chunks and workers; restore gives the input back', async () => {
    await stop(ws);
    ws = await workers(q.url, 2);
    const vault = new URL(redisUrl());
    vault.pathname = '/9';
    // A vault of its own: this run's key is new, and a vault refuses records under keys it does not hold.
    vault.searchParams.set('prefix', `kvq-${randomBytes(4).toString('hex')}:`);
    const people = ['Ravi Kumar', 'Anita Desai', 'Suresh Iyer'];
    const lines = Array.from({ length: 240 }, (_, i) => `Ticket ${i}: ${people[i % 3]} wrote from ravi${i % 5}@example.com, PAN ABCPK${1000 + (i % 7)}F`);
    const file = join(dir, 'session.txt');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const out = join(dir, 'session.out');
    const session = `qs-${randomBytes(4).toString('hex')}`;
    const common = ['--vault', vault.toString(), '--session', session];
    const r = await kavach(['scrub', file, '-o', out, ...common, '--queue', q.url, '--chunk-size', '2k', '-q'], { env: ENV });
    expect(r.code, r.stderr).toBe(0);
    const scrubbed = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(scrubbed).toHaveLength(240);
    // Every line with the same PAN got the same token, whichever worker and chunk it was in.
    const byPan = new Map<number, Set<string>>();
    scrubbed.forEach((l, i) => {
      const t = /PAN (<PAN_\d+>)/.exec(l)![1]!;
      byPan.set(i % 7, (byPan.get(i % 7) ?? new Set()).add(t));
    });
    expect([...byPan.values()].map((s) => s.size)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(new Set([...byPan.values()].map((s) => [...s][0])).size).toBe(7);
    const back = await kavach(['restore', out, ...common, '-q'], { env: ENV });
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toBe(readFileSync(file, 'utf8'));
  }, SMALL_RUN);

  it('queue status shows waiting chunks of a job no worker has taken; queue clean removes them', async () => {
    await stop(ws);
    ws = [];
    const file = join(dir, 'idle.jsonl');
    writeFileSync(file, Array.from({ length: 200 }, (_, i) => JSON.stringify({ text: `row ${i} PAN ABCPK${1000 + i}F` })).join('\n') + '\n');
    const coordinator = start(['scrub', file, '-o', join(dir, 'idle.out'), '--field', 'text', '--mode', 'deterministic', '--queue', q.url, '--job', 'idle', '--chunk-size', '2k', '-q']);
    const redis = new Redis(q.redis);
    const prefix = `kavach:${q.name}:{idle}:`;
    for (let tries = 0; (await redis.hget(`${prefix}meta`, 'chunks')) === null && tries < 600; tries++) await new Promise((r) => setTimeout(r, 50));
    const chunks = Number(await redis.hget(`${prefix}meta`, 'chunks'));
    expect(chunks).toBeGreaterThan(2);
    coordinator.child.kill('SIGKILL');
    await coordinator.exited;
    const status = await kavach(['queue', 'status', '--queue', q.url, '--job', 'idle'], { env: {} });
    expect(status.stdout).toMatch(new RegExp(`job idle: 0/${chunks} chunks done, 0 records; waiting ${chunks}, running 0`));
    const clean = await kavach(['queue', 'clean', '--queue', q.url, '--job', 'idle'], { env: {} });
    expect(clean.stdout).toMatch(new RegExp(`removed queue job idle \\(${chunks} queued chunks\\)`));
    expect(await redis.keys(`${prefix}*`)).toEqual([]);
    const queue = new Queue(q.name, { connection: redis.duplicate() });
    expect(await queue.getJobCountByTypes('waiting', 'delayed', 'active', 'failed')).toBe(0);
    await queue.close();
    await redis.quit();
  }, SMALL_RUN);
});
