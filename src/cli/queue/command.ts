/**
 * `kavach scrub IN -o OUT --queue redis://… [--job NAME]`: the scrub options are checked here
 * exactly as the single-process scrub checks them (same parsers, the policy compiled and bound),
 * then the run is handed to the coordinator. What would make workers disagree is refused up front:
 * no key, a vault only one machine can see, session tokens without a shared vault, a policy secret
 * that would have to travel through Redis.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Errors } from '../../errors.js';
import type { PolicyInput } from '../../decide/input.js';
import { hashKeyMaterial } from '../../engine.js';
import { bindPolicy } from '../../transform/compile.js';
import { resolveKey } from '../../vault/keys.js';
import { flag, list, num, str, UsageError, type Parsed } from '../args.js';
import { openInput, openOutput, pickFormat } from '../io.js';
import type { CommandContext } from '../signals.js';
import { formatSummary, Progress } from '../progress.js';
import { InputWarnings } from '../warnings.js';
import { readCsv } from '../../batch/formats/csv.js';
import { openVault, tokenMode } from '../vault-spec.js';
import { loadPolicy } from '../policy-file.js';
import type { ChunkScrubOptions } from './chunk.js';
import { assemble, cleanJob, coordinate } from './coordinator.js';
import { checkJobName, keyCheck, parseQueueUrl } from './store.js';

/** `--chunk-size 1m`, `256k`, `1048576`: bytes, at least 1 KiB. */
export function parseSize(value: string, name: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(value.trim());
  const n = m ? Math.round(Number(m[1]) * (m[2]!.toLowerCase() === 'k' ? 1024 : m[2]!.toLowerCase() === 'm' ? 1024 * 1024 : 1)) : NaN;
  if (!(n >= 1024)) throw new UsageError(`${name} must be a size of at least 1k, e.g. 512k or 1m`);
  return n;
}

/** The header record's cells to `warn` (a header too malformed to read is the chunks' bad record to report). */
async function checkHeader(header: Buffer, warn: (cells: readonly string[]) => void): Promise<void> {
  try {
    for await (const row of readCsv([header])) {
      warn(row.fields);
      return;
    }
  } catch {
    // Reported by line when its chunk is read.
  }
}

