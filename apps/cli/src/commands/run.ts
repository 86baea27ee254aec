import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { perTrialPlan, runPlan, type Executor, type Model, type RunResult } from '@foresight/core';
import { loadModel, loadScenarioFolder } from '@foresight/node';
import { renderFanChart, renderRunTable, runCsvChunks } from '@foresight/report';
import { EXIT, type CliIO } from '../io.js';
import type { Format, RunLikeOptions } from '../options.js';
import { outputPathProblems } from '../output-paths.js';
import { printProblems } from '../problems.js';
import { ProgressBar } from '../progress.js';
import { jsonLines, writeOutput } from '../write.js';

/**
 * `foresight run`: the run's plan on the executor `--workers` or `--redis`
 * chose (this thread by default); the result is the same to the byte on
 * every one.
 */
export async function runCommand(
  io: CliIO,
  scenario: string,
  opts: RunLikeOptions,
  executor: Executor,
): Promise<number> {
  const unwritable = outputPathProblems(io.cwd, {
    '--out': opts.out,
    '--chart': opts.chart,
    '--per-trial': opts.perTrial,
  });
  if (unwritable.length > 0) return printProblems(io, unwritable);
  const bar = new ProgressBar(io);
  const folder = loadScenarioFolder(opts.scenarios, io.cwd);
  const model = loadModel(scenario, folder, { outputs: opts.outputs, cwd: io.cwd });
  if (!model.ok) return printProblems(io, model.error);
  const plan = runPlan(model.value, { trials: opts.trials, seed: opts.seed }, executor.sizing);
  if (!plan.ok) return printProblems(io, plan.error);
  const result = await executor.run(plan.value, { onProgress: (p) => bar.update(p.runsDone, p.runs) });
  bar.finish();
  if (!result.ok) return printProblems(io, result.error);
  if (opts.perTrial !== undefined) {
    const written = await writePerTrial(io, model.value, opts, opts.perTrial, executor);
    if (written !== EXIT.ok) return written;
  }
  writeOutput(io, render(result.value, opts.format), opts.out);
  if (opts.chart !== undefined)
    writeFileSync(
      resolve(io.cwd, opts.chart),
      renderFanChart(result.value, opts.outputs ? { outputs: opts.outputs } : {}),
    );
  return result.value.targets.every((t) => t.pass) ? EXIT.ok : EXIT.failed;
}

/**
 * One row per trial to `file`, written block by block as the rows come (a
 * million trials never sit in memory): the per-trial plan of the same seed.
 */
async function writePerTrial(
  io: CliIO,
  model: Model,
  opts: RunLikeOptions,
  file: string,
  executor: Executor,
): Promise<number> {
  const fd = openSync(resolve(io.cwd, file), 'w');
  try {
    let width = 0;
    const plan = perTrialPlan(
      model,
      { trials: opts.trials, seed: opts.seed, outputs: opts.outputs, times: opts.at },
      (rows) => {
        const lines: string[] = [];
        for (let r = 0; r < rows.length; r += width)
          lines.push(Array.from(rows.subarray(r, r + width), String).join(','));
        writeSync(fd, `${lines.join('\n')}\n`);
      },
      executor.sizing,
    );
    if (!plan.ok) return printProblems(io, plan.error);
    width = plan.value.columns.length;
    writeSync(fd, `${plan.value.columns.join(',')}\n`);
    const done = await executor.run(plan.value);
    return done.ok ? EXIT.ok : printProblems(io, done.error);
  } finally {
    closeSync(fd);
  }
}

function render(result: RunResult, format: Format): Iterable<string> {
  switch (format) {
    case 'json':
      return jsonLines(result);
    case 'csv':
      return runCsvChunks(result);
    case 'table':
      return [renderRunTable(result)];
    default:
      return format satisfies never;
  }
}
