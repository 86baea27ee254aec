import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sensitivityPlan, type Executor, type Progress, type SensitivitySettings } from '@foresight/core';
import { loadModel, loadScenarioFolder } from '@foresight/node';
import { formatCount, renderSensitivityChart, renderSensitivityTable } from '@foresight/report';
import { EXIT, type CliIO } from '../io.js';
import type { SensitivityCommandOptions } from '../options.js';
import { outputPathProblems } from '../output-paths.js';
import { printProblems } from '../problems.js';
import { jsonLines, writeOutput } from '../write.js';

/**
 * `foresight sensitivity <scenario> --output ID`: a tornado or Sobol indices.
 * Sobol states its run count before it starts (on stdout in a table, on a
 * terminal's stderr with JSON). Exits 0 when done, 2 on bad input. The
 * analysis's plan runs on the executor `--workers` or `--redis` chose;
 * the output is the same to the byte.
 */
export async function sensitivityCommand(
  io: CliIO,
  scenario: string,
  opts: SensitivityCommandOptions,
  executor: Executor,
): Promise<number> {
  const unwritable = outputPathProblems(io.cwd, { '--chart': opts.chart });
  if (unwritable.length > 0) return printProblems(io, unwritable);
  const settings: SensitivitySettings = {
    output: opts.output,
    method: opts.method,
    ...(opts.at !== undefined ? { at: opts.at } : {}),
    ...(opts.samples !== undefined ? { samples: opts.samples } : {}),
    ...(opts.resamples !== undefined ? { resamples: opts.resamples } : {}),
    ...(opts.overTime ? { over_time: true } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
  };
  const started = performance.now();
  const folder = loadScenarioFolder(opts.scenarios, io.cwd);
  const model = loadModel(scenario, folder, { cwd: io.cwd });
  if (!model.ok) return printProblems(io, model.error);
  const plan = sensitivityPlan(model.value, settings, executor.sizing);
  if (!plan.ok) return printProblems(io, plan.error);
  const p = plan.value.analysis;
  const sobol = p.method === 'sobol';
  if (sobol) {
    const d = p.factors.length;
    const statement =
      `sobol: ${p.samples} samples x (${d} factor${d === 1 ? '' : 's'} + 2) = ${formatCount(p.runs)} model runs` +
      `${p.overTime ? ', indices at every reporting time' : ''}\n`;
    if (opts.format === 'table') io.stdout(`${statement}\n`);
    else if (io.stderrIsTTY) io.stderr(statement);
  }
  // Only Sobol reports progress (a tornado is a few runs).
  const progress =
    io.stderrIsTTY && sobol
      ? { onProgress: (x: Progress) => io.stderr(`\r${formatCount(x.runsDone)} / ${formatCount(x.runs)} runs`) }
      : {};
  const result = await executor.run(plan.value, progress);
  if (io.stderrIsTTY && sobol) io.stderr('\n');
  if (!result.ok) return printProblems(io, result.error);
  const seconds = (performance.now() - started) / 1000;
  writeOutput(io, opts.format === 'json' ? jsonLines(result.value) : [renderSensitivityTable(result.value)], undefined);
  if (opts.chart !== undefined) writeFileSync(resolve(io.cwd, opts.chart), renderSensitivityChart(result.value));
  if (io.stderrIsTTY) io.stderr(`${result.value.runs} runs in ${seconds.toFixed(2)} s\n`);
  return EXIT.ok;
}
