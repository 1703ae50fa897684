/**
 * The pool and the CLI run from the BUILT package (Node 20 cannot run a .ts worker). Tests build
 * once into a private directory named by a hash of the sources, so concurrent test files (and
 * other people's builds of dist/) never clean files out from under each other: the first builder
 * writes to a temporary directory and renames it into place; later callers reuse it.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
}

function sourceHash(): string {
  const files: string[] = [];
  for (const d of ['src', 'patterns']) if (existsSync(join(ROOT, d))) walk(join(ROOT, d), files);
  files.push(join(ROOT, 'tsup.config.ts'), join(ROOT, 'test/batch/tsup.test.config.ts'), join(ROOT, 'package.json'));
  const h = createHash('sha256');
  for (const f of files.sort()) {
    h.update(relative(ROOT, f));
    h.update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 16);
}

let cached: string | undefined;

/** Time to allow a hook that builds (a loaded machine can take a while). */
export const BUILD_TIMEOUT = 240_000;

/** Absolute path of a built copy of the package's dist/ for the current sources. */
export function builtDist(): string {
  if (cached) return cached;
  const base = join(ROOT, '.tmp');
  mkdirSync(base, { recursive: true });
  const dir = join(base, `test-dist-${sourceHash()}`);
  if (!existsSync(join(dir, 'cli.js'))) {
    const tmp = `${dir}.${process.pid}.${Date.now()}`;
    execFileSync(process.execPath, [join(ROOT, 'node_modules/tsup/dist/cli-default.js'), '--config', 'test/batch/tsup.test.config.ts', '--out-dir', tmp, '--silent'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    for (const f of ['index.js', 'index.cjs', 'worker.js', 'worker.cjs', 'cli.js']) {
      if (!existsSync(join(tmp, f))) throw new Error(`build did not produce ${f}`);
    }
    try {
      renameSync(tmp, dir);
    } catch {
      // Another test file won the race with an identical build: use theirs.
      rmSync(tmp, { recursive: true, force: true });
    }
    // Builds of older sources, untouched for an hour, are no longer anyone's.
    for (const name of readdirSync(base)) {
      const p = join(base, name);
      if (name.startsWith('test-dist-') && p !== dir && Date.now() - statSync(p).mtimeMs > 3_600_000) {
        rmSync(p, { recursive: true, force: true });
      }
    }
  }
  cached = dir;
  return dir;
}

/** The built library (ESM), typed as the sources. */
export async function builtLib(): Promise<typeof import('../../src/index.js')> {
  return import(pathToFileURL(join(builtDist(), 'index.js')).href);
}

export function builtCli(): string {
  return join(builtDist(), 'cli.js');
}
