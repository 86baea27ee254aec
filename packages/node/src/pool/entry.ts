import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The file a worker thread runs: `worker-entry.cjs`, which loads `worker.js`
 * (`worker-entry.cts` says why). Built code (the CLI, the server) runs the
 * one beside this module. Under vitest this module is a TypeScript source,
 * and a worker thread gets no TypeScript transform: the pool then runs the
 * built worker of this package, after checking that every built file of the
 * packages a worker loads (core, check, import, node) is at least as new as its
 * source, so a test never silently runs stale code.
 */
export function workerFile(): string {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL('./worker-entry.cjs', here).href;
  const packages = fileURLToPath(new URL('../../../', here));
  const stale = ['core', 'check', 'import', 'node'].flatMap((p) => staleFiles(join(packages, p)));
  if (stale.length > 0) {
    throw new Error(
      `the worker pool runs built code, and ${stale.length} built file(s) are missing or older than their sources ` +
        `(${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', ...' : ''}): run \`pnpm build\` first`,
    );
  }
  return new URL('../../dist/pool/worker-entry.cjs', here).href;
}

export function staleFiles(pkg: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(pkg, 'src', dir))) {
      const rel = join(dir, name);
      const src = join(pkg, 'src', rel);
      if (statSync(src).isDirectory()) walk(rel);
      else if (/\.c?ts$/.test(name) && !name.endsWith('.d.ts')) {
        const built = join(pkg, 'dist', rel.replace(/\.ts$/, '.js').replace(/\.cts$/, '.cjs'));
        let fresh = false;
        try {
          fresh = statSync(built).mtimeMs >= statSync(src).mtimeMs;
        } catch {
          fresh = false;
        }
        if (!fresh) out.push(built);
      }
    }
  };
  walk('');
  return out;
}

/**
 * The parent's Node options for a worker, less any `@foresight/source` export
 * condition (vitest passes one so the test process reads TypeScript sources;
 * the built worker must load built packages).
 */
export function workerExecArgv(argv: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--conditions=@foresight/source' || a === '-C=@foresight/source') continue;
    if ((a === '--conditions' || a === '-C') && argv[i + 1] === '@foresight/source') {
      i++;
      continue;
    }
    out.push(a);
  }
  return out;
}
