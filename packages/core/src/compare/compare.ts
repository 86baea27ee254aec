import { capProblems, type Problem } from '../errors.js';
import { nonFiniteComparison } from '../finite.js';
import type { Model } from '../model/model.js';
import { err, ok, type Result } from '../result.js';
import {
  checkCompareLimits,
  checkRunLimits,
  storedValues,
  streamedRunDocument,
  summarize,
  trialsAndSeed,
} from '../run.js';
import { simulate, type TrialBlock } from '../simulate/simulate.js';
import type { RunResult } from '../summarize/document.js';
import { runShape, type RunShape } from '../summarize/shape.js';
import { useSketch, type QuantileChoice } from '../summarize/stream.js';
import { streamRun } from '../summarize/stream-run.js';
import { newErrorTracker, streamedPairedStats, streamLayout, type StreamLayout } from '../summarize/streamed.js';
import type { AlternativeComparison, ComparisonResult } from './document.js';
import {
  alternativeDocument,
  comparisonProblems,
  comparisonQuantiles,
  pairedColumns,
  pairedColumnStats,
  pairedPlan,
  pairedStride,
  type PairedPlan,
} from './paired.js';

export interface CompareOptions {
  /** Trials of every scenario (default: the base's, else 1000). */
  readonly trials?: number | undefined;
  /** Seed of every scenario (default: the base's, else 1). */
  readonly seed?: number | undefined;
  /** Compare only these ids; each must be an output of base or of an alternative. */
  readonly outputs?: readonly string[] | undefined;
  /** As RunOptions.quantileMethod; `auto` counts the stored values of every compared scenario together. */
  readonly quantileMethod?: QuantileChoice | undefined;
  /** Trials simulated so far and in all (every scenario's trials count). */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

interface Ran {
  readonly shape: RunShape;
  readonly block: TrialBlock;
  readonly result: RunResult;
}

function runOne(model: Model, trials: number, seed: number, progress?: (done: number) => void): Result<Ran, Problem[]> {
  const started = Date.now();
  const limits = checkRunLimits(model, trials);
  if (limits.length > 0) return err(limits);
  const block = simulate(model, { seed, from: 0, to: trials, ...(progress ? { onProgress: progress } : {}) });
  if (!block.ok) return block;
  progress?.(trials);
  const result = summarize(model, block.value, { trials, seed, elapsedMs: Date.now() - started });
  return ok({ shape: runShape(model), block: block.value, result });
}

/**
 * Run the base and every alternative with one seed and trial count, and
 * compare each alternative with the base trial by trial. Streams are keyed by
 * (seed, trial, name), so trial k of both shares every draw whose name both
 * scenarios use, and the paired differences carry only the effect of what
 * differs. Reporting grids that differ are compared on the times they share;
 * an alternative that shares none is a `usage` problem.
 */
export function compareModels(
  base: Model,
  alternatives: readonly Model[],
  options: CompareOptions = {},
): Result<ComparisonResult, Problem[]> {
  const { trials, seed } = trialsAndSeed(base, options);
  const baseShape = runShape(base);
  const problems = comparisonProblems(baseShape, alternatives.map(runShape), options.outputs);
  if (problems.length > 0) return err(problems);
  const limits = checkCompareLimits(base, alternatives, trials);
  if (limits.length > 0) return err(limits);
  const result = compareAll(base, alternatives, trials, seed, baseShape, options);
  if (!result.ok) return err(capProblems(result.error));
  const bad = nonFiniteComparison([base, ...alternatives], result.value);
  return bad ? err([bad]) : result;
}

function compareAll(
  base: Model,
  alternatives: readonly Model[],
  trials: number,
  seed: number,
  baseShape: RunShape,
  options: CompareOptions,
): Result<ComparisonResult, Problem[]> {
  const stored = [base, ...alternatives].reduce((sum, m) => sum + storedValues(m, trials), 0);
  const layout = streamedComparisonLayout([base, ...alternatives].map(runShape), options.outputs);
  if (useSketch(options.quantileMethod, stored, layout.columns.length)) {
    return compareStreamed(base, alternatives, trials, seed, options.outputs, options.onProgress);
  }

  const total = trials * (1 + alternatives.length);
  const progress = (i: number) =>
    options.onProgress ? (done: number) => options.onProgress!(i * trials + done, total) : undefined;
  const baseRan = runOne(base, trials, seed, progress(0));
  if (!baseRan.ok) return baseRan;
  const quantiles = comparisonQuantiles(baseShape);
  // One buffer serves every column of every comparison.
  const scratch = new Float64Array(trials);
  const runs: RunResult[] = [baseRan.value.result];
  const comparisons: AlternativeComparison[] = [];
  for (const alt of alternatives) {
    const altRan = runOne(alt, trials, seed, progress(runs.length));
    if (!altRan.ok) return altRan;
    runs.push(altRan.value.result);
    const plan = pairedPlan(baseRan.value.shape, altRan.value.shape, runs.length - 1, options.outputs);
    const packed = pairedStats(
      plan,
      quantiles,
      baseRan.value.block.values,
      altRan.value.block.values,
      trials,
      scratch,
      0,
      pairedColumns(plan),
    );
    comparisons.push(alternativeDocument(plan, quantiles, packed));
  }
  return ok({ base: base.document.id, trials, seed, runs, comparisons });
}

/**
 * The comparison of a large run: every scenario streamed block by block
 * together (trial k of each in the same block), so paired differences are
 * summarized as they are made and no scenario's values are held.
 */
function compareStreamed(
  base: Model,
  alternatives: readonly Model[],
  trials: number,
  seed: number,
  only: readonly string[] | undefined,
  onProgress: ((done: number, total: number) => void) | undefined,
): Result<ComparisonResult, Problem[]> {
  const started = Date.now();
  const models = [base, ...alternatives];
  const shapes = models.map(runShape);
  const { plans, ...layout } = streamedComparisonLayout(shapes, only);
  const limits = checkRunLimits(base, trials, layout.columns.length);
  if (limits.length > 0) return err(limits);
  const state = streamRun(models, layout.columns, trials, seed, onProgress);
  if (!state.ok) return state;
  const elapsedMs = Date.now() - started;
  const runs = models.map((m, i) =>
    streamedRunDocument(m, shapes[i]!, state.value, layout.valueStart[i]!, { trials, seed, elapsedMs }),
  );
  const quantiles = comparisonQuantiles(shapes[0]!);
  const rank = newErrorTracker();
  const comparisons = plans.map((plan, a) =>
    alternativeDocument(
      plan,
      quantiles,
      streamedPairedStats(plan, quantiles, state.value, layout.pairedStart[a]!, rank),
    ),
  );
  return ok({
    base: base.document.id,
    trials,
    seed,
    runs,
    comparisons,
    quantile_method: 'sketch',
    quantile_rank_error: rank[0]!,
  });
}

/** The paired plans of a comparison and its stream layout: recorded columns of every scenario, then the differences. */
export function streamedComparisonLayout(
  shapes: readonly RunShape[],
  only: readonly string[] | undefined,
): StreamLayout & { plans: PairedPlan[] } {
  const plans = shapes.slice(1).map((alt, i) => pairedPlan(shapes[0]!, alt, i + 1, only));
  return { ...streamLayout(shapes, plans), plans };
}

/**
 * Packed paired statistics of columns [from, to) of a plan (column c is the
 * plan's present output floor(c / T) at shared time c % T), from the base's
 * and the alternative's recorded values, [row][time][trial] over `n` trials.
 */
export function pairedStats(
  plan: PairedPlan,
  quantiles: readonly number[],
  baseValues: Float64Array,
  altValues: Float64Array,
  n: number,
  scratch: Float64Array,
  from: number,
  to: number,
): Float64Array {
  const T = plan.times.length;
  const S = pairedStride(quantiles.length);
  const present = plan.outputs.filter((o) => o.absent === undefined);
  const out = new Float64Array((to - from) * S);
  for (let c = from; c < to; c++) {
    const o = present[Math.floor(c / T)]!;
    if (o.absent !== undefined) continue;
    const r = c % T;
    const b = (o.baseRow * plan.baseTimes + plan.baseIdx[r]!) * n;
    const a = (o.altRow * plan.altTimes + plan.altIdx[r]!) * n;
    pairedColumnStats(
      baseValues.subarray(b, b + n),
      altValues.subarray(a, a + n),
      quantiles,
      scratch,
      out,
      (c - from) * S,
    );
  }
  return out;
}
