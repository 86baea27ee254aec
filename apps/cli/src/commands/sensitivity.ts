import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  planSensitivity,
  sensitivity,
  type Problem,
  type Result,
  type SensitivityResult,
  type SensitivitySettings,
} from '@foresight/core';
import { loadModel, loadScenarioFolder, portableScenario } from '@foresight/node';
import { formatCount, renderSensitivityChart, renderSensitivityTable } from '@foresight/report';
import { EXIT, type CliIO } from '../io.js';
import type { SensitivityCommandOptions } from '../options.js';
import { outputPathProblems } from '../output-paths.js';
import { printProblems } from '../problems.js';
import { withPool } from './run.js';

/**
 * `foresight sensitivity <scenario> --output ID`: a tornado or Sobol indices.
 * Sobol states its run count before it starts (on stdout in a table, on a
 * terminal's stderr with JSON). Exits 0 when done, 2 on bad input. With
 * `--workers N` (N > 1) the model runs are split over a pool of worker
 * threads; the output is the same to the byte.
 */
export async function sensitivityCommand(
  io: CliIO,
  scenario: string,
  opts: SensitivityCommandOptions,
): Promise<number> {
  const unwritable = outputPathProblems(io.cwd, { '--chart': opts.chart });
  if (unwritable.length > 0) return printProblems(io, unwritable);
  const folder = loadScenarioFolder(opts.scenarios, io.cwd);
  const model = loadModel(scenario, folder, { cwd: io.cwd });
  if (!model.ok) return printProblems(io, model.error);
  const settings: SensitivitySettings = {
    output: opts.output,
    method: opts.method,
    ...(opts.at !== undefined ? { at: opts.at } : {}),
    ...(opts.samples !== undefined ? { samples: opts.samples } : {}),
    ...(opts.resamples !== undefined ? { resamples: opts.resamples } : {}),
    ...(opts.overTime ? { over_time: true } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
  };
  const plan = planSensitivity(model.value, settings);
  if (!plan.ok) return printProblems(io, plan.error);
  const p = plan.value;
  if (p.method === 'sobol') {
    const d = p.factors.length;
    const statement =
      `sobol: ${p.samples} samples x (${d} factor${d === 1 ? '' : 's'} + 2) = ${formatCount(p.runs)} model runs` +
      `${p.overTime ? ', indices at every reporting time' : ''}\n`;
    if (opts.format === 'table') io.stdout(`${statement}\n`);
    else if (io.stderrIsTTY) io.stderr(statement);
  }
  const started = performance.now();
  const progress = io.stderrIsTTY
    ? (done: number, total: number) => io.stderr(`\r${formatCount(done)} / ${formatCount(total)} runs`)
    : undefined;
  let result: Result<SensitivityResult, Problem[]>;
  if ((opts.workers ?? 1) > 1) {
    // The model was read and the plan checked here, so the scenario is readable.
    const s = portableScenario(scenario, folder, { cwd: io.cwd });
    if (!s.ok) return printProblems(io, s.error);
    // As in this process, only Sobol reports progress (a tornado is a few runs).
    const job = progress && p.method === 'sobol' ? { onProgress: progress } : {};
    result = await withPool(opts.workers!, (pool) => pool.sensitivity(s.value, settings, job));
  } else {
    result = sensitivity(model.value, settings, { onProgress: progress });
  }
  if (!result.ok) {
    if (progress) io.stderr('\n');
    return printProblems(io, result.error);
  }
  if (progress && p.method === 'sobol') io.stderr('\n');
  const seconds = (performance.now() - started) / 1000;
  io.stdout(
    opts.format === 'json' ? `${JSON.stringify(result.value, null, 2)}\n` : renderSensitivityTable(result.value),
  );
  if (opts.chart !== undefined) writeFileSync(resolve(io.cwd, opts.chart), renderSensitivityChart(result.value));
  if (io.stderrIsTTY) io.stderr(`${result.value.runs} runs in ${seconds.toFixed(2)} s\n`);
  return EXIT.ok;
}
