/**
 * Where the time of a one-off `anonymise` call goes (a section of `npm run bench`, bench/run.ts).
 *
 * 1. The vault's floor: every value of a new session is sealed (AES-256-CTR from a pooled keystream
 *    and an HMAC-SHA-256 tag) and looked up (HMAC-SHA-256). Both are measured here alone, in CPU time, with the
 *    vault's own functions, and multiplied by the records a 1 KB prompt makes: the throughput that
 *    no detection speed-up can pass while every new value is encrypted on its own.
 * 2. The anatomy of the 1 KB latency: the same calls timed on the process CPU clock (the clock of
 *    the p99 target, which also counts V8's garbage-collection and compiler threads) and on the wall
 *    clock, and split by whether a garbage-collection pause fell inside the call, and whether other
 *    threads' CPU was counted in it (see `otherThreadsCallShare`).
 */
import { constants, PerformanceObserver, performance } from 'node:perf_hooks';
import { anonymise, createMemoryVault } from '../src/index.js';
import { hmacHex2, sealRecord } from '../src/vault/crypto.js';
import { cpuNow, measureSync, median, percentile, threadTicks, utf8Bytes, warmSync } from './lib.js';

export interface VaultFloor {
  /** Vault records a 1 KB prompt makes in a new session (mean over the prompts). */
  recordsPerKB: number;
  /** CPU µs of one record's seal (AES-256-CTR + HMAC tag), and of one lookup HMAC. */
  sealUs: number;
  lookupUs: number;
  /** 1 KB / (records × (seal + lookup)): the most a new-session anonymise can do. */
  ceilingMBps: number;
}

function perCallUs(fn: () => unknown, calls: number): number {
  warmSync(fn, calls / 4, 0);
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    runs.push((measureSync(() => {
      for (let i = 0; i < calls; i++) fn();
    }).cpu * 1000) / calls);
  }
  return median(runs);
}

export async function vaultFloor(texts: readonly string[], quick: boolean): Promise<VaultFloor> {
  let records = 0;
  let kb = 0;
  for (const t of texts) {
    const vault = createMemoryVault();
    await anonymise(t, { vault });
    records += (await vault.stats()).records;
    kb += utf8Bytes(t) / 1024;
    await vault.close();
  }
  const key = Buffer.alloc(32, 7);
  const calls = quick ? 5_000 : 40_000;
  let k = 0;
  const sealUs = perCallUs(() => sealRecord(key, `Ramesh Kumar ${k++ & 1023}`, 'bench-session', '<PERSON_12>', 'PERSON'), calls);
  const lookupUs = perCallUs(() => hmacHex2(key, 'PERSON', `ramesh kumar ${k++ & 1023}`), calls);
  const recordsPerKB = records / kb;
  return { recordsPerKB, sealUs, lookupUs, ceilingMBps: 1024 / (recordsPerKB * (sealUs + lookupUs)) };
}

export interface LatencyAnatomy {
  calls: number;
  cpuP50: number;
  cpuP99: number;
  wallP50: number;
  wallP99: number;
  /** Share of calls with a garbage-collection pause inside them, and their number of pauses. */
  gcCallShare: number;
  minorPauses: number;
  /** Pauses of a full mark-compact, and of the rest (incremental marking steps, weak callbacks). */
  majorPauses: number;
  otherPauses: number;
  /** Mean wall ms of a minor (scavenge) pause. */
  minorPauseMs: number;
  /** p99 of the calls with no pause inside them. */
  cpuP99NoGc: number;
  wallP99NoGc: number;
  /**
   * Share of the calls with no pause whose process CPU exceeds their wall time by more than
   * OTHER_THREADS_MS: that is CPU of other threads (V8's GC helpers, concurrent marking, the
   * compiler). Linux adds a running thread's time to the process total at the scheduler tick (4 ms
   * on this machine), so a call that spans a tick while a helper runs reads about 4 ms more CPU than
   * it ran, whatever its own cost.
   */
  otherThreadsCallShare: number;
  /** p99 over the calls with no pause of min(CPU, wall): what the calling thread ran (it cannot run longer than the call lasted). */
  ownP99NoGc: number;
  /**
   * CPU ms of this thread and of the process's other threads over the timed calls, from
   * /proc/self/task (10 ms ticks; undefined off Linux). Nothing else of the bench runs then, so the
   * other threads are V8's helpers: its optimising compiler (functions that turn hot only after
   * thousands of calls are compiled in the row) and its garbage-collection helpers.
   */
  threadCpuMs: { main: number; others: number } | undefined;
}

