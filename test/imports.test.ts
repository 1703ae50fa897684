// What importing the package costs: `import { detect } from 'kavach'` must not load the native SQLite
// module, the Redis client, the thread pool or the NLP library; they load when a SQLite/Redis vault or
// a threaded pool is opened (src/node-require.ts). Nor xregexp, even once the built-in detectors have
// run: their patterns are compiled from patterns/regex-native.json, and only a pattern not in it (a
// user's detector) loads xregexp (its Unicode tables were ~15% of the CPU of import + first detect).
// Nor libphonenumber-js (~110 ms to load): Indian numbers are read from patterns/phone-in.json, and
// only a '+' number of another country (or a national number of a named one) loads it.
// Checked on the BUILT package, ESM and CJS, in a fresh child process each. Subpaths are views of the
// root: the same classes, one copy.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT, builtDist } from './batch/built.js';

const HEAVY = ['better-sqlite3', 'ioredis', 'piscina', 'compromise', 'bullmq', 'hono', 'xregexp', 'libphonenumber-js'];

let dist = '';
const tmp = mkdtempSync(join(tmpdir(), 'kavach-imports-'));
beforeAll(() => {
  dist = builtDist();
}, BUILD_TIMEOUT);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Run an ES module body in a fresh node; it prints JSON. `loaded()` lists the heavy packages in the module cache. */
function esm(body: string): any {
  const src = `import { createRequire } from 'node:module';
const req = createRequire(import.meta.url);
const loaded = () => ${JSON.stringify(HEAVY)}.filter((p) => Object.keys(req.cache).some((k) => k.includes('/node_modules/' + p + '/')));
const at = (f) => ${JSON.stringify(pathToFileURL(dist).href)} + '/' + f;
${body}`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', src], { cwd: tmp, encoding: 'utf8', env: { ...process.env, KAVACH_KEY: '' } }));
}

function cjs(body: string): any {
  const src = `const loaded = () => ${JSON.stringify(HEAVY)}.filter((p) => Object.keys(require.cache).some((k) => k.includes('/node_modules/' + p + '/')));
const at = (f) => require('node:path').join(${JSON.stringify(dist)}, f);
${body}`;
  return JSON.parse(execFileSync(process.execPath, ['-e', src], { cwd: tmp, encoding: 'utf8', env: { ...process.env, KAVACH_KEY: '' } }));
}

describe('importing kavach', () => {
  it('ESM: the root loads none of the heavy modules, and detect/anonymise work without them', () => {
    // Not compromise either: the gated name path reads its lexicon from patterns/nlp-lexicon.json.
    const r = esm(`const k = await import(at('index.js'));
const afterImport = loaded();
const found = k.detect('PAN ABCPE1234F, call +91 98765 43210. Thanks, Zorawar').map((e) => e.type);
const anon = await k.anonymise('Aadhaar 2345 6789 0124');
console.log(JSON.stringify({ afterImport, found, anon: anon.text, afterUse: loaded() }));`);
    expect(r.afterImport).toEqual([]);
    expect(r.found).toEqual(['PAN', 'PHONE', 'PERSON']);
    expect(r.anon).toBe('Aadhaar <AADHAAR_1>');
    expect(r.afterUse).toEqual([]);
  });

  it('CJS: the same', () => {
    const r = cjs(`const k = require(at('index.cjs'));
const afterImport = loaded();
const found = k.detect('PAN ABCPE1234F').map((e) => e.type);
console.log(JSON.stringify({ afterImport, found, afterUse: loaded() }));`);
    expect(r.afterImport).toEqual([]);
    expect(r.found).toEqual(['PAN']);
    expect(r.afterUse).toEqual([]);
  });

  it("a phone number of another country loads libphonenumber-js then, and is found; Indian ones never do", () => {
    const r = esm(`const k = await import(at('index.js'));
const indian = k.detect('call +91 98765 43210 or 98765 43210, landline 080 2345 6789').map((e) => e.type);
const before = loaded();
const found = k.detect('London office: +44 20 7946 0018').filter((e) => e.type === 'PHONE').map((e) => e.text);
console.log(JSON.stringify({ indian, before, found, after: loaded() }));`);
    expect(r.indian).toContain('PHONE');
    expect(r.before).not.toContain('libphonenumber-js');
    expect(r.found).toEqual(['+44 20 7946 0018']);
    expect(r.after).toContain('libphonenumber-js');
  });

  it('a custom detector whose pattern is not in patterns/regex-native.json loads xregexp then, and works', () => {
    const r = esm(`const k = await import(at('index.js'));
k.detect('PAN ABCPE1234F');
const before = loaded();
k.registerDetector({ id: 'employee-id', type: 'EMPLOYEE_ID', patterns: [{ name: 'emp', source: 'EMP - \\\\d{5}  # free spacing', flags: 'x', score: 0.9 }] });
const found = k.detect('staff EMP-40213').filter((e) => e.type === 'EMPLOYEE_ID').map((e) => e.text);
console.log(JSON.stringify({ before, found, after: loaded() }));`);
    expect(r.before).not.toContain('xregexp');
    expect(r.found).toEqual(['EMP-40213']);
    expect(r.after).toContain('xregexp');
  });

  it('opening a SQLite vault loads better-sqlite3 then (the check above can see a loaded module)', () => {
    const db = join(tmp, 'v.db').replaceAll('\\\\', '/');
    const r = esm(`const v = await import(at('vault.js'));
const before = loaded();
const vault = v.createSqliteVault({ path: ${JSON.stringify(db)}, key: v.generateKey() });
const after = loaded();
await vault.close();
console.log(JSON.stringify({ before, after }));`);
    expect(r.before).toEqual([]);
    expect(r.after).toContain('better-sqlite3');
    expect(r.after).not.toContain('ioredis');
  });

  it('a threaded pool loads piscina when it is created', () => {
    const r = cjs(`const b = require(at('batch.cjs'));
const before = loaded();
const pool = b.createPool({ threads: 1 });
const after = loaded();
pool.close().then(() => console.log(JSON.stringify({ before, after })));`);
    expect(r.before).toEqual([]);
    expect(r.after).toContain('piscina');
  });

  it('subpaths are views of the root: one class, one registry, in ESM and in CJS', () => {
    const e = esm(`const root = await import(at('index.js'));
const same = [
  (await import(at('vault.js'))).PseudonymVault === root.PseudonymVault,
  (await import(at('vault.js'))).createSqliteVault === root.createSqliteVault,
  (await import(at('batch.js'))).createPool === root.createPool,
  (await import(at('policy.js'))).registerRule === root.registerRule,
  (await import(at('validators.js'))).verhoeffValid === root.verhoeffValid,
];
console.log(JSON.stringify(same));`);
    expect(e).toEqual([true, true, true, true, true]);
    const c = cjs(`const root = require(at('index.cjs'));
console.log(JSON.stringify([
  require(at('vault.cjs')).PseudonymVault === root.PseudonymVault,
  require(at('policy.cjs')).compilePolicy === root.compilePolicy,
  require(at('validators.cjs')).panValid('ABCPE1234F'),
]));`);
    expect(c).toEqual([true, true, true]);
  });
});
