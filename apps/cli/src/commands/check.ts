import { checkPlan, renderCheckTable } from '@foresight/check';
import type { Executor } from '@foresight/core';
import { loadModel, loadScenarioFolder } from '@foresight/node';
import { EXIT, type CliIO } from '../io.js';
import type { CheckCommandOptions } from '../options.js';
import { printProblems } from '../problems.js';
import { jsonLines, writeOutput } from '../write.js';

/**
 * `foresight check`: every assumption holds (0), one is violated (1), bad
 * input (2). Each assumption is a piece of the check's plan, searched on the
 * executor `--workers` or `--redis` chose.
 */
export async function checkCommand(
  io: CliIO,
  scenario: string,
  opts: CheckCommandOptions,
  executor: Executor,
): Promise<number> {
  const started = performance.now();
  const folder = loadScenarioFolder(opts.scenarios, io.cwd);
  const model = loadModel(scenario, folder, { cwd: io.cwd });
  if (!model.ok) return printProblems(io, model.error);
  const plan = checkPlan(model.value, { runs: opts.runs, seed: opts.seed }, executor.sizing);
  if (!plan.ok) return printProblems(io, plan.error);
  const checked = await executor.run(plan.value);
  if (!checked.ok) return printProblems(io, checked.error);
  const report = checked.value;
  const seconds = (performance.now() - started) / 1000;
  writeOutput(io, opts.format === 'json' ? jsonLines(report) : [renderCheckTable(report)], undefined);
  if (io.stderrIsTTY)
    io.stderr(
      `${report.trials} trials in ${seconds.toFixed(2)} s (${Math.round(report.trials / Math.max(seconds, 1e-9))} trials/s)\n`,
    );
  return report.violated === 0 ? EXIT.ok : EXIT.failed;
}
