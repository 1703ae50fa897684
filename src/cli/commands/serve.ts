/** `kavach serve`: the anonymising OpenAI-compatible gateway, in front of an upstream LLM API. */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { PolicyInput } from '../../decide/input.js';
import { createEngine } from '../../engine.js';
import { createGateway } from '../../gateway/gateway.js';
import { isLoopback } from '../../gateway/keys.js';
import { parseDuration } from '../../gateway/duration.js';
import { flag, int, num, parse, str, UsageError } from '../args.js';
import type { CommandContext } from '../signals.js';
import { openVault } from '../vault-spec.js';
import { loadPolicy } from '../policy-file.js';

export const SERVE_HELP = `Usage: kavach serve --upstream <url> [options]

Run an OpenAI-compatible gateway: every request to POST /v1/chat/completions, /v1/responses and
/v1/embeddings is anonymised before it goes upstream and every reply (streams and tool calls
included) is restored before it comes back. GET /v1/models is passed through; GET /healthz and
GET /metrics (Prometheus, loopback only) are the gateway's own; anything else is a 404.

The upstream API key is read from KAVACH_UPSTREAM_KEY, never from callers. Without --keys the
gateway listens on loopback only and accepts any caller there; with --keys every caller needs one
of its keys (create them with \`kavach keys add\`).

Options:
  --upstream <url>          the API, with its version path, e.g. https://api.openai.com/v1 (required)
  --port <n>                default 8787
  --host <addr>             default 127.0.0.1 (a non-loopback address needs --keys)
  --keys <file>             callers' keys (JSON, from \`kavach keys\`); re-read when it changes
  --env <dev|test|prod>     refuse keys made for another environment
  --vault <spec>            memory (default), sqlite:<path> or redis://host:port
  --key-file <path>         the vault key (else KAVACH_KEY / KAVACH_KEY_FILE)
  --policy <name|file.json> llm (default), dataset, strict, or a policy file
  --audit <file>            append one JSON line per request and alert (no values, no text)
  --audit-content <mode>    none (default) or anonymised: also keep the request and reply as the
                            upstream saw them (tokens, not values)
  --retention <duration>    audit events and vault sessions are deleted after this (default 90d)
  --links <mode>            withhold (default): tokens in URLs, link targets and HTML attributes
                            stay tokens; restore: put them back too
  --no-instruction          do not add the "copy placeholders exactly" line to the system prompt
  --logprobs <mode>         refuse (default) or strip requests that ask for logprobs
  --alert-webhook <url>     POST each spike / new-address alert there as JSON
  --spike-factor <k>        alert above k× a caller's moving baseline (default 3)
  --trust-proxy             take the client address from X-Forwarded-For (behind your own proxy only)
  -h, --help                this help
`;

export async function serveCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const p = parse(argv, {
    help: { type: 'boolean', short: 'h' },
    upstream: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    keys: { type: 'string' },
    env: { type: 'string' },
    vault: { type: 'string' },
    'key-file': { type: 'string' },
    policy: { type: 'string' },
    audit: { type: 'string' },
    'audit-content': { type: 'string' },
    retention: { type: 'string' },
    links: { type: 'string' },
    'no-instruction': { type: 'boolean' },
    logprobs: { type: 'string' },
    'alert-webhook': { type: 'string' },
    'spike-factor': { type: 'string' },
    'trust-proxy': { type: 'boolean' },
  });
  if (flag(p, 'help')) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  if (p.positionals.length) throw new UsageError(`unexpected argument "${p.positionals[0]}"`);
  const upstream = str(p, 'upstream');
  if (!upstream) throw new UsageError('--upstream <url> is required, e.g. --upstream https://api.openai.com/v1');
  const port = int(p, 'port', 0) ?? 8787;
  if (port > 65535) throw new UsageError('--port must be at most 65535');
  const host = str(p, 'host') ?? '127.0.0.1';
  const keys = str(p, 'keys');
  if (!keys && !isLoopback(host)) throw new UsageError(`--host ${host} is not a loopback address: give --keys so callers must authenticate`);
  const env = str(p, 'env');
  if (env !== undefined && !['dev', 'test', 'prod'].includes(env)) throw new UsageError('--env must be dev, test or prod');
  const auditContent = str(p, 'audit-content') ?? 'none';
  if (auditContent !== 'none' && auditContent !== 'anonymised') throw new UsageError('--audit-content must be none or anonymised');
  const links = str(p, 'links') ?? 'withhold';
  if (links !== 'withhold' && links !== 'restore') throw new UsageError('--links must be withhold or restore');
  const logprobs = str(p, 'logprobs') ?? 'refuse';
  if (logprobs !== 'refuse' && logprobs !== 'strip') throw new UsageError('--logprobs must be refuse or strip');
  const retention = parseDuration(str(p, 'retention') ?? '90d', '--retention');
  const factor = num(p, 'spike-factor', 1.1, 1000);
  const webhook = str(p, 'alert-webhook');

  const vault = openVault(str(p, 'vault'), { keyFile: str(p, 'key-file') });
  const engine = createEngine({ vault, ...(str(p, 'policy') !== undefined ? { policy: loadPolicy(str(p, 'policy')) as PolicyInput } : {}), ttl: retention });
  const gateway = createGateway({
    upstream,
    engine,
    ...(keys ? { keys } : {}),
    ...(env ? { env: env as 'dev' | 'test' | 'prod' } : {}),
    ...(str(p, 'audit') ? { audit: str(p, 'audit')! } : {}),
    auditContent,
    retention,
    links,
    logprobs,
    ...(flag(p, 'no-instruction') ? { instruction: false as const } : {}),
    spikes: { ...(factor !== undefined ? { factor } : {}), ...(webhook ? { webhook } : {}) },
    trustProxy: flag(p, 'trust-proxy'),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: gateway, port, hostname: host }, () => resolve(s));
    s.once('error', reject);
  }).catch(async (err: NodeJS.ErrnoException) => {
    await gateway.close();
    await vault.close();
    throw new UsageError(`cannot listen on ${host}:${port} (${err.code ?? 'error'})`);
  });
  const addr = server.address() as AddressInfo;
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const say = (line: string): void => void process.stderr.write(`${line}\n`);
  say(`kavach: gateway on http://${shown}:${addr.port}/v1 -> ${upstream}`);
  say(keys ? `kavach: callers need a key from ${keys}${env ? ` (environment ${env})` : ''}` : 'kavach: no --keys: any caller on this machine may use it (loopback only)');
  if (!process.env.KAVACH_UPSTREAM_KEY) say('kavach: KAVACH_UPSTREAM_KEY is not set: requests go upstream without an API key');
  if (vault.store === 'memory') say('kavach: the vault is in memory: named sessions end when the gateway stops (use --vault sqlite:<path> to keep them)');
  const initial = await gateway.purge().catch(() => undefined);
  if (initial && (initial.auditEvents || initial.vaultRecords)) say(`kavach: retention purge removed ${initial.auditEvents} audit events and ${initial.vaultRecords} vault records`);

  // Run until Ctrl-C or SIGTERM.
  const stopping = ctx.stopping();
  if (!stopping.aborted) await new Promise<void>((resolve) => stopping.addEventListener('abort', () => resolve(), { once: true }));
  say('kavach: stopping');
  await new Promise<void>((resolve) => {
    (server as import('node:http').Server).closeIdleConnections?.();
    server.close(() => resolve());
    setTimeout(() => (server as import('node:http').Server).closeAllConnections?.(), 5000).unref();
  });
  await gateway.close();
  await vault.close();
  return 0;
}
