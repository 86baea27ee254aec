import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../built.js';
import { folder } from '../../api/server.js';
// @ts-expect-error: the harness is plain JavaScript, run by node as `pnpm load` runs it.
import { closedByServer, send } from './requests.mjs';

/**
 * `pnpm load` (load.mjs) must survive the refusals it provokes and never
 * leave its server child running: not after a normal end, an error, a
 * signal, or being killed outright.
 */
await ensureBuilt(); // server.mjs imports @foresight/server from its build
const here = fileURLToPath(new URL('.', import.meta.url));
const quick = {
  LOAD_CONNECTIONS: '3',
  LOAD_MAX_REQUESTS: '60',
  LOAD_SECONDS: '30',
  LOAD_SETTLE_SECONDS: '0',
  LOAD_AMPLIFY_SECONDS: '0',
};

interface Started {
  child: ChildProcess;
  /** The server child's pid, once the harness has printed it. */
  pid: Promise<number>;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(script: string, env: Record<string, string> = {}): Started {
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: 'pipe' });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const pid = new Promise<number>((resolve, reject) => {
    const read = (d: Buffer) => {
      output += d.toString();
      const m = /^server: \S+ \(pid (\d+)\)$/m.exec(output);
      if (m) resolve(Number(m[1]));
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then(() => reject(new Error(`the harness ended before starting its server:\n${output}`)));
  });
  return { child, pid, output: () => output, exited };
}

/** Whether a process runs (a zombie waiting for its parent to reap it has ended). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Resolves once `pid` has ended; a child still running after 30 s fails the test. */
async function ended(pid: number): Promise<void> {
  for (let waited = 0; running(pid); waited += 100) {
    if (waited > 30_000) {
      process.kill(pid, 'SIGKILL');
      throw new Error(`the server child ${pid} was still running 30 s after the harness ended`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a refused upload', () => {
  it('counts as the refusal it is when the server hangs up while the body is still being sent', async () => {
    // A server that closes every connection as soon as a request's headers arrive, answering nothing.
    const server = createServer((req) => req.socket.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const oversized = { method: 'POST', path: '/runs', body: 'x'.repeat(8_000_000) };
    try {
      expect(await send(url, oversized, { mayClose: true })).toBe('refused');
      // The same failure on a request that should have been answered is a failure.
      const error = await send(url, oversized).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(closedByServer(error)).toBe(true);
    } finally {
      server.close();
    }
  });

  it('is not confused with other failures', () => {
    expect(closedByServer(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }))).toBe(false);
    expect(closedByServer(new TypeError('fetch failed', { cause: { code: 'EPIPE' } }))).toBe(true);
    expect(closedByServer(new Error('x'))).toBe(false);
  });
});

describe('pnpm load stops its server child', () => {
  it('after a run at a small size, which passes (exit 0)', async () => {
    const h = start(join(here, 'load.mjs'), quick);
    const pid = await h.pid;
    const { code } = await h.exited;
    expect(h.output()).toMatch(/^warm-up: 16 requests, [0-3] of the 3 refused bodies cut off while being sent$/m);
    expect(h.output()).toMatch(/^answers: 2xx \d+, 4xx \d+, 5xx 0; timeouts 0$/m);
    expect(code).toBe(0);
    await ended(pid);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`when the harness gets ${signal}, and the harness dies of it`, async () => {
      const h = start(join(here, 'load.mjs'), { ...quick, LOAD_MAX_REQUESTS: '2000000' });
      const pid = await h.pid;
      h.child.kill(signal);
      expect(await h.exited).toEqual({ code: null, signal });
      await ended(pid);
    });
  }

  it('when the harness is killed outright (SIGKILL): the child sees its parent go', async () => {
    const h = start(join(here, 'load.mjs'), { ...quick, LOAD_MAX_REQUESTS: '2000000' });
    const pid = await h.pid;
    h.child.kill('SIGKILL');
    await h.exited;
    await ended(pid);
  });

  for (const failure of ['throw new Error("boom")', 'await Promise.reject(new Error("boom"))', 'process.exit(3)']) {
    it(`when the harness fails after starting it: ${failure}`, async () => {
      const dir = folder({});
      const script = join(dir, 'fails.mjs');
      writeFileSync(
        script,
        `import { startServerChild } from ${JSON.stringify(new URL('./server-child.mjs', import.meta.url).href)};\n` +
          'const server = await startServerChild();\n' +
          "console.log('server: ' + server.url + ' (pid ' + server.pid + ')');\n" +
          `${failure};\n`,
      );
      const h = start(script);
      const pid = await h.pid;
      const { code } = await h.exited;
      expect(code).toBe(failure.startsWith('process.exit') ? 3 : 1);
      await ended(pid);
    });
  }

  it('refuses a setting that is not a number before starting anything (exit 2)', async () => {
    const h = start(join(here, 'load.mjs'), { LOAD_SECONDS: 'soon' });
    h.pid.catch(() => undefined);
    expect((await h.exited).code).toBe(2);
    expect(h.output()).toBe('LOAD_SECONDS must be a number >= 1 (got "soon")\n');
  });
});
