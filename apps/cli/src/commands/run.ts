import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runModel, type Problem, type Result, type RunResult } from '@foresight/core';
import { createRunPool, loadModel, loadScenarioFolder, portableScenario, type RunPool } from '@foresight/node';
import { renderFanChart, renderRunCsv, renderRunTable } from '@foresight/report';
import { EXIT, type CliIO } from '../io.js';
import type { Format, RunLikeOptions } from '../options.js';
import { outputPathProblems } from '../output-paths.js';
import { printProblems } from '../problems.js';
import { ProgressBar } from '../progress.js';

export function writeOutput(io: CliIO, text: string, out: string | undefined): void {
  if (out === undefined) io.stdout(text);
  else writeFileSync(resolve(io.cwd, out), text);
}

/** Run `job` on a pool of `workers` threads, closed afterwards whatever happens. */
export async function withPool<T>(workers: number, job: (pool: RunPool) => Promise<T>): Promise<T> {
  const pool = createRunPool({ workers });
  try {
    return await job(pool);
  } finally {
    await pool.close();
  }
}

/**
 * `foresight run`: in this process, or with `--workers N` (N > 1) on a pool
 * of worker threads; the result is the same to the byte either way.
 */
export async function runCommand(io: CliIO, scenario: string, opts: RunLikeOptions): Promise<number> {
  const unwritable = outputPathProblems(io.cwd, { '--out': opts.out, '--chart': opts.chart });
  if (unwritable.length > 0) return printProblems(io, unwritable);
  const folder = loadScenarioFolder(opts.scenarios, io.cwd);
  const bar = new ProgressBar(io);
  const trials = { trials: opts.trials, seed: opts.seed };
  let result: Result<RunResult, Problem[]>;
  if ((opts.workers ?? 1) > 1) {
    const s = portableScenario(scenario, folder, { ...(opts.outputs ? { outputs: opts.outputs } : {}), cwd: io.cwd });
    if (!s.ok) return printProblems(io, s.error);
    result = await withPool(opts.workers!, (pool) => pool.run(s.value, { ...defined(trials), onProgress: bar.update }));
  } else {
    const model = loadModel(scenario, folder, { outputs: opts.outputs, cwd: io.cwd });
    if (!model.ok) return printProblems(io, model.error);
    result = runModel(model.value, { ...trials, onProgress: bar.update });
  }
  bar.finish();
  if (!result.ok) return printProblems(io, result.error);
  writeOutput(io, render(result.value, opts.format), opts.out);
  if (opts.chart !== undefined)
    writeFileSync(
      resolve(io.cwd, opts.chart),
      renderFanChart(result.value, opts.outputs ? { outputs: opts.outputs } : {}),
    );
  return result.value.targets.every((t) => t.pass) ? EXIT.ok : EXIT.failed;
}

function render(result: RunResult, format: Format): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(result, null, 2)}\n`;
    case 'csv':
      return renderRunCsv(result);
    case 'table':
      return renderRunTable(result);
    default:
      return format satisfies never;
  }
}

/** The options that are set (the pool's options do not take `undefined`). */
export function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