/** CPU ms so far of this process's main thread and of all its other threads (Linux), else undefined. */
function threadCpu(): { main: number; others: number } | undefined {
  const ticks = threadTicks('self');
  if (!ticks) return undefined;
  let main = 0;
  let others = 0;
  for (const [tid, t] of ticks) {
    if (tid === String(process.pid)) main = t * 10;
    else others += t * 10;
  }
  return { main, others };
}

/** CPU beyond a call's wall time that counts as other threads' (a tick is 4 ms; timer noise is µs). */
const OTHER_THREADS_MS = 0.25;

/** One-off 1 KB calls (a new session each) on one memory vault, as the latency rows of bench/run.ts. */
export async function latencyAnatomy(texts: readonly string[], quick: boolean): Promise<LatencyAnatomy> {
  const vault = createMemoryVault();
  const warm = quick ? 300 : 3000;
  const n = quick ? 600 : 6000;
  for (let i = 0; i < warm; i++) await anonymise(texts[i % texts.length]!, { vault });
  const pauses: Array<{ start: number; end: number; kind: number | undefined }> = [];
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as { detail?: { kind?: number } }).detail?.kind;
      pauses.push({ start: e.startTime, end: e.startTime + e.duration, kind });
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  const calls: Array<{ start: number; end: number; cpu: number }> = [];
  const before = threadCpu();
  for (let i = 0; i < n; i++) {
    const w = performance.now();
    const c = cpuNow();
    await anonymise(texts[i % texts.length]!, { vault });
    const cpu = cpuNow() - c;
    calls.push({ start: w, end: performance.now(), cpu });
  }
  const after = threadCpu();
  await new Promise((r) => setTimeout(r, 20)); // the observer's last entries
  obs.disconnect();
  await vault.close();
  const last = calls[calls.length - 1]!.end;
  const inRun = pauses.filter((p) => p.start >= calls[0]!.start && p.start <= last);
  const hit = calls.map((c) => inRun.some((p) => p.start < c.end && p.end > c.start));
  const clean = calls.filter((_, i) => !hit[i]);
  const minor = inRun.filter((p) => p.kind === constants.NODE_PERFORMANCE_GC_MINOR);
  const major = inRun.filter((p) => p.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
  return {
    calls: n,
    cpuP50: percentile(calls.map((c) => c.cpu), 50),
    cpuP99: percentile(calls.map((c) => c.cpu), 99),
    wallP50: percentile(calls.map((c) => c.end - c.start), 50),
    wallP99: percentile(calls.map((c) => c.end - c.start), 99),
    gcCallShare: hit.filter(Boolean).length / n,
    minorPauses: minor.length,
    majorPauses: major.length,
    otherPauses: inRun.length - minor.length - major.length,
    minorPauseMs: minor.length ? minor.reduce((a, p) => a + p.end - p.start, 0) / minor.length : 0,
    cpuP99NoGc: percentile(clean.map((c) => c.cpu), 99),
    wallP99NoGc: percentile(clean.map((c) => c.end - c.start), 99),
    otherThreadsCallShare: clean.length ? clean.filter((c) => c.cpu - (c.end - c.start) > OTHER_THREADS_MS).length / clean.length : 0,
    ownP99NoGc: percentile(clean.map((c) => Math.min(c.cpu, c.end - c.start)), 99),
    threadCpuMs: before && after ? { main: after.main - before.main, others: after.others - before.others } : undefined,
  };
}
