// Real processes sharing one store. Allocation must be a bijection (one token per value, one value per
// token) however the children interleave; a SIGKILLed writer must leave every token it reported restorable.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TokenMode } from '../../src/vault/interface.js';
import { makeHarness, skipRedisStoreWithoutRedis, type Harness } from '../support/stores.js';

const ROOT = join(import.meta.dirname, '..', '..');

function run(script: string, cfg: object): { child: ChildProcess; lines: string[]; done: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'support', script), JSON.stringify(cfg)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop()!;
    lines.push(...parts.filter(Boolean));
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) console.error(err);
      resolve(code);
    }),
  );
  return { child, lines, done, stderr: () => err };
}

describe.each(['sqlite', 'redis'] as const)('concurrent processes: %s', (store) => {
  skipRedisStoreWithoutRedis(store);
  let h: Harness;
  afterEach(async () => {
    await h?.cleanup();
  });

  it.each(['token', 'deterministic', 'surrogate'] as TokenMode[])('%s mode: 4 processes, same 60 values, the mapping is a bijection', async (mode) => {
    const key = (await import('../../src/vault/keys.js')).generateKey();
    h = makeHarness(store, key);
    h.open(); // create the schema / check the connection before the children race
    const values = Array.from({ length: 60 }, (_, i) => `Tester Number${String(i).padStart(2, '0')}`);
    const session = 'shared-session';
    const children = Array.from({ length: 4 }, (_, i) =>
      run('hammer.ts', { store, ...h.location, key, session, values, rounds: 2, mode, seed: 1000 + i }),
    );
    const codes = await Promise.all(children.map((c) => c.done));
    expect(codes, children.map((c) => c.stderr()).join('\n').slice(0, 2000)).toEqual([0, 0, 0, 0]);
    const pairs = children.flatMap((c) => c.lines.map((l) => JSON.parse(l) as [string, string]));
    expect(pairs.length).toBe(4 * 2 * 60);
    const byValue = new Map<string, Set<string>>();
    const byToken = new Map<string, Set<string>>();
    for (const [v, t] of pairs) {
      (byValue.get(v) ?? byValue.set(v, new Set()).get(v)!).add(t);
      (byToken.get(t) ?? byToken.set(t, new Set()).get(t)!).add(v);
    }
    expect(byValue.size).toBe(60);
    expect(byToken.size).toBe(60);
    for (const ts of byValue.values()) expect(ts.size).toBe(1);
    for (const vs of byToken.values()) expect(vs.size).toBe(1);
    if (mode === 'token') expect([...byToken.keys()].sort()).toEqual(values.map((_, i) => `<PERSON_${i + 1}>`).sort());
    // The store agrees with what the children were told.
    const vault = h.open();
    const revealed = await vault.reveal(session, [...byToken.keys()]);
    for (const [t, vs] of byToken) expect(revealed.get(t)).toBe([...vs][0]);
    expect((await vault.stats()).records).toBe(60);
  });

  it('a writer killed with SIGKILL mid-run leaves a readable vault where every token it printed restores', async () => {
    const key = (await import('../../src/vault/keys.js')).generateKey();
    h = makeHarness(store, key);
    h.open();
    const session = 'durability';
    const c = run('durable-child.ts', { store, ...h.location, key, session });
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (c.lines.length >= 40) {
          clearInterval(timer);
          c.child.kill('SIGKILL');
          resolve();
        }
      }, 5);
      c.done.then(() => {
        clearInterval(timer);
        if (c.lines.length < 40) reject(new Error(`child exited early:\n${c.stderr().slice(0, 2000)}`));
      });
    });
    await c.done;
    expect(c.child.signalCode).toBe('SIGKILL');
    const printed = c.lines.map((l) => JSON.parse(l) as [string, string]);
    const vault = h.open();
    const revealed = await vault.reveal(session, printed.map(([, t]) => t));
    for (const [value, token] of printed) expect(revealed.get(token)).toBe(value);
    // Still writable, and numbering continues after whatever the child reserved.
    const stats = await vault.stats();
    expect(stats.records).toBeGreaterThanOrEqual(printed.length);
    const [next] = await vault.tokenize([{ session, type: 'AADHAAR', value: '234567890124' }]);
    expect(Number(/_(\d+)>$/.exec(next!)![1])).toBeGreaterThan(printed.length);
  });
});
