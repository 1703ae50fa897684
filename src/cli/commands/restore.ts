/** `kavach restore`: put the originals back into a scrubbed file (or a model's reply on stdin). */
import { emptyResult, Restorer, type DeanonymiseResult } from '../../deanonymise.js';
import { restoreSpellings } from '../../vault/spellings.js';
import { fieldSheetKeys } from '../../records/sheets.js';
import { orderedChunks } from '../../batch/ordered.js';
import { COMMON, flag, list, parse, str, UsageError } from '../args.js';
import { openInput, openOutput, pickFormat } from '../io.js';
import { InputWarnings } from '../warnings.js';
import type { CommandContext } from '../signals.js';
import { reportBad } from '../pipeline.js';
import { formatSummary, Progress } from '../progress.js';
import { readUnits, type Unit } from '../units.js';
import { openVault } from '../vault-spec.js';

export const RESTORE_HELP = `Usage: kavach restore <input|-> --session <id> --vault <spec> [-o <output|->] [options]

Replace every token of a session by its original value. Tolerant of what models do to tokens
(<person_1>, [PERSON_1], PERSON_1's, &lt;PERSON_1&gt;). Unknown tokens are left as they are and counted.

Input formats as for scrub: plain text (line by line), JSONL (--field; default: every string in
each record), CSV (--columns; default: every column). In JSONL, a number's token ({PHONE_1}, as
scrub writes it) is restored as a JSON number.

Options:
  --session <id>            the session the tokens belong to (required)
  --vault <spec>            memory, sqlite:<path> or redis://host:port (default from KAVACH_VAULT)
  --key-file <path>         vault key (else KAVACH_KEY or KAVACH_KEY_FILE)
  -o, --output <file|->     output (default: stdout; a file is written atomically)
  --format text|jsonl|csv   input format (default: from the extension, else text)
  --field <path>            JSONL field(s) to restore
  --columns <a,b>           CSV columns to restore (default: all); numbers from 1 with --no-header
  --no-header               the CSV has no header row (as given to scrub)
  --skip-bad                report a malformed record by line number and go on
  -q, --quiet               no summary
  -h, --help                this help
`;

export async function restoreCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const p = parse(argv, { ...COMMON, session: { type: 'string' }, vault: { type: 'string' }, 'key-file': { type: 'string' }, 'no-header': { type: 'boolean' } });
  if (flag(p, 'help')) {
    process.stdout.write(RESTORE_HELP);
    return 0;
  }
  if (p.positionals.length !== 1) throw new UsageError('restore needs one input (a file or -)');
  const session = str(p, 'session');
  if (session === undefined) throw new UsageError('restore needs --session <id>');
  const inputPath = p.positionals[0]!;
  const quiet = flag(p, 'quiet');
  const format = pickFormat(inputPath, str(p, 'format'));
  const vault = openVault(str(p, 'vault'), { keyFile: str(p, 'key-file') });
  const input = openInput(inputPath);
  const progress = new Progress({ live: !quiet && process.stderr.isTTY === true, total: input.size });
  const warnings = new InputWarnings();
  const units = readUnits(input.source, {
    format,
    fields: list(p, 'field'),
    columns: list(p, 'columns'),
    header: !flag(p, 'no-header'),
    walk: true,
    restore: true,
    onBad: flag(p, 'skip-bad') ? reportBad(progress, quiet) : undefined,
    onInvalidUtf8: warnings.invalidUtf8,
  });
  let failed = true;
  const out = openOutput(str(p, 'output') ?? '-');
  const unknown = new Set<string>();
  let restored = 0;
  try {
    const restorer = await Restorer.create(vault, session);
    // One vault lookup per chunk of records: spans of every text first, then one reveal.
    const run = async (us: Unit[]): Promise<string> => {
      const texts = us.flatMap((u) => u.texts);
      // A whole record's strings have spelling sheets of their own, filed under the record and the
      // string's path (src/records/sheets.ts), as deanonymiseRecord reads them.
      const sheets = us.flatMap((u) => {
        if (u.record === undefined || !u.paths) return u.texts.map(() => undefined);
        const keyOf = fieldSheetKeys(u.record);
        return u.paths.map((path) => keyOf(path));
      });
      const spans = texts.map((t) => restorer.spans(t));
      await restorer.resolve(spans.flat());
      const back = await Promise.all(
        texts.map(async (t, i) => {
          const r: DeanonymiseResult = emptyResult();
          const text = restorer.render(t, 0, t.length, spans[i]!, 0, r);
          restored += r.restored.length;
          for (const u of r.unknown) unknown.add(u);
          // A text exactly as scrub wrote it gets its own spellings back (src/vault/spellings.ts); a
          // record's string those filed under its record and path, or none (canonical spellings),
          // never the sheet of its text that another record of the session left.
          return (await restoreSpellings(vault, session, t, r, undefined, sheets[i] ?? t)) ?? text;
        }),
      );
      let at = 0;
      return us
        .map((u) => {
          const s = u.render(back.slice(at, at + u.texts.length));
          at += u.texts.length;
          return s;
        })
        .join('');
    };
    for await (const c of orderedChunks(units, run, { chunkItems: 256, maxInFlight: 1, signal: ctx.signal })) {
      await out.write(c.results);
      progress.update(c.items.filter((u) => !u.passThrough).length, input.bytesRead());
    }
    failed = false;
  } finally {
    progress.clear();
    await vault.close();
    if (failed) {
      const kept = await out.abort();
      if (kept) process.stderr.write(`kavach: output so far kept as ${kept}\n`);
    }
  }
  if (ctx.signal.aborted) {
    const kept = await out.abort();
    process.stderr.write(`kavach: interrupted${kept ? `; output so far kept as ${kept}` : ''}\n`);
    return 130;
  }
  await out.commit();
  if (!quiet) {
    const s = progress.summary();
    process.stderr.write(formatSummary(s, 'restored').replace(/\n {2}entities: .*\n$/, '\n'));
    process.stderr.write(`  tokens restored: ${restored}${unknown.size ? `, unknown (left as they are): ${unknown.size}` : ''}\n${warnings.summary()}`);
  }
  return 0;
}
