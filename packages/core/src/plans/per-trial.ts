/*
 * Per-trial rows: for each trial, its drawn per-trial parameters, the event
 * count of each shock, and chosen recorded values at chosen times. The same
 * draws and values as the run of that seed (the run's own trial function).
 * A plan of blocks of trials, each block a stage of pieces (trial ranges);
 * the rows of a block reach `sink` in trial order as soon as the pieces
 * before them have answered, so a million trials need one block in memory.
 */
import { capProblems, type KeyPath, type Problem } from '../errors.js';
import { checkRunLimits, trialsAndSeed, type TrialOptions } from '../limits.js';
import type { Model } from '../model/model.js';
import { varies } from '../model/parameters.js';
import { reportIndex } from '../model/time.js';
import { err, ok, type Result } from '../result.js';
import { nonFinite } from '../simulate/simulate.js';
import { grouped } from '../text.js';
import { identityOf, measure, resultMeasure, stepsOf } from './cost.js';
import { placed, planScenario } from './scenario.js';
import { LOCAL_SIZING } from './sequential.js';
import { runRanges } from './trials.js';
import type { Piece, PieceEnv, PieceKind, PieceRegistry, PieceSizing, Plan, PlanCost, Stage, Step } from './types.js';

/** Trials of one block at most: the rows of a block are held until written. */
export const PER_TRIAL_BLOCK = 16_384;

/** What each row holds, by the model's indices. */
export interface RowLayout {
  /** Column names: `trial`, parameter ids, `<shock>_events`, `<id>@<time>`. */
  readonly columns: readonly string[];
  /** Indices into `Model.parameters` of the drawn per-trial parameters. */
  readonly parameters: readonly number[];
  /** Indices into `Model.shocks`. */
  readonly shocks: readonly number[];
  /** Offsets into one trial's recorded values ([recorded][time], stride 1) of the values chosen. */
  readonly values: readonly number[];
}

export interface PerTrialOptions extends TrialOptions {
  /** Recorded ids whose values the rows hold; default the model's outputs. */
  readonly outputs?: readonly string[] | undefined;
  /** Reporting times of those values; default every reporting time. */
  readonly times?: readonly number[] | undefined;
}

/** The layout of rows of a model: every drawn per-trial parameter, every shock, the chosen values; or problems. */
export function rowLayout(
  model: Model,
  options: Pick<PerTrialOptions, 'outputs' | 'times'>,
): Result<RowLayout, Problem[]> {
  const problems: Problem[] = [];
  const at = (message: string): Problem => {
    const pos = model.source.locate(['outputs']);
    return { code: 'usage', message, file: pos.file, path: ['outputs'], line: pos.line, column: pos.column };
  };
  const outputs = options.outputs ?? model.outputs;
  for (const id of outputs) if (!model.recorded.includes(id)) problems.push(at(`'${id}' is not recorded by the run`));
  const times = options.times ?? model.time.times;
  for (const t of times)
    if (reportIndex(model.time, t) < 0) problems.push(at(`${t} is not a reporting time of '${model.document.id}'`));
  if (problems.length > 0) return err(capProblems(problems));
  const parameters = model.parameters.flatMap((p, i) => (p.per === 'trial' && varies(p.distribution) ? [i] : []));
  const shocks = model.shocks.map((_, i) => i);
  const n = model.time.times.length;
  const values: number[] = [];
  const named: string[] = [];
  for (const id of outputs)
    for (const t of times) {
      values.push(model.recorded.indexOf(id) * n + reportIndex(model.time, t));
      named.push(`${id}@${t}`);
    }
  return ok({
    columns: [
      'trial',
      ...parameters.map((i) => model.parameters[i]!.id),
      ...shocks.map((i) => `${model.shocks[i]!.id}_events`),
      ...named,
    ],
    parameters,
    shocks,
    values,
  });
}

export interface RowsPiece extends Piece {
  readonly kind: 'per-trial-rows';
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  readonly outputs: readonly string[];
  readonly times: readonly number[];
}

export type RowsAnswer = { readonly rows: Float64Array } | { readonly failure: { trial: number; problem: Problem } };

/** Rows [from, to) of a run, `columns` values each, into one array; or the first failing trial. */
export function trialRows(model: Model, env: PieceEnv, sha: string, p: RowsPiece): RowsAnswer {
  const layout = env.memo(sha, `rows ${JSON.stringify([p.outputs, p.times])}`, () => {
    const l = rowLayout(model, { outputs: p.outputs, times: p.times });
    if (!l.ok) throw new Error('internal: a row layout that was made where the plan was made fails here');
    return l.value;
  });
  const runner = env.memo(sha, 'runner', () => model.instantiate());
  const width = layout.columns.length;
  const rows = new Float64Array((p.to - p.from) * width);
  const scratch = new Float64Array(model.recorded.length * model.time.times.length);
  for (let trial = p.from; trial < p.to; trial++) {
    const failedAt = runner.run(p.seed, trial, scratch, 0, 1);
    if (failedAt >= 0) return { failure: { trial, problem: nonFinite(model, runner, p.seed, trial, failedAt) } };
    let c = (trial - p.from) * width;
    rows[c++] = trial;
    for (const i of layout.parameters) rows[c++] = runner.values[model.parameters[i]!.slot]!;
    for (const i of layout.shocks) rows[c++] = runner.shockEvents(i).length;
    for (const o of layout.values) rows[c++] = scratch[o]!;
  }
  return { rows };
}

