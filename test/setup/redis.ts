// vitest globalSetup: a real Redis for the Redis-backed suites (vault, CLI, queue). REDIS_URL wins
// (and must answer); otherwise a private redis-server is started on a free loopback port in a temp
// dir and stopped at teardown. With neither, the Redis-backed suites are SKIPPED (one line says why
// and how to run them) so `npm test` passes on a fresh machine; under KAVACH_REQUIRE_REDIS=1 (CI)
// a missing Redis FAILS the run instead. Redis is never mocked.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Redis to use, or '' when none is reachable (the Redis-backed suites skip). */
    redisUrl: string;
  }
}

export const NO_REDIS_MESSAGE =
  'kavach tests: no Redis (REDIS_URL is not set and redis-server is not on PATH), so the Redis-backed suites are SKIPPED; ' +
  'to run them set REDIS_URL=redis://host:port or install redis-server (apt-get install -y redis-server). KAVACH_REQUIRE_REDIS=1 makes this a failure.';

/** PING a Redis URL with a short timeout: a REDIS_URL that was set on purpose must answer. */
async function ping(url: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const r = new Redis(url, { lazyConnect: true, connectTimeout: 3_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    await r.ping();
  } catch (err) {
    throw new Error(`REDIS_URL is set but Redis does not answer there (${(err as Error).message}); unset it to let the tests start or skip a private one.`);
  } finally {
    r.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function waitReady(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within ${timeoutMs} ms:\n${log}`)), timeoutMs);
    const onData = (d: Buffer): void => {
      log += d.toString();
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with code ${code}:\n${log}`));
    });
  });
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.REDIS_URL) {
    await ping(process.env.REDIS_URL);
    project.provide('redisUrl', process.env.REDIS_URL);
    return undefined;
  }
  const which = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (which.error || which.status !== 0) {
    if (process.env.KAVACH_REQUIRE_REDIS === '1') {
      throw new Error(`KAVACH_REQUIRE_REDIS=1 and no Redis: set REDIS_URL, or install redis-server (apt-get install -y redis-server) so the test setup can start one.`);
    }
    process.stderr.write(`${NO_REDIS_MESSAGE}\n`);
    project.provide('redisUrl', '');
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'kavach-redis-'));
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitReady(child, 15_000);
  const url = `redis://127.0.0.1:${port}`;
  process.env.REDIS_URL = url;
  project.provide('redisUrl', url);
  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
