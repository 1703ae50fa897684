// A real synchronous `require` in every build, for the heavy optional modules (better-sqlite3,
// ioredis, piscina, compromise) that must load only when used, so `import { detect } from 'kavach'`
// loads none of them (checked by test/imports.test.ts against the built package).
//
// `require` itself is not safe to test: esbuild's ESM output replaces it with a shim that throws
// ("Dynamic require of x is not supported"), and `typeof require` sees that shim. So: CommonJS (the
// CJS bundle) has `module.require`, which esbuild leaves alone; ESM (source, the ESM bundle) has
// `import.meta.url` for createRequire. `import.meta` is only read on the ESM branch, so the CJS bundle
// never touches its empty stand-in.
import { createRequire } from 'node:module';

let req: ((id: string) => unknown) | undefined;

export function nodeRequire<T>(id: string): T {
  if (!req) {
    req = typeof module !== 'undefined' && typeof module.require === 'function' ? (m) => module.require(m) : createRequire(import.meta.url);
  }
  return req(id) as T;
}
