import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

// Library (ESM + CJS + types), the piscina worker and the CLI. JSON under patterns/ is bundled into
// the output, so the published package needs no file-system lookups at run time.

// ESM bundles get a real `require` (from createRequire): esbuild turns a `require(...)` left in the
// sources (e.g. loading compromise's single-file CJS build lazily) into a shim that throws
// "Dynamic require ... is not supported" unless one exists in scope.
const ESM_REQUIRE = "import { createRequire as __kavachCreateRequire } from 'node:module'; const require = __kavachCreateRequire(import.meta.url);";
const esmRequire = ({ format }: { format: string }) => (format === 'esm' ? { js: ESM_REQUIRE } : {});

// Subpath entries (`kavach/vault`, `kavach/batch`, `kavach/policy`, `kavach/validators`) are views of
// the package root: their import of '../index.js' stays an import of the built root ('./index.js' in
// ESM, './index.cjs' in CJS), so there is one copy of every class (KavachError, PseudonymVault) and
// registry in each format, and their .d.ts re-export the root's types. The heavy modules behind them
// load lazily (src/node-require.ts), so importing a subpath costs what importing the root costs.
const SUBPATHS = ['vault', 'batch', 'policy', 'validators'] as const;
const rootAsExternal: Plugin = {
  name: 'kavach-root-external',
  setup(build) {
    const cjs = build.initialOptions.format === 'cjs';
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, () => ({ path: cjs ? './index.cjs' : './index.js', external: true }));
    build.onEnd(() => {
      const out = build.initialOptions.outdir;
      if (!out || cjs) return;
      mkdirSync(out, { recursive: true });
      for (const name of SUBPATHS) {
        const types = readFileSync(`src/entries/${name}.ts`, 'utf8').replaceAll("'../index.js'", "'./index.js'");
        writeFileSync(join(out, `${name}.d.ts`), types);
        writeFileSync(join(out, `${name}.d.cts`), types.replaceAll("'./index.js'", "'./index.cjs'"));
      }
    });
  },
};

// `kavach/openai` and `kavach/gateway` import only the root ('../index.js'), kept an import of the
// built root as for the subpaths above; hono, @hono/node-server and openai stay package imports.
const rootImport: Plugin = {
  name: 'kavach-root-import',
  setup(build) {
    const cjs = build.initialOptions.format === 'cjs';
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, () => ({ path: cjs ? './index.cjs' : './index.js', external: true }));
  },
};

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    // No `clean`: tsup runs the configs below at the same time, and one config cleaning the output
    // directory raced the others' files away. `npm run build` empties dist/ first instead.
    target: 'node20',
    banner: esmRequire,
  },
  {
    entry: Object.fromEntries(SUBPATHS.map((n) => [n, `src/entries/${n}.ts`])),
    format: ['esm', 'cjs'],
    target: 'node20',
    esbuildPlugins: [rootAsExternal],
  },
  {
    // The piscina worker entry, its own file next to index.js/index.cjs and cli.js: the pool finds
    // it relative to the built module (Node 20 cannot run a .ts worker).
    entry: { worker: 'src/batch/worker.ts' },
    format: ['esm', 'cjs'],
    sourcemap: true,
    target: 'node20',
    banner: esmRequire,
  },
  {
    entry: { openai: 'src/openai/index.ts', gateway: 'src/gateway/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    esbuildPlugins: [rootImport],
  },
  {
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    banner: { js: `#!/usr/bin/env node\n${ESM_REQUIRE}` },
  },
]);
