import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { explorePlan, type Executor, type ExploreSettings } from '@foresight/core';
import { loadModel, loadScenarioFolder } from '@foresight/node';
import { renderExploreChart, renderExploreTable } from '@foresight/report';
import { EXIT, type CliIO } from '../io.js';
import type { ExploreCommandOptions } from '../options.js';
import { outputPathProblems } from '../output-paths.js';
import { printProblems } from '../problems.js';
import { ProgressBar } from '../progress.js';

/**
 * `foresight explore <scenario> --where "id@time < value"`: PRIM over the
 * trials' drawn parameters and shock event counts. Exit 0 done, 2 bad input.
 */
export async function exploreCommand(
  io: CliIO,
  scenario: string,
  opts: ExploreCommandOptions,
  executor: Executor,
): Promise<number> {
  const unwritable = outputPathProblems(io.cwd, { '--chart': opts.chart });
  if (unwritable.length > 0) return printProblems(io, unwritable);
  const settings: ExploreSettings = {
    where: opts.where,
    ...(opts.trials !== undefined ? { trials: opts.trials } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.peel !== undefined ? { peel: opts.peel } : {}),
    ...(opts.minMass !== undefined ? { min_mass: opts.minMass } : {}),
    ...(opts.bootstrap !== undefined ? { bootstrap: opts.bootstrap } : {}),
  };
  const folder = loadScenarioFolder(opts.scenarios, io.cwd);
  const model = loadModel(scenario, folder, { cwd: io.cwd });
  if (!model.ok) return printProblems(io, model.error);
  const plan = explorePlan(model.value, settings, executor.sizing);
  if (!plan.ok) return printProblems(io, plan.error);
  const bar = new ProgressBar(io);
  const result = await executor.run(plan.value, { onProgress: (p) => bar.update(p.runsDone, p.runs) });
  bar.finish();
  if (!result.ok) return printProblems(io, result.error);
  io.stdout(opts.format === 'json' ? `${JSON.stringify(result.value, null, 2)}\n` : renderExploreTable(result.value));
  if (opts.chart !== undefined) writeFileSync(resolve(io.cwd, opts.chart), renderExploreChart(result.value));
  return EXIT.ok;
}
