/**
 * `kavach`: a thin command-line shell over the library. Exit codes: 0 done, 1 failed (bad record,
 * vault or key problem), 2 usage error, 130 interrupted (SIGINT; the output so far is kept as
 * `<output>.partial`, the final name is never half-written).
 */
import { KavachError } from '../errors.js';
import { UsageError } from './args.js';
import { commandSignals, type CommandContext } from './signals.js';


type Command = (argv: string[], ctx: CommandContext) => Promise<number>;

// Each command is loaded when it runs: `scrub` need not load the gateway's HTTP stack or BullMQ.
const COMMANDS: Record<string, { load: () => Promise<Command>; summary: string }> = {
  scrub: { load: async () => (await import('./commands/scrub.js')).scrubCommand, summary: 'replace personal data in text, JSONL or CSV with tokens (all cores)' },
  restore: { load: async () => (await import('./commands/restore.js')).restoreCommand, summary: 'put the originals back into a scrubbed file or a model reply' },
  detect: { load: async () => (await import('./commands/detect.js')).detectCommand, summary: 'find personal data and print the spans (JSONL or a table)' },
  demo: { load: async () => (await import('./commands/demo.js')).demoCommand, summary: 'detect → anonymise → a model reply → restore, on a sample (npm start)' },
  vault: { load: async () => (await import('./commands/vault.js')).vaultCommand, summary: 'purge expired sessions, forget a session or value, rotate the key, stats' },
  serve: { load: async () => (await import('./commands/serve.js')).serveCommand, summary: 'run the anonymising OpenAI-compatible gateway in front of an LLM API' },
  keys: { load: async () => (await import('./commands/keys.js')).keysCommand, summary: 'add, list, revoke or rotate the gateway callers\' keys' },
  worker: { load: async () => (await import('./commands/worker.js')).workerCommand, summary: 'run chunks of queued scrubs (scrub --queue) on this machine, BullMQ on Redis' },
  queue: { load: async () => (await import('./commands/queue.js')).queueCommand, summary: 'status or clean of a queued scrub job' },
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
  // Own entries only: `kavach constructor` must not find Object.prototype's members.
  const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!cmd) {
    process.stderr.write(`kavach: unknown command "${name}"\n\n${MAIN_HELP()}`);
    return 2;
  }
  const signals = commandSignals();
  try {
    return await (await cmd.load())(rest, signals.ctx);
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
    signals.dispose();
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
