/**
 * `npm run bench:queue`: the distributed scrub (`kavach scrub --queue` + `kavach worker`) against the
 * single-process scrub, on the same generated corpus JSONL, from the BUILT CLI (a private build by
 * source hash, like the tests).
 *
 *   tsx bench/queue.ts [--mb 3] [--chunk 256k] [--names with|without]
 *
 * - baseline: `kavach scrub --threads 1` (one process, one detection thread), run first AND last,
 *   so drift in the machine's load shows;
 * - queue: 1, 2 and 3 local `kavach worker -t 1` processes, started and ready BEFORE the clock starts
 *   (in production workers are long-lived), then `kavach scrub --queue --chunk-size <chunk>` from
 *   start to the renamed output: splitting, Redis round trips, BullMQ scheduling, assembly.
 * Reported per run: wall seconds, records/s, and CPU seconds of every process of the run (coordinator
 * and workers with their threads, from this process's reaped-children counters in /proc/self/stat),
 * which is what the queue's overhead costs on a shared machine where wall clock also counts other
 * tenants. Each queued output is checked byte for byte against the baseline's. Redis: REDIS_URL,
 * else a private redis-server on a free loopback port (stopped at the end).
 *
 * On a 2-core machine, 1 worker uses about 1 core (its detection thread plus its main thread, which
 * runs the policy and tokens); 2 workers can use both; a third has no core of its own, so it can
 * only show the cost of contention. records/s beyond 2 workers says nothing about many machines,
 * where each worker brings its own cores and only Redis is shared.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateRecords } from '../corpus/generate.js';
import { builtCli } from '../test/batch/built.js';
import { generateKey } from '../src/vault/keys.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : dflt;
};
const MB = Number(arg('mb', '3'));
const CHUNK = arg('chunk', '256k');
const NAMES = arg('names', 'with');
const KEY = generateKey();
const ENV = { ...process.env, KAVACH_KEY: KEY, KAVACH_KEY_FILE: undefined };
const STRUCTURED = 'AADHAAR,PAN,GSTIN,IFSC,BANK_ACCOUNT,CREDIT_CARD,UPI_ID,PHONE,EMAIL,PASSPORT,VOTER_ID,DRIVING_LICENCE,VEHICLE_REG,PIN_CODE,ABHA,IP_ADDRESS';
const SCRUB = ['--field', 'text', '--mode', 'deterministic', ...(NAMES === 'without' ? ['--entities', STRUCTURED] : [])];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

function run(args: string[]): Promise<{ code: number | null; stderr: string; seconds: number }> {
  const t = performance.now();
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [builtCli(), ...args], { env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    c.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    c.on('exit', (code) => resolve({ code, stderr, seconds: (performance.now() - t) / 1000 }));
  });
}

function startWorker(url: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [builtCli(), 'worker', '--queue', url, '-t', '1', '-q'], { env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    c.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      if (err.includes('ready')) resolve(c);
    });
    c.on('exit', (code) => reject(new Error(`worker exited ${code}: ${err}`)));
  });
}

async function stopWorkers(ws: ChildProcess[]): Promise<void> {
  await Promise.all(ws.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : (w.once('exit', r), w.kill('SIGTERM'))))));
}

/** CPU seconds (user + system) of every reaped child process so far: cutime + cstime, at 100 Hz. */
function childCpu(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ", field 3 is index 0: cutime is field 16, cstime field 17.
  return (Number(f[13]) + Number(f[14])) / 100;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kavach-bench-queue-'));
  const loadavgBefore = loadavg().map((l) => +l.toFixed(2));
  let redisPid: number | undefined;
  try {
    process.stderr.write(`building (private, by source hash)…\n`);
    builtCli();
    let base = process.env.REDIS_URL;
    if (!base) {
      const port = await freePort();
      const r = spawnSync('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'yes', '--pidfile', join(dir, 'redis.pid')]);
      if (r.status !== 0) throw new Error('no REDIS_URL and redis-server could not start (apt-get install -y redis-server)');
      for (let i = 0; i < 50 && redisPid === undefined; i++) {
        await new Promise((res) => setTimeout(res, 100));
        try {
          redisPid = Number(readFileSync(join(dir, 'redis.pid'), 'utf8'));
        } catch {
          /* not written yet */
        }
      }
      base = `redis://127.0.0.1:${port}`;
    }
    const input = join(dir, 'input.jsonl');
    const out = createWriteStream(input);
    let bytes = 0;
    let records = 0;
    for (let seed = 501; bytes < MB * 1024 * 1024; seed++) {
      for (const r of generateRecords(seed)) {
        const line = `${JSON.stringify(r)}\n`;
        bytes += Buffer.byteLength(line);
        records++;
        out.write(line);
        if (bytes >= MB * 1024 * 1024) break;
      }
    }
    await new Promise<void>((r) => out.end(r));
    process.stderr.write(`input: ${(bytes / 1024 / 1024).toFixed(1)} MB, ${records} records, detection ${NAMES} names\n`);

    const single = join(dir, 'single.jsonl');
    const rows: Array<Record<string, unknown>> = [];
    const baseline = async (label: string): Promise<number> => {
      const cpu0 = childCpu();
      const b = await run(['scrub', input, '-o', single, ...SCRUB, '--threads', '1', '-q']);
      if (b.code !== 0) throw new Error(`baseline failed: ${b.stderr}`);
      const cpu = childCpu() - cpu0;
      rows.push({ run: `scrub --threads 1 (one process), ${label}`, workers: 0, seconds: +b.seconds.toFixed(2), recordsPerSec: Math.round(records / b.seconds), cpuSeconds: +cpu.toFixed(2) });
      process.stderr.write(`baseline (${label}): ${b.seconds.toFixed(2)} s, CPU ${cpu.toFixed(2)} s\n`);
      return cpu;
    };
    const cpuFirst = await baseline('first');
    const expected = readFileSync(single);
    for (const n of [1, 2, 3]) {
      const u = new URL(base);
      u.searchParams.set('queue', `bench-${randomBytes(4).toString('hex')}`);
      const url = u.toString();
      const cpu0 = childCpu();
      const ws = await Promise.all(Array.from({ length: n }, () => startWorker(url)));
      const target = join(dir, `queued-${n}.jsonl`);
      const q = await run(['scrub', input, '-o', target, ...SCRUB, '--queue', url, '--chunk-size', CHUNK, '-q']);
      await stopWorkers(ws);
      // Workers' CPU includes their start-up; the row below measures that alone.
      const cpu = childCpu() - cpu0;
      if (q.code !== 0) throw new Error(`queued run with ${n} workers failed: ${q.stderr}`);
      const same = readFileSync(target).equals(expected);
      rows.push({
        run: `scrub --queue --chunk-size ${CHUNK}, ${n} worker process${n > 1 ? 'es' : ''} (-t 1 each)`,
        workers: n,
        seconds: +q.seconds.toFixed(2),
        recordsPerSec: Math.round(records / q.seconds),
        cpuSeconds: +cpu.toFixed(2),
        cpuVsSingle: +(cpu / cpuFirst).toFixed(2),
        identicalToSingle: same,
      });
      process.stderr.write(`${n} workers: ${q.seconds.toFixed(2)} s, CPU ${cpu.toFixed(2)} s${same ? '' : ' (OUTPUT DIFFERS)'}\n`);
    }
    await baseline('last');
    {
      const u = new URL(base);
      u.searchParams.set('queue', `bench-${randomBytes(4).toString('hex')}`);
      const cpu0 = childCpu();
      await stopWorkers([await startWorker(u.toString())]);
      rows.push({ run: 'one worker started and stopped, no chunk (start-up cost)', workers: 1, cpuSeconds: +(childCpu() - cpu0).toFixed(2) });
    }
    const machine = { cpu: cpus()[0]?.model, cores: availableParallelism(), node: process.version, loadavgBefore, loadavgAfter: loadavg().map((l) => +l.toFixed(2)) };
    const result = { date: new Date().toISOString(), inputMB: +(bytes / 1024 / 1024).toFixed(2), records, chunk: CHUNK, names: NAMES, machine, rows };
    console.table(rows);
    console.log(JSON.stringify(result));
  } finally {
    if (redisPid) process.kill(redisPid, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
