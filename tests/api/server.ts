import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from '@foresight/server';
import { ensureBuilt } from '../built.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));

// The server's pool runs its worker threads from built code: build first when the build is stale.
await ensureBuilt();

export interface Answer<T = unknown> {
  readonly status: number;
  readonly type: string;
  readonly headers: Headers;
  readonly text: string;
  readonly json: T;
}

export interface TestServer {
  readonly url: string;
  get<T = unknown>(path: string, init?: RequestInit): Promise<Answer<T>>;
  post<T = unknown>(path: string, body: unknown, init?: RequestInit): Promise<Answer<T>>;
  /** A body sent as it is, for malformed requests. */
  raw<T = unknown>(path: string, body: string, type: string, init?: RequestInit): Promise<Answer<T>>;
  del<T = unknown>(path: string): Promise<Answer<T>>;
  close(): Promise<void>;
}

async function answer<T>(response: Response): Promise<Answer<T>> {
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    type,
    headers: response.headers,
    text,
    json: (type.includes('json') ? JSON.parse(text) : undefined) as T,
  };
}

/**
 * The app on a real port (a free one) of the loopback interface, spoken to
 * with fetch. One worker thread unless asked: the machine is shared, and the
 * pool's own suite covers worker counts.
 */
export async function startServer(options: BuildOptions = {}): Promise<TestServer> {
  const app = await build({ scenarios: 'scenarios', cwd: root, pool: { workers: 1 }, ...options });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address !== 'object') throw new Error('the server has no port');
  const url = `http://127.0.0.1:${address.port}`;
  const raw = async <T>(path: string, body: string, type: string, init: RequestInit = {}) =>
    answer<T>(await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': type }, body, ...init }));
  return {
    url,
    get: async (path, init) => answer(await fetch(`${url}${path}`, init)),
    post: (path, body, init) => raw(path, JSON.stringify(body), 'application/json', init),
    raw: (path, body, type, init) => raw(path, body, type, init),
    del: async (path) => answer(await fetch(`${url}${path}`, { method: 'DELETE' })),
    close: () => app.close(),
  };
}

/** A throwaway scenario folder. */
export function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'foresight-api-'));
  mkdirSync(join(dir, 'scenarios'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'scenarios', name), text);
  return dir;
}

/** Poll until `check` holds: for states reached asynchronously (a job queued, a worker freed), never a timing assertion. */
export async function until(check: () => Promise<boolean> | boolean, what: string, everyMs = 20): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * A run that takes minutes: 200,000 trials x 10,000 steps with a draw per
 * step. Tests that need work in progress start it and then stop it.
 */
export const heavy = {
  format: 1,
  id: 'heavy',
  time: { start: 0, end: 1000, dt: 0.1, report: 500 },
  // Under the engine's work limit (RUN_LIMITS.maxOperations), and still a minute or more of work: every test stops it first.
  trials: 150_000,
  parameters: { r: { dist: 'normal', mean: 0, sd: 1, per: 'step' } },
  stocks: { x: { initial: 0, inflow: 'r' } },
  outputs: ['x'],
};
export const heavyLimits = { trials: 1_000_000, work: 1e12, storedValues: 1e9 } as const;

/** The result without the one field that may differ between two runs of the same request. */
export function stable(result: unknown): unknown {
  return JSON.parse(JSON.stringify(result, (k, v: unknown) => (k === 'elapsed_ms' ? 0 : v)));
}
