/** `kavach scrub`: replace personal data in a file (or stdin) with tokens, on every core. */
import { randomUUID } from 'node:crypto';
import { createPool } from '../../batch/pool.js';
import type { PolicyInput } from '../../decide/input.js';
import { hashKeyMaterial } from '../../engine.js';
import { resolveKey } from '../../vault/keys.js';
import { loadPolicy } from '../policy-file.js';
import { COMMON, flag, int, list, num, parse, shard, str, UsageError } from '../args.js';
import { openInput, openOutput, pickFormat } from '../io.js';
import { InputWarnings } from '../warnings.js';
import type { CommandContext } from '../signals.js';
import { defaultThreads, reportBad, scrubDetected, scrubPolicy, scrubRecords, sharded } from '../pipeline.js';
import { formatSummary, Progress } from '../progress.js';
import { readUnits } from '../units.js';
import { openVault, tokenMode } from '../vault-spec.js';

export const SCRUB_HELP = `Usage: kavach scrub <input|-> [-o <output|->] [options]

Replace personal data with reversible tokens (or policy replacements). Records keep their order;
--threads 2 writes exactly the same bytes as --threads 1.

Input formats: plain text (line by line), JSONL (--field, several allowed), CSV (--columns; the
header names are used as detection context). Picked from the extension (.jsonl/.ndjson, .csv) or
--format.

Options:
  -o, --output <file|->     output (default: stdout). A file is written to a temporary file in the
                            same directory and renamed when complete; an interrupted or failed run
                            keeps what was written as <output>.partial (whole records only)
  --format text|jsonl|csv   input format (default: from the extension, else text)
  --field <path>            JSONL field(s) to scrub, dotted paths ("phone", "contact.mobile",
                            "alt.0"); repeat or comma-separate. A field of any JSON type is scrubbed:
                            every string and number in it, with its key as context; a number that
                            becomes a token is written {PHONE_1} so restore gives a number back.
                            Without --field, every string of each record is scrubbed with its field
                            name as context (a "name", "mobile" or "aadhaar" field marks its value);
                            the worker threads detect (and plan) whole records too
  --columns <a,b>           CSV columns to scrub (default: all); numbers from 1 with --no-header
  --no-header               the CSV has no header row: every row is data (without it the first row
                            is written unchanged, with a warning if its cells look like personal data)
  --policy <name|file.json> llm, dataset, strict, or a policy file (default: llm — identifiers and names pseudonymised; HEALTH, AGE, CITY kept)
  --mode <m>                session (<PERSON_1>, default), deterministic (HMAC tokens, the same in
                            every process under one key), surrogate (realistic fake values)
  --vault <spec>            memory (default; mappings die with the process), sqlite:<path>,
                            redis://host:port (default from KAVACH_VAULT)
  --session <id>            session to record the mappings under (default: a new id, printed)
  --key-file <path>         vault key (else KAVACH_KEY or KAVACH_KEY_FILE)
  --entities <A,B>          only these entity types
  --min-score <x>           drop spans scoring below x (0..1)
  -t, --threads <n>         worker threads (default: cores − 1, max 8; 0 = this thread)
  --shard k/n               only records i with i % n = k (run n processes, one per k; with a shared
                            vault or deterministic tokens their outputs agree token for token)
  --skip-bad                report a malformed record by line number and go on (default: stop, exit 1)
  --queue <redis://h:p/db>  distributed: split the input into record-aligned chunks (--chunk-size,
                            default 1m) as BullMQ jobs for \`kavach worker\` processes on any machine,
                            follow their progress, write the output in input order. Needs KAVACH_KEY
                            or --key-file (the same on every worker) and --mode deterministic or a
                            shared --vault redis://…
  --job <name>              queue job name (default: a new one, printed); after a crash, the same
                            command with the same --job resumes and keeps the chunks already done
  -q, --quiet               no progress bar, no summary
  -h, --help                this help

Exit codes: 0 done, 1 failed (bad record, key, vault), 2 usage, 130 interrupted (Ctrl-C).
`;

