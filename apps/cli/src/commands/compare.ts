import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  comparePlan,
  summarizeComparison,
  type ComparisonResult,
  type Model,
  type Problem,
  type Executor,
} from '@foresight/core';
import { loadModel, loadScenarioFolder } from '@foresight/node';
import { compareCsvChunks, renderCompareTable, renderComparisonSummary, renderFanChart } from '@foresight/report';
import { EXIT, type CliIO } from '../io.js';
import { printProblems } from '../problems.js';
import type { CompareCommandOptions, Format } from '../options.js';
import { outputPathProblems } from '../output-paths.js';
import { ProgressBar } from '../progress.js';
import { jsonLines, writeOutput } from '../write.js';

/**
 * `foresight compare <base> <alternative...>`: every scenario runs with the
 * base's seed and trial count (or --trials/--seed), and each alternative is
 * compared with the base trial by trial. Exits 0 when the comparison is made
 * (targets are reported in `runs` but do not set the status: alternatives are
 * expected to move away from the base's calibration), 2 on bad input.
 */
export async function compareCommand(
  io: CliIO,
  base: string,
  alternatives: string[],
  opts: CompareCommandOptions,
  executor: Executor,
): Promise<number> {
  if (opts.summary && opts.format === 'csv') {
    io.stderr('error: --summary prints a table or JSON (--format table or json), not CSV\n');
    return EXIT.badInput;
  }
  const unwritable = outputPathProblems(io.cwd, { '--out': opts.out, '--chart': opts.chart });
  if (unwritable.length > 0) return printProblems(io, unwritable);
  const bar = new ProgressBar(io);
  const folder = loadScenarioFolder(opts.scenarios, io.cwd);
  const models: Model[] = [];
  const problems: Problem[] = [];
  for (const ref of [base, ...alternatives]) {
    // Each scenario narrows `--outputs` to the ids it defines; the others report them absent.
    const model = loadModel(ref, folder, { cwd: io.cwd, outputs: opts.outputs, ownOutputs: true });
    if (model.ok) models.push(model.value);
    else problems.push(...model.error);
  }
  if (problems.length > 0) return printProblems(io, problems);
  const [baseModel, ...altModels] = models;
  const plan = comparePlan(
    baseModel!,
    altModels,
    { trials: opts.trials, seed: opts.seed, outputs: opts.outputs },
    executor.sizing,
  );
  if (!plan.ok) return printProblems(io, plan.error);
  const result = await executor.run(plan.value, { onProgress: (p) => bar.update(p.runsDone, p.runs) });
  bar.finish();
  if (!result.ok) return printProblems(io, result.error);
  writeOutput(
    io,
    opts.summary ? renderSummary(result.value, opts.format) : render(result.value, opts.format),
    opts.out,
  );
  if (opts.chart !== undefined) {
    writeFileSync(
      resolve(io.cwd, opts.chart),
      renderFanChart(result.value.runs, opts.outputs ? { outputs: opts.outputs } : {}),
    );
  }
  return EXIT.ok;
}

/** `--summary`: the comparison on one screen, or its summary document as JSON. */
function renderSummary(result: ComparisonResult, format: Format): Iterable<string> {
  const summary = summarizeComparison(result);
  return format === 'json' ? jsonLines(summary) : [renderComparisonSummary(summary)];
}

function render(result: ComparisonResult, format: Format): Iterable<string> {
  switch (format) {
    case 'json':
      return jsonLines(result);
    case 'csv':
      return compareCsvChunks(result);
    case 'table':
      return [renderCompareTable(result)];
    default:
      return format satisfies never;
  }
}
