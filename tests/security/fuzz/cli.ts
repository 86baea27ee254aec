/**
 * The command line, in process, on generated files: every exit status is one
 * of the contract's (0, 1, 2), every line on stderr is a positioned problem
 * (or one of the command line's own) with a registry code (or one of the command's own summaries), nothing is an
 * internal error, and `--format json` prints a finite result document.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from 'foresight';
import { PROBLEM_CODES } from '@foresight/core';
import { loadCorpus } from './corpus.js';
import type { Input } from './documents.js';
import { assertFiniteDocument, Finding } from './oracle.js';

const CODES = Object.keys(PROBLEM_CODES).join('|');
/** A problem in a file (`file:line:column code message`) or with the command's options (`<command line> code message`). */
const PROBLEM_LINE = new RegExp(`^(.+:\\d+:\\d+|<command line>) (${CODES}) .+`);
/** What commands print on stderr besides problems. */
const SUMMARY_LINE =
  /^(\d+ problems? in .*|no scenario files found|error: .*|Usage: .*|\(add --help for additional information\)|)$/;

export interface CliWorkspace {
  readonly dir: string;
}

/** A working directory whose `scenarios/` holds the corpus, so `extends` and ids resolve as for a user. */
export function cliWorkspace(): CliWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'foresight-fuzz-'));
  mkdirSync(join(dir, 'scenarios'));
  for (const e of loadCorpus()) {
    if (!e.name.startsWith('golden/')) writeFileSync(join(dir, 'scenarios', e.name), e.text);
  }
  return { dir };
}

async function cli(ws: CliWorkspace, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd: ws.dir,
    stderrIsTTY: false,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
  });
  return { code, stdout, stderr };
}

function judge(args: readonly string[], r: { code: number; stdout: string; stderr: string }, text: string): void {
  const where = `foresight ${args.join(' ')} on ${JSON.stringify(text.slice(0, 300))}`;
  if (![0, 1, 2].includes(r.code)) throw new Finding(`exit status ${r.code}: ${where}`);
  for (const line of r.stderr.split('\n')) {
    if (!PROBLEM_LINE.test(line) && !SUMMARY_LINE.test(line))
      throw new Finding(`stderr line ${JSON.stringify(line.slice(0, 300))}: ${where}`);
  }
  if (r.code !== 2 && args.includes('json')) {
    let doc: unknown;
    try {
      doc = JSON.parse(r.stdout);
    } catch {
      throw new Finding(`--format json printed no JSON: ${where}`);
    }
    assertFiniteDocument(
      doc,
      new Set([
        'actual',
        'relative_p50',
        'values',
        'output_lo',
        'output_hi',
        'first',
        'total',
        'first_low',
        'first_high',
        'total_low',
        'total_high',
      ]),
    );
  }
}

/** One generated document through validate, run, compare and check. */
export async function driveCli(ws: CliWorkspace, input: Input): Promise<number> {
  if (input.kind !== 'text') return 0;
  const small = input.text.length < 5_000;
  const name = input.file.endsWith('.json') ? 'fuzz.json' : 'fuzz.yaml';
  writeFileSync(join(ws.dir, name), input.text);
  const commands: string[][] = [
    ['validate', name],
    ['run', name, '--trials', '2', '--format', 'json'],
    ['run', name, '--trials', '2', '--format', 'csv', '--outputs', 'a,__proto__,constructor'],
    ['compare', name, 'policy-push', '--trials', '2', '--format', 'json'],
  ];
  // A violated assumption shrinks through up to maxCheckShrinks probes: only for small models.
  if (small) {
    commands.push(['check', name, '--runs', '2', '--format', 'json']);
    for (const output of ['v', 'x'])
      commands.push([
        'sensitivity',
        name,
        '--output',
        output,
        '--method',
        'sobol',
        '--samples',
        '8',
        '--resamples',
        '10',
        '--format',
        'json',
      ]);
    commands.push(['sensitivity', name, '--output', 'v', '--format', 'json']);
  }
  for (const args of commands) judge(args, await cli(ws, args), input.text);
  return commands.length;
}
