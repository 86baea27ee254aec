import { checkScenario, renderCheckTable } from '@foresight/check';
import { loadModel, loadScenarioFolder } from '@foresight/node';
import { EXIT, type CliIO } from '../io.js';
import type { CheckCommandOptions } from '../options.js';
import { printProblems } from '../problems.js';

/** `foresight check`: every assumption holds (0), one is violated (1), bad input (2). */
export function checkCommand(io: CliIO, scenario: string, opts: CheckCommandOptions): number {
  const folder = loadScenarioFolder(opts.scenarios, io.cwd);
  const model = loadModel(scenario, folder, { cwd: io.cwd });
  if (!model.ok) return printProblems(io, model.error);
  const started = performance.now();
  const checked = checkScenario(model.value, { runs: opts.runs, seed: opts.seed });
  if (!checked.ok) return printProblems(io, checked.error);
  const report = checked.value;
  const seconds = (performance.now() - started) / 1000;
  io.stdout(opts.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderCheckTable(report));
  if (io.stderrIsTTY)
    io.stderr(
      `${report.trials} trials in ${seconds.toFixed(2)} s (${Math.round(report.trials / Math.max(seconds, 1e-9))} trials/s)\n`,
    );
  return report.violated === 0 ? EXIT.ok : EXIT.failed;
}