export async function scrubCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const p = parse(argv, {
    ...COMMON,
    policy: { type: 'string' },
    mode: { type: 'string' },
    vault: { type: 'string' },
    session: { type: 'string' },
    'key-file': { type: 'string' },
    entities: { type: 'string', multiple: true },
    'min-score': { type: 'string' },
    'no-header': { type: 'boolean' },
    queue: { type: 'string' },
    job: { type: 'string' },
    'chunk-size': { type: 'string' },
  });
  if (flag(p, 'help')) {
    process.stdout.write(SCRUB_HELP);
    return 0;
  }
  // Loaded only when asked for: BullMQ and its Redis client are not the single-process scrub's.
  if (str(p, 'queue') !== undefined) return (await import('../queue/command.js')).queuedScrub(p, ctx);
  if (p.positionals.length !== 1) throw new UsageError('scrub needs one input (a file or -)');
  const inputPath = p.positionals[0]!;
  const outPath = str(p, 'output') ?? '-';
  const quiet = flag(p, 'quiet');
  const threads = int(p, 'threads', 0) ?? defaultThreads();
  const format = pickFormat(inputPath, str(p, 'format'));
  const fields = list(p, 'field');
  // JSONL without --field: whole records through the record walker (field names as context).
  const wholeRecords = format === 'jsonl' && fields.length === 0;
  const mode = tokenMode(str(p, 'mode'));
  const policyInput = loadPolicy(str(p, 'policy'));
  const entities = list(p, 'entities');
  const minScore = num(p, 'min-score', 0, 1);
  const detectOptions = { ...(entities.length ? { entities } : {}), ...(minScore !== undefined ? { minScore } : {}) };
  const givenSession = str(p, 'session');
  const session = givenSession ?? randomUUID();

  const vault = openVault(str(p, 'vault'), { keyFile: str(p, 'key-file') });
  let policy;
  let whole;
  let planned;
  try {
    // Compile and bind the policy now, so a typo fails before any output exists, and `hash` is keyed
    // from the same key as the vault (--key-file or KAVACH_KEY): every shard and process hashes alike.
    const master = resolveKey(str(p, 'key-file') !== undefined ? { keyFile: str(p, 'key-file') } : {});
    ({ policy, whole, planned } = scrubPolicy(policyInput as PolicyInput | undefined, hashKeyMaterial({ ...(master ? { key: master } : {}), vault })));
  } catch (err) {
    await vault.close();
    throw err;
  }
  const input = openInput(inputPath);
  const progress = new Progress({ live: !quiet && process.stderr.isTTY === true, total: input.size });
  const onBad = flag(p, 'skip-bad') ? reportBad(progress, quiet) : undefined;
  const warnings = new InputWarnings();
  const units = readUnits(input.source, {
    format,
    fields,
    columns: list(p, 'columns'),
    header: !flag(p, 'no-header'),
    onHeader: warnings.csvHeader,
    onBad,
    onInvalidUtf8: warnings.invalidUtf8,
  });
  let pool;
  let out;
  try {
    pool = createPool({ threads });
    out = openOutput(outPath);
  } catch (err) {
    await pool?.close();
    await vault.close();
    throw err;
  }
  if (!quiet && givenSession === undefined) process.stderr.write(`kavach: session ${session}\n`);
  if (!quiet && vault.store === 'memory') {
    process.stderr.write('kavach: memory vault: these tokens cannot be restored after this run (use --vault sqlite:<path>)\n');
  }
  let failed = true;
  try {
    const anonOptions = { session, vault, mode, policy, detect: detectOptions };
    const count = (type: string, action: string, n = 1): void => {
      if (action !== 'escape') progress.countEntity(type, n);
    };
    const source = sharded(units, shard(p));
    const steps = { anonymise: anonOptions, count, onBad, signal: ctx.signal, whole, planned };
    // Each step: the rendered output of a chunk of records, in input order.
    const chunks = wholeRecords ? scrubRecords(pool, source, steps) : scrubDetected(pool, source, detectOptions, steps);
    for await (const c of chunks) {
      // Tokens are durable in the vault before anonymise returns, so a record is written only
      // after its mappings exist: an interrupted run never leaves a token the vault cannot restore.
      await out.write(c.text);
      progress.update(c.records, input.bytesRead());
    }
    failed = false;
  } finally {
    progress.clear();
    await pool?.close();
    await vault.close();
    if (failed) {
      const kept = await out.abort();
      if (kept) process.stderr.write(`kavach: output so far kept as ${kept}\n`);
    }
  }
  if (ctx.signal.aborted) {
    const kept = await out.abort();
    process.stderr.write(`kavach: interrupted after ${progress.records} records${kept ? `; output so far kept as ${kept}` : ''}\n`);
    return 130;
  }
  await out.commit();
  if (!quiet) process.stderr.write(formatSummary(progress.summary()) + warnings.summary());
  return 0;
}
