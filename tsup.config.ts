import { defineConfig } from 'tsup';

// Library (ESM + CJS + types), the piscina worker and the CLI. JSON under patterns/ is bundled into
// the output, so the published package needs no file-system lookups at run time.

// ESM bundles get a real `require` (from createRequire): esbuild turns a `require(...)` left in the
// sources (e.g. loading compromise's single-file CJS build lazily) into a shim that throws
// "Dynamic require ... is not supported" unless one exists in scope.
const ESM_REQUIRE = "import { createRequire as __kavachCreateRequire } from 'node:module'; const require = __kavachCreateRequire(import.meta.url);";
const esmRequire = ({ format }: { format: string }) => (format === 'esm' ? { js: ESM_REQUIRE } : {});

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    banner: esmRequire,
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
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    banner: { js: `#!/usr/bin/env node\n${ESM_REQUIRE}` },
  },
]);
