import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { runModel, type RunResult } from '@foresight/core';
import { loadModel, loadScenarioFolder } from '@foresight/node';
import { renderFanChart, renderRunCsv, renderRunTable } from '@foresight/report';
import { EXIT, type CliIO } from '../io.js';
import { idList, oneOf, positiveInt, integer } from '../options.js';
import { printProblems } from '../problems.js';

export const FORMATS = ['table', 'json', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export interface RunLikeOptions {
  trials?: number;
  seed?: number;
  outputs?: string[];
  format: Format;
  out?: string;
  chart?: string;
  scenarios: string;
}

/** The options `run` and `compare` share. */
export function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--trials <n>', 'Monte Carlo trials (default: the scenario\'s, else 1000)', positiveInt('--trials'))
    .option('--seed <s>', 'random seed (default: the scenario\'s, else 1)', integer('--seed'))
    .option('--outputs <ids>', 'comma-separated ids to report', idList)
    .option('--format <format>', 'table, json or csv', oneOf('--format', FORMATS), 'table')
    .option('--out <file>', 'write the result to a file instead of stdout')
    .option('--chart <file.svg>', 'also write an SVG fan chart')
    .option('--scenarios <dir>', 'the scenario folder for ids and extends', 'scenarios');
}

export function writeOutput(io: CliIO, text: string, out: string | undefined): void {
  if (out === undefined) io.stdout(text);
  else writeFileSync(resolve(io.cwd, out), text);
}

export function runCommand(io: CliIO, scenario: string, opts: RunLikeOptions): number {
  const folder = loadScenarioFolder(opts.scenarios, io.cwd);
  const model = loadModel(scenario, folder, { outputs: opts.outputs, cwd: io.cwd });
  if (!model.ok) return printProblems(io, model.error);
  const result = runModel(model.value, { trials: opts.trials, seed: opts.seed });
  if (!result.ok) return printProblems(io, result.error);
  writeOutput(io, render(result.value, opts.format), opts.out);
  if (opts.chart !== undefined) writeFileSync(resolve(io.cwd, opts.chart), renderFanChart(result.value, opts.outputs ? { outputs: opts.outputs } : {}));
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
