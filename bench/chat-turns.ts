/**
 * Chat turns: a chat client sends the whole conversation on every turn, and the gateway and the openai
 * wrapper anonymise every message of it each time (one engine, one vault session per conversation).
 * Here `engine.anonymise` runs that way over `conversations` conversations of `turns` turns, each turn
 * adding one ~1 KB message of corpus records, with the engine's detection memo (src/resolve/memo.ts)
 * and without it (`detectMemo: 0`), interleaved. CPU time per turn; the outputs of the two must be the
 * same, byte for byte. Run alone: `npx tsx bench/chat-turns.ts`; `npm run bench` prints it too.
 */
import { createEngine } from '../src/index.js';
import { loadCorpus, measureAsync, median, prompts, sig, type CorpusRecord } from './lib.js';

export interface ChatTurnsResult {
  conversations: number;
  turns: number;
  /** Message anonymisations per round (every message of every turn). */
  messages: number;
  /** Bytes of message text anonymised per round. */
  bytes: number;
  /** Median CPU ms per turn (a whole conversation resent), without and with the memo. */
  cpuMsPerTurnOff: number;
  cpuMsPerTurnOn: number;
  /** Without / with: how many times less CPU a turn costs with the memo. */
  ratio: number;
  /** The two engines' outputs were the same, byte for byte. */
  identical: boolean;
}

export async function chatTurns(o: { records?: readonly CorpusRecord[]; conversations?: number; turns?: number; rounds?: number } = {}): Promise<ChatTurnsResult> {
  const conversations = o.conversations ?? 10;
  const turns = o.turns ?? 12;
  const messages = prompts(o.records ?? loadCorpus(), 1024, conversations * turns);
  const run = async (detectMemo: number, outs: string[]): Promise<void> => {
    const engine = createEngine({ detectMemo });
    for (let c = 0; c < conversations; c++) {
      const session = `chat-${c}`;
      const own = messages.slice(c * turns, (c + 1) * turns);
      for (let t = 1; t <= turns; t++) {
        for (let m = 0; m < t; m++) outs.push((await engine.anonymise(own[m]!, { session })).text);
      }
    }
    await engine.close();
  };
  const sent = conversations * ((turns * (turns + 1)) / 2);
  let bytes = 0;
  for (let c = 0; c < conversations; c++) for (let m = 0; m < turns; m++) bytes += Buffer.byteLength(messages[c * turns + m]!) * (turns - m);
  // Warm-up: both variants, three times each (V8 compiles the pipeline in the first passes).
  for (let r = 0; r < 3; r++) {
    await run(0, []);
    await run(1024, []);
  }
  const off: number[] = [];
  const on: number[] = [];
  let identical = true;
  for (let r = 0; r < (o.rounds ?? 5); r++) {
    const a: string[] = [];
    const b: string[] = [];
    off.push((await measureAsync(() => run(0, a))).cpu);
    on.push((await measureAsync(() => run(1024, b))).cpu);
    identical &&= a.length === sent && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  const perTurn = conversations * turns;
  const cpuMsPerTurnOff = median(off) / perTurn;
  const cpuMsPerTurnOn = median(on) / perTurn;
  return { conversations, turns, messages: sent, bytes, cpuMsPerTurnOff: sig(cpuMsPerTurnOff), cpuMsPerTurnOn: sig(cpuMsPerTurnOn), ratio: sig(cpuMsPerTurnOff / cpuMsPerTurnOn), identical };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await chatTurns();
  console.log(JSON.stringify(r, null, 2));
}
