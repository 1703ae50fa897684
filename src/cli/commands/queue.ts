/** `kavach queue status|clean --queue … --job …`: look at or remove a queued scrub. */
import { cleanJob } from '../queue/coordinator.js';
import { jobStatus } from '../queue/status.js';
import { checkJobName, parseQueueUrl } from '../queue/store.js';
import { flag, parse, str, UsageError } from '../args.js';
import type { CommandContext } from '../signals.js';

export const QUEUE_HELP = `Usage: kavach queue status|clean --queue <redis://host:port/db> [--job <name>]

  status   without --job: the queue's jobs by state and the workers connected; with --job: that
           scrub's chunks (done, waiting, running, failed), records so far and bad records by line
  clean    remove a job's chunks, results and BullMQ jobs from Redis (--job required); chunks a
           worker is running are left to finish and reported

Options:
  --queue <url>   the Redis holding the queue (required)
  --job <name>    the job name \`kavach scrub --queue\` printed or was given
  --json          status as one JSON object
  -h, --help      this help
`;

export async function queueCommand(argv: string[], _ctx: CommandContext): Promise<number> {
  const p = parse(argv, {
    help: { type: 'boolean', short: 'h' },
    queue: { type: 'string' },
    job: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (flag(p, 'help')) {
    process.stdout.write(QUEUE_HELP);
    return 0;
  }
  const [action, ...rest] = p.positionals;
  if (rest.length || (action !== 'status' && action !== 'clean')) throw new UsageError('queue needs one action: status or clean');
  const queue = parseQueueUrl(str(p, 'queue'));
  const jobName = str(p, 'job');
  const job = jobName === undefined ? undefined : checkJobName(jobName);
  if (action === 'clean') {
    if (job === undefined) throw new UsageError('queue clean needs --job');
    const r = await cleanJob(queue, job);
    process.stdout.write(`removed queue job ${job} (${r.removed} queued chunks)${r.active ? `; ${r.active} chunks still running were left to finish` : ''}\n`);
    return 0;
  }
  const s = await jobStatus(queue, job);
  if (flag(p, 'json')) {
    process.stdout.write(`${JSON.stringify(s)}\n`);
    return 0;
  }
  const lines = [`queue: ${s.queue.workers} workers; jobs ${Object.entries(s.queue.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`];
  if (s.job) {
    const j = s.job;
    if (!j.exists) lines.push(`job ${j.name}: not found`);
    else {
      lines.push(
        `job ${j.name}: ${j.done}/${j.chunks ?? `${j.known}+ (still splitting)`} chunks done, ${j.records} records` +
          `; waiting ${j.states.waiting}, running ${j.states.active}, retrying ${j.states.delayed}, failed ${j.states.failed}`,
      );
      for (const f of j.failed) lines.push(`  chunk ${f.index} failed: ${f.reason}`);
      for (const b of j.bad) lines.push(`  bad record: line ${b.line}: ${b.reason}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
