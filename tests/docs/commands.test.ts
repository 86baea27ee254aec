import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../built.js';
import { blocks, commands, pages, read, root } from './markdown.js';

/**
 * Every command the README prints works as printed after the set-up
 * commands, and so does every block of docs/ marked runnable
 * (docs/contributing.md, "Docs", describes the markers). Each page runs in
 * a scratch folder holding the repository's scenarios and a link to its
 * installed packages, so `npx foresight` finds the repository's own command
 * as it does in a clone. Exit status 0 or 1 passes (1 is a failed target or
 * assumption: an answer); a block marked output must equal what the command
 * before it printed.
 */
await ensureBuilt();

/** Long commands run at small sizes; the caps keep each command to seconds. */
const CAPS: [RegExp, number][] = [
  [/(--trials )(\d+)/g, 2_000],
  [/(--samples )(\d+)/g, 256],
  [/(--runs )(\d+)/g, 100],
  [/("trials":\s*)(\d+)/g, 500],
  [/("samples":\s*)(\d+)/g, 128],
];

function small(command: string): string {
  let out = command;
  for (const [re, cap] of CAPS)
    out = out.replace(re, (_m, key: string, n: string) => `${key}${Math.min(cap, Number(n))}`);
  return out;
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, cwd: string): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', command], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A folder like a fresh clone's root after the set-up: scenarios (copied), package.json, node_modules (linked). */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'foresight-docs-'));
  cpSync(join(root, 'scenarios'), join(dir, 'scenarios'), { recursive: true });
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

type Step =
  | { kind: 'run'; command: string; line: number }
  | { kind: 'file'; name: string; text: string; line: number }
  | { kind: 'output'; text: string; line: number }
  | { kind: 'end-of-block'; line: number };

/** What the test does with a page: the commands it runs, the files it writes, the outputs it compares. */
function steps(page: string): Step[] {
  const front = page === 'README.md';
  const out: Step[] = [];
  for (const b of blocks(read(page))) {
    const file = /^file: (\S+)$/.exec(b.marker ?? '');
    if (file) out.push({ kind: 'file', name: file[1] ?? '', text: `${b.text}\n`, line: b.line });
    else if (b.marker === 'output') out.push({ kind: 'output', text: `${b.text}\n`, line: b.line });
    else if (
      b.lang === 'sh' &&
      (front ? b.marker !== 'set-up' && b.marker !== 'test-command' : b.marker === 'runnable')
    ) {
      for (const c of commands(b)) out.push({ kind: 'run', ...c });
      out.push({ kind: 'end-of-block', line: b.line });
    }
  }
  return out;
}

const runnable = pages().filter((p) => steps(p).some((s) => s.kind === 'run'));

it('finds the commands of the README and of the runnable docs', () => {
  expect(runnable).toEqual(expect.arrayContaining(['README.md', 'docs/cli.md', 'docs/http-api.md']));
  expect(steps('README.md').filter((s) => s.kind === 'run').length).toBeGreaterThanOrEqual(8);
});

for (const page of runnable) {
  describe(page, () => {
    let dir: string;
    let server: { child: ChildProcess; port: number } | undefined;
    let last: Ran | undefined;
    beforeAll(() => {
      dir = scratch();
    });
    const stop = async () => {
      if (!server) return;
      const { child } = server;
      server = undefined;
      const exited = new Promise((r) => child.once('exit', r));
      // The whole process group: npx, the shell of the linked command, node.
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      await exited;
    };
    afterAll(stop);

    for (const step of steps(page)) {
      if (step.kind === 'file') {
        it(`${page}:${step.line} writes ${step.name}`, () => writeFileSync(join(dir, step.name), step.text));
      } else if (step.kind === 'output') {
        it(`${page}:${step.line} is what the command before it prints`, () => {
          expect(last?.stdout).toBe(step.text);
        });
      } else if (step.kind === 'end-of-block') {
        it(`${page}:${step.line} block ends (its server stopped)`, stop);
      } else if (/\bforesight serve\b/.test(step.command)) {
        it(`${page}:${step.line} ${step.command}`, async () => {
          server = await serve(step.command, dir);
        });
      } else {
        it(`${page}:${step.line} ${step.command}`, { timeout: 300_000 }, async () => {
          let command = small(step.command);
          if (server) command = command.replaceAll('localhost:3000', `localhost:${server.port}`);
          // A curl answer of 400 or more fails as a command (exit 22), not silently.
          command = command.replace(/^curl /, 'curl --fail --silent --show-error ');
          last = await run(command, dir);
          expect(
            [0, 1].includes(last.code ?? -1),
            `exit ${last.code} from ${command}\n${last.stderr}${last.stdout.slice(0, 2_000)}`,
          ).toBe(true);
        });
      }
    }

    if (page === 'README.md') {
      it('draws the picture of the front page, byte for byte (docs/contributing.md says how to redraw it)', () => {
        expect(readFileSync(join(dir, 'baseline.svg'), 'utf8')).toBe(
          readFileSync(join(root, 'docs/images/baseline.svg'), 'utf8'),
        );
      });
    }
  });
}

/** Start `foresight serve` on a free port in its own process group; resolves once it listens. */
function serve(command: string, cwd: string): Promise<{ child: ChildProcess; port: number }> {
  const bare = command.replace(/\s+#.*$/, '');
  const onFreePort = /--port \d+/.test(bare) ? bare.replace(/--port \d+/, '--port 0') : `${bare} --port 0`;
  const child = spawn('bash', ['-c', `exec ${onFreePort}`], { cwd, detached: true });
  let output = '';
  return new Promise((resolve, reject) => {
    const read = (d: Buffer) => {
      output += d.toString();
      const m = /at http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (m) resolve({ child, port: Number(m[1]) });
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}) before listening:\n${output}`)));
  });
}
