/** `kavach detect`: find personal data and print the spans (JSONL, or a table for people). */
import { createPool } from '../../batch/pool.js';
import type { Entity } from '../../types.js';
import { COMMON, flag, int, list, num, parse, shard, str, UsageError } from '../args.js';
import { openInput, openOutput, pickFormat } from '../io.js';
import { detectChunks, defaultThreads, reportBad, sharded } from '../pipeline.js';
import { formatSummary, Progress } from '../progress.js';
import { formatTable, type Row } from '../table.js';
import { readUnits } from '../units.js';
import { InputWarnings } from '../warnings.js';
import type { CommandContext } from '../signals.js';

export const DETECT_HELP = `Usage: kavach detect <input|-> [options]

Find personal data in a file (or stdin) and print every span found.

Input formats: plain text (line by line), JSONL (--field, or every string in each record), CSV
(--columns, or every column; the header names are used as context). Picked from the extension
(.jsonl/.ndjson, .csv) or --format.

Options:
  --format text|jsonl|csv   input format (default: from the extension, else text)
  --field <path>            JSONL field(s) to scan, dotted paths; repeat or comma-separate
  --columns <a,b>           CSV columns to scan (default: all); numbers from 1 with --no-header
  --no-header               the CSV has no header row: every row is scanned (without it the first
                            row names the columns and is not scanned, with a warning if its cells
                            look like personal data)
  --entities <A,B>          only these entity types (e.g. AADHAAR,PAN)
  --min-score <x>           drop spans scoring below x (0..1, default 0.4)
  --explain                 say why each span was kept (pattern, checksum, context words)
  --table                   a readable table (default when stdout is a terminal)
  --jsonl                   one JSON object per span (default when piped)
  -o, --output <file|->     write there instead of stdout
  -t, --threads <n>         worker threads (default: cores − 1, max 8; 0 = this thread)
  --shard k/n               only records i with i % n = k
  --skip-bad                report a malformed record by line number and go on (default: stop)
  -q, --quiet               no progress, no summary
  -h, --help                this help

Output (--jsonl): {"line":3,"field":"note","type":"AADHAAR","start":9,"end":23,"text":"…","score":0.9,"detector":"aadhaar"}
`;

export async function detectCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const p = parse(argv, {
    ...COMMON,
    entities: { type: 'string', multiple: true },
    'min-score': { type: 'string' },
    explain: { type: 'boolean' },
    table: { type: 'boolean' },
    jsonl: { type: 'boolean' },
    'no-header': { type: 'boolean' },
  });
  if (flag(p, 'help')) {
    process.stdout.write(DETECT_HELP);
    return 0;
  }
  if (p.positionals.length !== 1) throw new UsageError('detect needs one input (a file or -)');
  const inputPath = p.positionals[0]!;
  const outPath = str(p, 'output') ?? '-';
  if (flag(p, 'table') && flag(p, 'jsonl')) throw new UsageError('--table and --jsonl exclude each other');
  const table = flag(p, 'table') || (!flag(p, 'jsonl') && outPath === '-' && process.stdout.isTTY === true);
  const explain = flag(p, 'explain');
  const entities = list(p, 'entities');
  const minScore = num(p, 'min-score', 0, 1);
  const quiet = flag(p, 'quiet');
  const threads = int(p, 'threads', 0) ?? defaultThreads();

  const input = openInput(inputPath);
  const format = pickFormat(inputPath, str(p, 'format'));
  const progress = new Progress({ live: !quiet && process.stderr.isTTY === true, total: input.size });
  const warnings = new InputWarnings('not scanned');
  const units = readUnits(input.source, {
    format,
    fields: list(p, 'field'),
    columns: list(p, 'columns'),
    header: !flag(p, 'no-header'),
    onHeader: warnings.csvHeader,
    walk: true,
    onBad: flag(p, 'skip-bad') ? reportBad(progress, quiet) : undefined,
    onInvalidUtf8: warnings.invalidUtf8,
  });
  const out = openOutput(outPath);
  const pool = createPool({ threads });
  let rows: Row[] = [];
  const flushTable = async (): Promise<void> => {
    if (rows.length) await out.write(formatTable(rows, explain));
    rows = [];
  };
  try {
    const options = { entities: entities.length ? entities : undefined, minScore, explain };
    for await (const chunk of detectChunks(pool, sharded(units, shard(p)), options, ctx.signal)) {
      let text = '';
      let n = 0;
      for (const { unit, entities: found } of chunk) {
        if (!unit.passThrough) n++;
        found.forEach((list: Entity[], i) => {
          for (const e of list) {
            progress.countEntity(String(e.type));
            if (table) rows.push({ line: unit.no, label: unit.labels[i], entity: e });
            else text += `${JSON.stringify({ line: unit.no, ...(unit.labels[i] !== undefined ? { field: unit.labels[i] } : {}), ...e })}\n`;
          }
        });
      }
      if (table && rows.length >= 10_000) await flushTable();
      if (text) await out.write(text);
      progress.update(n, input.bytesRead());
    }
    if (table) await flushTable();
  } catch (err) {
    progress.clear();
    const kept = await out.abort();
    if (kept) process.stderr.write(`kavach: output so far kept as ${kept}\n`);
    throw err;
  } finally {
    await pool.close();
  }
  progress.clear();
  if (ctx.signal.aborted) {
    const kept = await out.abort();
    process.stderr.write(`kavach: interrupted${kept ? `; output so far kept as ${kept}` : ''}\n`);
    return 130;
  }
  await out.commit();
  if (!quiet) process.stderr.write(formatSummary(progress.summary(), 'scanned') + warnings.summary());
  return 0;
}
