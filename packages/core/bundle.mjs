// Replace tsc's dist/index.js and dist/plans.js by an esbuild bundle with
// mathjs inside it. Importing 'mathjs' runs its whole ESM index, which builds
// every factory of the library (most of a second, and most of `foresight
// run`'s start-up); bundled, only what the parse-only instance needs
// (`create` and `parseDependencies`) is built. The two entry points share
// their code through chunks (esbuild's splitting), so a model compiled
// through one is the same objects the other sees. zod and yaml stay
// imports, so schemas remain the one zod the server and other packages
// use. tsc still writes the .d.ts files and the other modules (`./version`
// is one).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry a hash: drop the last build's, or they pile up.
rmSync(new URL('./dist/chunks', import.meta.url), { recursive: true, force: true });

const src = (f) => new URL(`./src/${f}`, import.meta.url).pathname;
await build({
  entryPoints: { index: src('index.ts'), plans: src('plans.ts') },
  outdir: new URL('./dist', import.meta.url).pathname,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  target: 'es2022',
  external: ['zod', 'yaml'],
  sourcemap: true,
  logLevel: 'warning',
});