export const rowsPiece: PieceKind<RowsPiece, RowsAnswer> = {
  compute(p, env) {
    const sha = p.scenarios[0]!;
    return trialRows(env.model(sha), env, sha, p);
  },
};

export const PER_TRIAL_PIECES: PieceRegistry = { 'per-trial-rows': rowsPiece as PieceKind };

/** The cost of running `trials` trials once each, holding `stored` values (what per-trial rows and explore's data hold). */
export function rowsCost(
  model: Model,
  trials: number,
  stored: { amount: number; counted: string; fewer: string; path: KeyPath },
  result: { values: number; bytes: number; counted: string },
  extraOperations = 0,
): PlanCost {
  const steps = model.time.steps;
  return {
    runs: measure(model, ['trials'], trials, `${grouped(trials)} trials`),
    trials: measure(model, ['trials'], trials, `${grouped(trials)} trials`),
    trialSteps: measure(
      model,
      ['trials'],
      trials * steps,
      `${grouped(trials)} trials x ${grouped(steps)} steps`,
      'ask for fewer trials',
    ),
    storedValues: measure(model, stored.path, stored.amount, stored.counted, stored.fewer),
    operations: trials * model.trialOperations + extraOperations,
    steps: stepsOf([model]),
    result: resultMeasure(model, [], result, result.counted, 'ask for fewer inputs'),
  };
}

/** What a per-trial plan reports when done: the columns and the trials written. */
export interface PerTrialSummary {
  readonly columns: readonly string[];
  readonly trials: number;
  readonly seed: number;
}

export interface PerTrialPlan extends Plan<PerTrialSummary> {
  /** The rows' column names. */
  readonly columns: readonly string[];
}

/**
 * The plan of per-trial rows: `sink` is given the rows of consecutive trials
 * (row-major, `columns.length` values a row), in trial order.
 */
export function perTrialPlan(
  model: Model,
  options: PerTrialOptions,
  sink: (rows: Float64Array) => void,
  sizing: PieceSizing = LOCAL_SIZING,
): Result<PerTrialPlan, Problem[]> {
  const { trials, seed } = trialsAndSeed(model, options);
  const limits = checkRunLimits(model, trials, 0);
  if (limits.length > 0) return err(limits);
  const layout = rowLayout(model, options);
  if (!layout.ok) return layout;
  const scenario = planScenario(model);
  const sha = scenario.sha256;
  const outputs = [...(options.outputs ?? model.outputs)];
  const times = [...(options.times ?? model.time.times)];
  const width = layout.value.columns.length;
  const steps = model.time.steps;
  return ok({
    kind: 'per-trial',
    columns: layout.value.columns,
    identity: identityOf('per-trial', [sha], { trials, seed, outputs, times }),
    scenarios: [scenario],
    cost: rowsCost(
      model,
      trials,
      {
        amount: Math.min(trials, PER_TRIAL_BLOCK) * width,
        counted: 'a block of rows',
        fewer: 'ask for fewer outputs or times',
        path: ['outputs'],
      },
      // The rows go to the sink; the result only names the columns.
      { values: 2, bytes: 64 * width + 256, counted: `the names of ${width} columns` },
    ),
    kinds: PER_TRIAL_PIECES,
    start() {
      const block = (from: number): Step<PerTrialSummary> => {
        if (from >= trials) return { result: ok({ columns: layout.value.columns, trials, seed }) };
        const to = Math.min(trials, from + PER_TRIAL_BLOCK);
        const pieces: RowsPiece[] = runRanges(to - from, steps, sizing).map(([a, b]) => ({
          kind: 'per-trial-rows',
          scenarios: [sha],
          inputs: [],
          runs: b - a,
          seed,
          from: from + a,
          to: from + b,
          outputs,
          times,
        }));
        const answers: (Float64Array | undefined)[] = pieces.map(() => undefined);
        let written = 0;
        let first: { trial: number; problem: Problem } | undefined;
        const stage: Stage<PerTrialSummary> = {
          name: `rows ${from}`,
          pieces,
          inputs: {},
          wanted: (i) => !(first && first.trial < pieces[i]!.from),
          take(i, answer) {
            const a = answer as RowsAnswer;
            if ('failure' in a) {
              if (!first || a.failure.trial < first.trial) first = a.failure;
              return;
            }
            answers[i] = a.rows;
            // Rows reach the sink in trial order: every answer before them has come.
            while (!first && written < pieces.length && answers[written]) {
              sink(answers[written]!);
              answers[written] = undefined;
              written++;
            }
          },
          next: () => (first ? { result: err([placed(model, first.problem)]) } : block(to)),
        };
        return { stage };
      };
      return block(0);
    },
  });
}
