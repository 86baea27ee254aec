import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { calibratePlan, type CalibrationSettings, type Executor } from '@foresight/core';
import { loadModel, loadScenarioFolder } from '@foresight/node';
import { renderCalibrationTable, renderPosteriorCsv } from '@foresight/report';
import { EXIT, type CliIO } from '../io.js';
import type { CalibrateCommandOptions } from '../options.js';
import { outputPathProblems } from '../output-paths.js';
import { printProblems } from '../problems.js';
import { ProgressBar } from '../progress.js';

/**
 * `foresight calibrate <scenario>`: the posterior of the per-trial
 * parameters given the observations (and with `--targets` the targets).
 * Prints the table or the JSON document; `--out` writes the posterior
 * sample as CSV for `parameters_from`. Exit 0 done, 1 when the evidence
 * conflicts with the priors (the observations named), 2 bad input.
 */
export async function calibrateCommand(
  io: CliIO,
  scenario: string,
  opts: CalibrateCommandOptions,
  executor: Executor,
): Promise<number> {
  const unwritable = outputPathProblems(io.cwd, { '--out': opts.out });
  if (unwritable.length > 0) return printProblems(io, unwritable);
  const settings: CalibrationSettings = {
    ...(opts.trials !== undefined ? { trials: opts.trials } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.targets ? { targets: true } : {}),
    ...(opts.maxRuns !== undefined ? { max_runs: opts.maxRuns } : {}),
  };
  const folder = loadScenarioFolder(opts.scenarios, io.cwd);
  const model = loadModel(scenario, folder, { cwd: io.cwd });
  if (!model.ok) return printProblems(io, model.error);
  const plan = calibratePlan(model.value, settings, executor.sizing);
  if (!plan.ok) return printProblems(io, plan.error);
  const bar = new ProgressBar(io);
  const result = await executor.run(plan.value, { onProgress: (p) => bar.update(p.runsDone, p.runs) });
  bar.finish();
  if (!result.ok) {
    const code = printProblems(io, result.error);
    return result.error.every((p) => p.code === 'conflict') ? EXIT.failed : code;
  }
  io.stdout(
    opts.format === 'json' ? `${JSON.stringify(result.value, null, 2)}\n` : renderCalibrationTable(result.value),
  );
  if (opts.out !== undefined) writeFileSync(resolve(io.cwd, opts.out), renderPosteriorCsv(result.value));
  return EXIT.ok;
}
