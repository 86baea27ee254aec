import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleFiles } from '../packages/node/src/pool/entry.js';

/**
 * The suites that start the built command line or server (`node
 * apps/cli/dist/bin.js`, `@foresight/server` from its dist), or a worker
 * pool (whose threads run built code), call `ensureBuilt()` first. It
 * builds the workspace when a build is missing or older than its sources,
 * so these suites never skip and never test yesterday's code, and throws
 * with the build's output when the build fails. `pnpm test` builds
 * before vitest starts, so there it only checks. Test files run in parallel
 * processes: one builds under a lock folder while the others wait for it.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(root, 'apps/cli/dist/bin.js');

const BUILD = ['-y', 'pnpm@10.34.9', 'build'];
const LOCK = join(root, '.tmp', 'build.lock');

/** The path of the built command line, built first when needed. */
export async function ensureBuilt(): Promise<string> {
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
 * Workspace packages whose `dist` is missing a file or holds one older than
 * its source: the pool's own test of its built worker, for every package
 * with a build.
 */
export function staleBuilds(): string[] {
  const packages = ['packages', 'apps'].flatMap((top) =>
    readdirSync(join(root, top))
      .map((name) => join(top, name))
      .filter((pkg) => {
        const manifest = join(root, pkg, 'package.json');
        if (!existsSync(manifest) || !existsSync(join(root, pkg, 'src'))) return false;
        const { scripts } = JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: Record<string, string> };
        return scripts?.['build'] !== undefined && staleFiles(join(root, pkg)).length > 0;
      }),
  );
  return pageStale() ? [...packages, 'apps/server/page'] : packages;
}

/** The workbench page (apps/server/page/src, bundled into page/dist by page/build.mjs): missing, or older than a source. */
function pageStale(): boolean {
  const page = join(root, 'apps/server/page');
  const built = join(page, 'dist/page.js');
  if (!existsSync(built)) return true;
  const newest = (path: string): number =>
    statSync(path).isDirectory()
      ? Math.max(0, ...readdirSync(path).map((n) => newest(join(path, n))))
      : statSync(path).mtimeMs;
  return Math.max(newest(join(page, 'src')), newest(join(page, 'build.mjs'))) > statSync(built).mtimeMs;
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
