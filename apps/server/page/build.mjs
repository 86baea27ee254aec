// Builds the workbench page into page/dist: the page's script (CodeMirror,
// uPlot, the views), the Web Worker's script (@foresight/core and
// @foresight/report from their TypeScript sources, so the browser runs the
// very engine the server runs) and one stylesheet. The server's page route
// serves these files as they are. Sizes are printed gzipped, as the browser
// downloads them. `--quiet` leaves the sizes out.
import { readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = (p) => new URL(p, import.meta.url).pathname;
const outdir = here('./dist');
rmSync(outdir, { recursive: true, force: true });

/**
 * zod exports every language's error messages as a namespace the engine
 * never reads; the bundler cannot drop it (zod reaches it through a value),
 * and it is a third of the worker. The engine's messages are English.
 */
const englishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};

const common = {
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  target: ['chrome109', 'firefox115', 'safari16.4'],
  // The workspace packages' TypeScript sources, as the tests use them.
  conditions: ['@foresight/source', 'module', 'browser'],
  mainFields: ['browser', 'module', 'main'],
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
};

const results = await Promise.all([
  build({
    ...common,
    entryPoints: { page: here('./src/main.ts') },
    outdir,
    format: 'esm',
    platform: 'browser',
  }),
  build({
    ...common,
    entryPoints: { worker: here('./src/worker/worker.ts') },
    outdir,
    // A module worker, so the assumption check (fast-check) is a chunk loaded on its first use.
    format: 'esm',
    splitting: true,
    chunkNames: 'chunk-[hash]',
    platform: 'browser',
    plugins: [englishOnly],
  }),
  build({
    ...common,
    entryPoints: { page: here('./src/page.css') },
    outdir,
    loader: { '.css': 'css' },
  }),
]);

if (!process.argv.includes('--quiet')) {
  const files = results.flatMap((r) => Object.keys(r.metafile.outputs)).filter((f) => /\.(js|css)$/.test(f));
  for (const f of files.sort()) {
    const bytes = readFileSync(f);
    const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
    console.log(
      `page/${f.slice(f.indexOf('dist/'))}: ${kb(bytes.length)} (${kb(gzipSync(bytes, { level: 9 }).length)} gzip)`,
    );
  }
}
