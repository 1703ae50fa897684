import { defineConfig } from 'tsup';

// Library (ESM + CJS + types) and the CLI. JSON under patterns/ is bundled into the output, so the
// published package needs no file-system lookups at run time.
export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
  },
  {
    // The piscina worker entry, its own file next to index.js/index.cjs and cli.js: the pool finds
    // it relative to the built module (Node 20 cannot run a .ts worker). Not cleaned by this entry.
    entry: { worker: 'src/batch/worker.ts' },
    format: ['esm', 'cjs'],
    sourcemap: true,
    target: 'node20',
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
