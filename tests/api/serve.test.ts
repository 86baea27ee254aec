import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ensureBuilt } from '../built.js';
import { root } from './server.js';

const bin = await ensureBuilt();

describe('foresight serve', () => {
  it('listens on a free port, answers, and stops cleanly on SIGTERM (exit 0)', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--workers', '1'], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    expect(stdout).toMatch(
      /^foresight: serving 9 scenarios from scenarios at http:\/\/127\.0\.0\.1:\d+ {2}\(page .*\/, API reference .*\/docs\)\n$/,
    );
    const health = (await (await fetch(`${url}/health`)).json()) as { status: string; pool: { workers: number } };
    expect(health).toMatchObject({ status: 'ok', pool: { workers: 1 } });
    const run = await fetch(`${url}/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"scenario":"baseline","trials":50}',
    });
    expect(run.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });

  it('a bad port is a usage error (exit 2)', () => {
    const r = spawnSync(process.execPath, [bin, 'serve', '--port', '70000'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--port must be a whole number from 0 to 65535');
  });

  it('a port in use is said in words (exit 2)', async () => {
    const first = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd: root });
    const port = await new Promise<string>((resolve) =>
      first.stdout.on('data', (d: Buffer) => {
        const m = /127\.0\.0\.1:(\d+)/.exec(d.toString());
        if (m) resolve(m[1]!);
      }),
    );
    try {
      const r = spawnSync(process.execPath, [bin, 'serve', '--port', port], { cwd: root, encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`cannot listen on 127.0.0.1:${port}: EADDRINUSE\n`);
    } finally {
      first.kill('SIGTERM');
    }
  });
});
