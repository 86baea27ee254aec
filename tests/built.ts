import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The suites that start the built command line or server (`node
 * apps/cli/dist/bin.js`, `@foresight/server` from its dist) call `builtCli()`
 * first. It builds the workspace when a build is missing or older than its
 * sources, so these suites never skip and never test yesterday's code, and
 * throws with the build's output when the build fails. `pnpm test` builds
 * before vitest starts, so there it only checks. Test files run in parallel
 * processes: one builds under a lock folder while the others wait for it.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(root, 'apps/cli/dist/bin.js');

const BUILD = ['-y', 'pnpm@10.34.9', 'build'];
const LOCK = join(root, '.tmp', 'build.lock');

/** The path of the built command line, built first when needed. */
export async function builtCli(): Promise<string> {
  if (staleBuilds().length === 0) return BIN;
  await withLock(() => {
    // Another test file may have built while this one waited for the lock.
    const stale = staleBuilds();
    if (stale.length === 0) return;
    const r = spawnSync('npx', BUILD, { cwd: root, encoding: 'utf8', shell: process.platform === 'win32' });
    if (r.status !== 0) {
      const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`.trim().split('\n');
      throw new Error(
        `this suite runs the built command line, and ${stale.join(', ')} needed building, but ` +
          `\`npx ${BUILD.join(' ')}\` failed (exit ${r.status}):\n${output.slice(-40).join('\n')}`,
      );
    }
  });
  const still = staleBuilds();
  if (still.length > 0)
    throw new Error(`\`npx ${BUILD.join(' ')}\` ran but left ${still.join(', ')} older than its sources`);
  return BIN;
}

/**
 * Workspace packages whose `dist` is missing or older than what it is built
 * from: for every source module its output must exist and be newer than
 * every source module, the package's package.json and the tsconfig files.
 */
export function staleBuilds(): string[] {
  const stale: string[] = [];
  const shared = newest([join(root, 'tsconfig.base.json')]);
  for (const top of ['packages', 'apps']) {
    for (const name of readdirSync(join(root, top))) {
      const pkg = join(root, top, name);
      const manifest = join(pkg, 'package.json');
      if (!existsSync(manifest)) continue;
      const scripts = (JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: Record<string, string> }).scripts;
      if (scripts?.['build'] === undefined || !existsSync(join(pkg, 'src'))) continue;
      const sources = files(join(pkg, 'src')).filter((f) => /\.[cm]?ts$/.test(f) && !f.endsWith('.d.ts'));
      const inputs = Math.max(
        shared,
        newest([...sources, manifest, ...files(pkg, 1).filter((f) => /tsconfig.*\.json$/.test(f))]),
      );
      const outputs = sources.map((f) =>
        join(pkg, 'dist', relative(join(pkg, 'src'), f)).replace(/\.([cm]?)ts$/, (_m, k: string) => `.${k}js`),
      );
      if (outputs.some((f) => !existsSync(f) || statSync(f).mtimeMs < inputs)) stale.push(relative(root, pkg));
    }
  }
  return stale;
}

function newest(paths: readonly string[]): number {
  let t = 0;
  for (const p of paths) if (existsSync(p)) t = Math.max(t, statSync(p).mtimeMs);
  return t;
}

function files(dir: string, depth = Number.POSITIVE_INFINITY): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return depth > 1 && e.name !== 'node_modules' ? files(p, depth - 1) : [];
    return [p];
  });
}

/** Run `work` holding a lock folder; a lock left by a process that died is taken over. */
async function withLock(work: () => void): Promise<void> {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (!holderAlive()) rmSync(LOCK, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
  writeFileSync(join(LOCK, 'pid'), String(process.pid));
  try {
    work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function holderAlive(): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
  } catch {
    // Taken a moment ago and its pid not written yet, or left so by a process that died at that moment.
    try {
      return Date.now() - statSync(LOCK).mtimeMs < 10_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