export async function queuedScrub(p: Parsed, ctx: CommandContext): Promise<number> {
  const queue = parseQueueUrl(str(p, 'queue'));
  if (p.positionals.length !== 1) throw new UsageError('scrub needs one input (a file or -)');
  if (str(p, 'shard') !== undefined) throw new UsageError('--shard and --queue do not go together: the queue spreads the chunks itself');
  const given = str(p, 'job');
  const job = checkJobName(given ?? `scrub-${randomBytes(4).toString('hex')}`);
  const inputPath = p.positionals[0]!;
  const outPath = str(p, 'output') ?? '-';
  const quiet = flag(p, 'quiet');
  const format = pickFormat(inputPath, str(p, 'format'));
  const mode = tokenMode(str(p, 'mode'));
  const vaultSpec = str(p, 'vault') ?? process.env.KAVACH_VAULT ?? 'memory';
  const chunkBytes = parseSize(str(p, 'chunk-size') ?? '1m', '--chunk-size');
  const keyFile = str(p, 'key-file');
  const master = resolveKey(keyFile !== undefined ? { keyFile } : {});
  if (!master) {
    throw Errors.keyMissing(
      'a queued scrub needs the key (KAVACH_KEY, KAVACH_KEY_FILE or --key-file), the same on every worker: tokens and hashes are computed from it',
    );
  }
  if (vaultSpec.startsWith('sqlite:')) {
    throw Errors.invalidOption('a SQLite vault is one machine\'s file: queued workers share --vault redis://…, or use --mode deterministic');
  }
  if (vaultSpec === 'memory' && mode !== 'deterministic') {
    throw Errors.invalidOption(
      '--mode session and surrogate number tokens in one vault: give the workers a shared --vault redis://…, or use --mode deterministic',
    );
  }
  const policy = loadPolicy(str(p, 'policy'));
  if (policy !== null && typeof policy === 'object' && 'secret' in policy) {
    throw Errors.invalidPolicy('secret: a queued job would carry it through Redis; leave it out and hashes are keyed from KAVACH_KEY');
  }
  // Compile and bind once here, so a policy mistake fails before anything is enqueued.
  const vault = openVault(vaultSpec, keyFile !== undefined ? { keyFile } : {});
  try {
    bindPolicy(policy as PolicyInput | undefined, { keyMaterial: hashKeyMaterial({ key: master, vault }) });
  } finally {
    await vault.close();
  }
  const minScore = num(p, 'min-score', 0, 1);
  const options: ChunkScrubOptions = {
    format,
    fields: list(p, 'field'),
    columns: list(p, 'columns'),
    ...(flag(p, 'no-header') ? { header: false } : {}),
    ...(policy !== undefined ? { policy } : {}),
    mode,
    vault: vaultSpec,
    // Deterministic tokens do not depend on the session; a shared vault needs one for the job.
    session: str(p, 'session') ?? (mode === 'deterministic' ? job : randomUUID()),
    entities: list(p, 'entities'),
    ...(minScore !== undefined ? { minScore } : {}),
  };

  const input = openInput(inputPath);
  const progress = new Progress({ live: !quiet && process.stderr.isTTY === true, total: input.size });
  const log = (line: string): void => {
    if (quiet) return;
    progress.clear();
    process.stderr.write(`kavach: ${line}\n`);
  };
  if (given === undefined) log(`queue job ${job} (after a crash, run the same command with --job ${job} to resume)`);
  // Warnings about the input, as the single-process scrub gives them: the CSV header row as soon as
  // it is read, lines that were not UTF-8 once the workers have reported them.
  const warnings = new InputWarnings();
  const onHeader = options.format === 'csv' && options.header !== false ? (h: Buffer) => void checkHeader(h, warnings.csvHeader) : undefined;
  const out = openOutput(outPath);
  let result;
  try {
    result = await coordinate({
      queue,
      job,
      input: input.source,
      options,
      keyCheck: keyCheck(master),
      chunkBytes,
      maxPending: 64,
      attempts: 3,
      progress,
      log,
      statusEvery: !quiet && process.stderr.isTTY !== true ? 10_000 : 0,
      signal: ctx.signal,
      ...(onHeader ? { onHeader } : {}),
    });
  } catch (err) {
    progress.clear();
    await out.abort(false);
    throw err;
  }
  progress.clear();
  if (!result.complete) {
    await out.abort(false);
    process.stderr.write(`kavach: interrupted; queue job ${job} stays in Redis, run the same command with --job ${job} to resume\n`);
    return 130;
  }
  // Lines that were not UTF-8 are reported as scrub reports them (kept, by number, even with -q).
  for (const line of result.invalidUtf8) warnings.invalidUtf8(line);
  const skipBad = flag(p, 'skip-bad');
  for (const b of result.bad) {
    if (!quiet || !skipBad) process.stderr.write(`kavach: ${skipBad ? 'skipped ' : ''}line ${b.line}: ${b.reason}\n`);
  }
  try {
    await assemble(queue, job, result.chunks, out);
  } catch (err) {
    await out.abort();
    throw err;
  }
  if (result.bad.length && !skipBad) {
    const kept = await out.abort();
    process.stderr.write(
      `kavach: ${result.bad.length} bad records (lines above); every other record is in ${kept ?? 'the output'}. ` +
        `Run the same command with --job ${job} --skip-bad to write the output without them.\n`,
    );
    return 1;
  }
  await out.commit();
  await cleanJob(queue, job);
  progress.skipped = result.bad.length;
  if (!quiet) process.stderr.write(formatSummary(progress.summary()) + warnings.summary());
  return 0;
}
