import type { Problem } from '../errors.js';
import type { Model, TrialRunner } from '../model/model.js';
import { timeAt } from '../model/time.js';
import { err, ok, type Result } from '../result.js';

/**
 * The recorded values of trials [from, to), laid out [recorded][time][trial]
 * so a quantile is computed over one contiguous slice.
 */
export interface TrialBlock {
  readonly from: number;
  readonly to: number;
  readonly times: number;
  readonly values: Float64Array;
}

export interface SimulateOptions {
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  /** Reuse a runner across calls (a worker thread keeps one per model). */
  readonly runner?: TrialRunner;
  /** Called every so many trials with the count done, for progress bars. */
  readonly onProgress?: (done: number) => void;
}

export function simulate(model: Model, options: SimulateOptions): Result<TrialBlock, Problem[]> {
  const { from, to } = options;
  const n = to - from;
  const times = model.time.times.length;
  const values = new Float64Array(model.recorded.length * times * n);
  const failed = simulateInto(model, options, values, n, from);
  if (failed) return err([failed.problem]);
  return ok({ from, to, times, values });
}

/** The first trial of a range that produced a non-finite value, and the problem that names it. */
export interface TrialFailure {
  readonly trial: number;
  readonly problem: Problem;
}

/**
 * Run trials [from, to) into `values`, laid out [recorded][time][column] with
 * `stride` columns, trial k in column k - `offset`: a worker thread writes its
 * range straight into a buffer shared by the whole run. Stops at the first
 * trial that turns non-finite.
 */
export function simulateInto(
  model: Model,
  options: SimulateOptions,
  values: Float64Array,
  stride: number,
  offset: number,
): TrialFailure | undefined {
  const { seed, from, to } = options;
  const runner = options.runner ?? model.instantiate();
  for (let trial = from; trial < to; trial++) {
    const failedAt = runner.run(seed, trial, values, trial - offset, stride);
    if (failedAt >= 0) return { trial, problem: nonFinite(model, runner, seed, trial, failedAt) };
    if (options.onProgress && ((trial - from) & 1023) === 1023) options.onProgress(trial - from + 1);
  }
  return undefined;
}

/** The problem of a trial whose value became non-finite at `step` (`runner.values` as it stopped). */
export function nonFinite(
  model: Model,
  runner: { readonly values: Float64Array },
  seed: number,
  trial: number,
  step: number,
): Problem {
  const t = timeAt(model.time.start, step, model.time.dt);
  const bad = model.evaluated.find((s) => !Number.isFinite(runner.values[s.slot]!));
  const id = bad?.id ?? '?';
  const section = bad?.kind === 'stock' ? 'stocks' : 'variables';
  const value = bad ? runner.values[bad.slot] : NaN;
  const pos = model.source.locate([section, id]);
  const inputs = model.parameters
    .filter((p) => p.per === 'trial' && p.distribution.kind !== 'constant')
    .map((p) => `${p.id}=${runner.values[p.slot]}`)
    .join(', ');
  return {
    code: 'non-finite',
    message: `${bad?.kind ?? 'value'} '${id}' is ${value} at t=${t} in trial ${trial} (seed ${seed})${inputs ? `; parameters: ${inputs}` : ''}`,
    file: pos.file,
    path: [section, id],
    line: pos.line,
    column: pos.column,
  };
}

/** Join blocks of consecutive trial ranges into one, exactly as if run in one piece. */
export function mergeBlocks(model: Model, blocks: readonly TrialBlock[]): TrialBlock {
  const sorted = [...blocks].sort((a, b) => a.from - b.from);
  const from = sorted[0]?.from ?? 0;
  const to = sorted.reduce((m, b) => Math.max(m, b.to), from);
  const n = to - from;
  const times = model.time.times.length;
  const values = new Float64Array(model.recorded.length * times * n);
  for (const b of sorted) {
    const bn = b.to - b.from;
    for (let row = 0; row < model.recorded.length * times; row++) {
      values.set(b.values.subarray(row * bn, (row + 1) * bn), row * n + (b.from - from));
    }
  }
  return { from, to, times, values };
}
