/*
 * Real parts for the distributed suite: Debian's redis-server on a free
 * loopback port with a throwaway directory, and `foresight worker`
 * processes started from the built command line. Without redis-server the
 * suite is skipped, unless FORESIGHT_REQUIRE_REDIS=1 (CI), when it fails.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/free-port.mjs';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const bin = join(root, 'apps/cli/dist/bin.js');

const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
export const haveRedis = found.status === 0;
if (!haveRedis && process.env['FORESIGHT_REQUIRE_REDIS'] === '1')
  throw new Error('FORESIGHT_REQUIRE_REDIS=1 but redis-server cannot be run (apt-get install redis-server)');
if (haveRedis && !existsSync(bin)) throw new Error(`the distributed suite starts workers from ${bin}: run pnpm build`);

export { freePort };

/** Lines a child process writes to stderr, and a way to wait for one. */
export class Output {
  text = '';
  readonly #waiters: { re: RegExp; resolve: () => void }[] = [];
  constructor(child: ChildProcess) {
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (s: string) => {
      this.text += s;
      for (const w of [...this.#waiters])
        if (w.re.test(this.text)) {
          this.#waiters.splice(this.#waiters.indexOf(w), 1);
          w.resolve();
        }
    });
  }
  wait(re: RegExp, what: string, ms = 30_000): Promise<void> {
    if (re.test(this.text)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`waited ${ms} ms for ${what}; stderr: ${this.text}`)), ms);
      this.#waiters.push({
        re,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }
}

export const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Stop it (SIGTERM: it shuts down at once, nothing is saved). */
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'foresight-redis-'));
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
    child.stdout?.on('data', (s: string) => {
      out += s;
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited(child);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly output: Output;
  /** Its name in BullMQ (`host:pid`). */
  readonly pid: number;
  stop(): Promise<void>;
}

/** `foresight worker` processes from the built command line, each once it takes pieces. */
export async function startWorkers(url: string, n: number, args: string[] = []): Promise<WorkerProcess[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const child = spawn(process.execPath, [bin, 'worker', '--redis', url, ...args], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const output = new Output(child);
      await output.wait(/taking pieces/, 'a worker to start');
      return {
        child,
        output,
        pid: child.pid!,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          // A worker whose Redis is gone cannot hand its pieces back: after a while, stop it outright.
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited(child);
          clearTimeout(timer);
        },
      };
    }),
  );
}
