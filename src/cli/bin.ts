/**
 * `kavach`: a thin command-line shell over the library. Exit codes: 0 done, 1 failed (bad record,
 * vault or key problem), 2 usage error, 130 interrupted (SIGINT; the output so far is kept as
 * `<output>.partial`, the final name is never half-written).
 */
import { KavachError } from '../errors.js';
import { UsageError } from './args.js';
import { demoCommand } from './commands/demo.js';
import { detectCommand } from './commands/detect.js';
import { restoreCommand } from './commands/restore.js';
import { scrubCommand } from './commands/scrub.js';
import { vaultCommand } from './commands/vault.js';
import { serveCommand } from './commands/serve.js';
import { keysCommand } from './commands/keys.js';
import { workerCommand } from './commands/worker.js';
import { queueCommand } from './commands/queue.js';

export interface CommandContext {
  /** Fires on the first SIGINT: stop reading, finish what is in flight, keep the output so far. */
  signal: AbortSignal;
}

type Command = (argv: string[], ctx: CommandContext) => Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  scrub: { run: scrubCommand, summary: 'replace personal data in text, JSONL or CSV with tokens (all cores)' },
  restore: { run: restoreCommand, summary: 'put the originals back into a scrubbed file or a model reply' },
  detect: { run: detectCommand, summary: 'find personal data and print the spans (JSONL or a table)' },
  demo: { run: demoCommand, summary: 'detect → anonymise → a model reply → restore, on a sample (npm start)' },
  vault: { run: vaultCommand, summary: 'purge expired sessions, forget a session or value, rotate the key, stats' },
  serve: { run: serveCommand, summary: 'run the anonymising OpenAI-compatible gateway in front of an LLM API' },
  keys: { run: keysCommand, summary: 'add, list, revoke or rotate the gateway callers\' keys' },
  worker: { run: workerCommand, summary: 'run chunks of queued scrubs (scrub --queue) on this machine, BullMQ on Redis' },
  queue: { run: queueCommand, summary: 'status or clean of a queued scrub job' },
};

export const MAIN_HELP = () => `Usage: kavach <command> [options]

Find Indian personal data in text, JSONL and CSV; replace it with reversible pseudonyms; restore it.

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join('\n')}

Run \`kavach <command> --help\` for a command's options.
`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(MAIN_HELP());
    return name === undefined ? 2 : 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    process.stderr.write(`kavach: unknown command "${name}"\n\n${MAIN_HELP()}`);
    return 2;
  }
  const abort = new AbortController();
  const onSigint = (): void => {
    if (abort.signal.aborted) process.exit(130); // a second Ctrl-C: stop now
    abort.abort();
    if (process.stderr.isTTY) process.stderr.write('\nkavach: interrupted, finishing the records in flight (Ctrl-C again to stop now)\n');
  };
  process.on('SIGINT', onSigint);
  try {
    return await cmd.run(rest, { signal: abort.signal });
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`kavach ${name}: ${err.message}\nRun \`kavach ${name} --help\` for usage.\n`);
      return 2;
    }
    if ((err as NodeJS.ErrnoException)?.code === 'EPIPE') return 0; // stdout closed early (| head)
    if (err instanceof KavachError) {
      process.stderr.write(`kavach ${name}: ${err.message}\n`);
      return 1;
    }
    // Unexpected: the message and stack only (errors from kavach never carry personal data).
    process.stderr.write(`kavach ${name}: ${(err as Error)?.stack ?? String(err)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

// Run when executed as the CLI (dist/cli.js), not when imported by tests.
const self = process.argv[1] ?? '';
if (/(?:^|[\\/])(?:cli\.js|main\.ts|kavach)$/.test(self)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`kavach: ${(err as Error)?.message ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
