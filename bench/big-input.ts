/**
 * Child process of `npm run bench -- --big`: streams a large generated input (corpus records cycled,
 * never written to disk) through the BUILT package's pool and reports its own peak RSS. The main
 * thread and the worker threads share one process, so maxRSS covers all of them.
 *
 *   tsx bench/big-input.ts <built dist dir> <megabytes> <threads> <with|without>
 *
 * Prints one JSON line: { inputMB, records, seconds, mbPerSec, peakRssMB, outputMB }.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCorpus, utf8Bytes, WITH_NAMES, WITHOUT_NAMES } from './lib.js';

const [dist, mbArg, threadsArg, names] = process.argv.slice(2);
if (!dist || !mbArg) throw new Error('usage: big-input.ts <dist dir> <megabytes> [threads] [with|without]');
const targetBytes = Number(mbArg) * 1e6;
const threads = Number(threadsArg ?? 2);
const lib = (await import(pathToFileURL(join(dist, 'index.js')).href)) as typeof import('../src/index.js');

const texts = loadCorpus().map((r) => r.text);
let inputBytes = 0;
let records = 0;

/** Records on the fly until `targetBytes` UTF-8 bytes have been produced. */
async function* source(): AsyncGenerator<string> {
  for (let i = 0; inputBytes < targetBytes; i = (i + 1) % texts.length) {
    const t = texts[i]!;
    inputBytes += utf8Bytes(t);
    records++;
    yield t;
  }
}

const pool = lib.createPool({ threads });
const vault = lib.createMemoryVault();
let outputBytes = 0;
const t0 = performance.now();
// Progress on stderr every 30 s, with the current RSS: a flat line is bounded memory.
let nextReport = 30;
for await (const r of pool.anonymiseStream(source(), { vault, detect: { entities: [...(names === 'with' ? WITH_NAMES : WITHOUT_NAMES)] } })) {
  outputBytes += utf8Bytes(r.text);
  const s = (performance.now() - t0) / 1000;
  if (s >= nextReport) {
    nextReport += 30;
    console.error(`big input: ${(inputBytes / 1e6).toFixed(1)} MB read, ${s.toFixed(0)} s, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  }
}
const seconds = (performance.now() - t0) / 1000;
await pool.close();
const peakRssMB = process.resourceUsage().maxRSS / 1024; // maxRSS is in kilobytes
console.log(
  JSON.stringify({
    inputMB: inputBytes / 1e6,
    records,
    seconds,
    mbPerSec: inputBytes / 1e6 / seconds,
    peakRssMB,
    outputMB: outputBytes / 1e6,
    threads,
    names: names === 'with' ? 'with' : 'without',
  }),
);
