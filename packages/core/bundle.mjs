// Replace tsc's dist/index.js by one esbuild bundle with mathjs inside it.
// Importing 'mathjs' runs its whole ESM index, which builds every factory
// of the library (most of a second, and most of `foresight run`'s start-up);
// bundled, only what the parse-only instance needs (`create` and
// `parseDependencies`) is built. zod and yaml stay imports, so
// schemas remain the one zod the server and other packages use. tsc still
// writes the .d.ts files and the other modules (`./version` is one).
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('./src/index.ts', import.meta.url).pathname],
  outfile: new URL('./dist/index.js', import.meta.url).pathname,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  target: 'es2022',
  external: ['zod', 'yaml'],
  sourcemap: true,
  logLevel: 'warning',
});
