import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  comparePlan,
  summarizeComparison,
  type ComparisonResult,
  type Model,
  type Problem,
  type Executor,
  type RunResult,
} from '@foresight/core';
import { loadModel, loadScenarioFolder } from '@foresight/node';
import {
  formatCell,
  formatTime,
  JSON_CHUNK,
  renderComparisonSummary,
  renderFanChart,
  renderTable,
  type Align,
} from '@foresight/report';
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

const p50At = (run: RunResult, id: string, t: number): number | undefined => {
  const i = run.times.indexOf(t);
  const summary = Object.hasOwn(run.outputs, id) ? run.outputs[id] : undefined;
  return i < 0 ? undefined : summary?.quantiles['p50']?.[i];
};

const percent = (p: number): string => `${Number((p * 100).toPrecision(3))}%`;
const percentOrDash = (p: number | undefined): string => (p === undefined ? '-' : percent(p));

/** The run a comparison document points at; a document whose indices lead nowhere is not one `compareModels` makes. */
function runOf(result: ComparisonResult, index: number): RunResult {
  const run = result.runs[index];
  if (run === undefined) throw new Error(`the comparison document has no runs[${index}]`);
  return run;
}
// A relative difference as a signed percentage; `-` where base was 0 in every trial.
const relative = (r: number | null | undefined): string =>
  typeof r !== 'number' ? '-' : r === 0 ? '0%' : `${r > 0 ? '+' : ''}${percent(r)}`;

/** One block per alternative and output: time, median of each, median paired difference, P(alt > base). */
export function renderCompareTable(result: ComparisonResult): string {
  const baseRun = runOf(result, 0);
  const blocks: string[] = [];
  for (const c of result.comparisons) {
    const altRun = runOf(result, c.run);
    for (const [id, entry] of Object.entries(c.outputs)) {
      const title = `${id}: ${c.scenario} vs ${result.base}`;
      if ('absent' in entry) {
        blocks.push(
          `${title}\n  absent from the ${entry.absent} (${entry.absent === 'base' ? result.base : c.scenario})\n`,
        );
        continue;
      }
      const heading = entry.unit === undefined ? title : `${title} (${entry.unit})`;
      const diff = entry.difference;
      const rows = c.times.map((t, i) => [
        formatTime(t),
        formatCell(p50At(baseRun, id, t)),
        formatCell(p50At(altRun, id, t)),
        formatCell(diff.quantiles['p50']?.[i]),
        relative(diff.relative_p50[i]),
        percentOrDash(diff.p_greater[i]),
      ]);
      const header = ['time', `${result.base} p50`, `${c.scenario} p50`, 'diff p50', 'rel diff p50', 'P(alt>base)'];
      const align: Align[] = header.map(() => 'right');
      blocks.push(`${heading}\n${renderTable(header, rows, align)}`);
    }
  }
  if (blocks.length === 0) return 'nothing to compare\n';
  return `${result.trials} paired trials, seed ${result.seed}\n\n${blocks.join('\n')}`;
}

const exact = (x: number | null | undefined): string => (typeof x === 'number' ? String(x) : '');
const field = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/**
 * Long-format CSV, one row per (alternative, output, time) with the medians of
 * both scenarios and the paired-difference statistics; an output absent from
 * one side has one row per base time with the `absent` field set and every
 * number empty. In chunks of whole lines, for writing a large comparison as it goes.
 */
export function* compareCsvChunks(result: ComparisonResult): Generator<string, void, undefined> {
  const baseRun = runOf(result, 0);
  const keys = [
    ...new Set(
      result.comparisons.flatMap((c) =>
        Object.values(c.outputs).flatMap((e) => ('absent' in e ? [] : Object.keys(e.difference.quantiles))),
      ),
    ),
  ].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  const header = [
    'base',
    'alternative',
    'output',
    'unit',
    'time',
    'absent',
    'base_p50',
    'alternative_p50',
    'diff_mean',
    ...keys.map((k) => `diff_${k}`),
    'relative_p50',
    'p_greater',
  ];
  let buf = `${header.join(',')}\n`;
  for (const c of result.comparisons) {
    const altRun = runOf(result, c.run);
    for (const [id, entry] of Object.entries(c.outputs)) {
      for (const [i, t] of c.times.entries()) {
        const cells =
          'absent' in entry
            ? [result.base, c.scenario, id, '', exact(t), entry.absent, ...Array<string>(5 + keys.length).fill('')]
            : [
                result.base,
                c.scenario,
                id,
                entry.unit ?? '',
                exact(t),
                '',
                exact(p50At(baseRun, id, t)),
                exact(p50At(altRun, id, t)),
                exact(entry.difference.mean[i]),
                ...keys.map((k) => exact(entry.difference.quantiles[k]?.[i])),
                exact(entry.difference.relative_p50[i]),
                exact(entry.difference.p_greater[i]),
              ];
        buf += `${cells.map(field).join(',')}\n`;
        if (buf.length >= JSON_CHUNK) {
          yield buf;
          buf = '';
        }
      }
    }
  }
  yield buf;
}
