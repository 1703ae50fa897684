/**
 * `npx tsx bench/gateway-turns.ts`: what the gateway's request side (`prepareChat`) costs per request
 * for a chat that resends its history, reading a request's texts first and anonymising them together
 * (one vault request) against one text after another (a vault request each, as before 1799e38), in
 * one process, interleaved. 10 conversations × 12 turns of ~1 KB messages; memory and SQLite vaults
 * (synchronous FULL: a commit is an fsync); one session per conversation (`x-kavach-session`) or a
 * new one per request (no header). The bodies the two ways build must be the same.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '../src/engine.js';
import { Conversation } from '../src/gateway/conversation.js';
import { prepareChat } from '../src/gateway/request.js';
import { generateKey } from '../src/vault/keys.js';
import { createSqliteVault } from '../src/vault/sqlite.js';
import { loadCorpus, median, prompts, sig, table } from './lib.js';

/** The request side as it was: each text anonymised, and awaited, before the next is read. */
class OneByOne extends Conversation {
  override async anonymiseAll(items: ReadonlyArray<{ text: string; context?: string | undefined }>): Promise<string[]> {
    const out: string[] = [];
    for (const it of items) out.push(...(await super.anonymiseAll([it])));
    return out;
  }
}

const CONVERSATIONS = 10;
const TURNS = 12;
const messages = prompts(loadCorpus(), 1024, CONVERSATIONS * TURNS);
const dir = mkdtempSync(join(tmpdir(), 'kavach-gw-turns-'));
const key = generateKey();
let dbs = 0;

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function run(vault: 'memory' | 'sqlite', sessions: 'conversation' | 'request', together: boolean): Promise<{ wall: number; cpu: number; bodies: string[] }> {
  const engine: Engine = createEngine(vault === 'memory' ? { key } : { vault: createSqliteVault({ path: join(dir, `v${++dbs}.db`), key }) });
  const bodies: string[] = [];
  const w0 = performance.now();
  const c0 = cpuMs();
  for (let c = 0; c < CONVERSATIONS; c++) {
    const own = messages.slice(c * TURNS, (c + 1) * TURNS);
    for (let t = 1; t <= TURNS; t++) {
      const session = sessions === 'conversation' ? `chat-${c}` : `chat-${c}-turn-${t}`;
      const conv = together ? new Conversation(engine, session) : new OneByOne(engine, session);
      const body = { model: 'm', messages: own.slice(0, t).map((m, i) => ({ role: i % 2 ? 'assistant' : 'user', content: m })) };
      bodies.push(JSON.stringify((await prepareChat(body, conv, { instruction: false, logprobs: 'refuse' })).body));
    }
  }
  const n = CONVERSATIONS * TURNS;
  const r = { wall: (performance.now() - w0) / n, cpu: (cpuMs() - c0) / n, bodies };
  await engine.close();
  return r;
}

const rows: Array<Array<string | number>> = [];
try {
  for (const vault of ['memory', 'sqlite'] as const) {
    for (const sessions of ['conversation', 'request'] as const) {
      await run(vault, sessions, false);
      await run(vault, sessions, true);
      const one: Array<{ wall: number; cpu: number }> = [];
      const all: Array<{ wall: number; cpu: number }> = [];
      for (let round = 0; round < 3; round++) {
        const a = await run(vault, sessions, false);
        const b = await run(vault, sessions, true);
        if (a.bodies.join('\n') !== b.bodies.join('\n')) throw new Error(`gateway turns: the two ways built other bodies (${vault}, session per ${sessions})`);
        one.push(a);
        all.push(b);
      }
      const w1 = median(one.map((x) => x.wall));
      const w2 = median(all.map((x) => x.wall));
      rows.push([vault, `per ${sessions}`, sig(w1), sig(w2), sig(w1 / w2), sig(median(one.map((x) => x.cpu))), sig(median(all.map((x) => x.cpu)))]);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`prepareChat, ${CONVERSATIONS} conversations × ${TURNS} turns of ~1 KB messages, ms per request (median of 3 interleaved rounds)`);
console.log(table([['vault', 'session', 'one by one, wall', 'together, wall', '×', 'one by one, CPU', 'together, CPU'], ...rows]));
