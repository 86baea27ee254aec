import type { Problem } from '../errors.js';
import type { Model } from '../model/model.js';
import { err, ok, type Result } from '../result.js';
import { checkRunLimits, summarize, trialsAndSeed } from '../run.js';
import { simulate, type TrialBlock } from '../simulate/simulate.js';
import type { RunResult } from '../summarize/document.js';
import { runShape, type RunShape } from '../summarize/shape.js';
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
}

interface Ran {
  readonly shape: RunShape;
  readonly block: TrialBlock;
  readonly result: RunResult;
}

function runOne(model: Model, trials: number, seed: number): Result<Ran, Problem[]> {
  const started = Date.now();
  const limits = checkRunLimits(model, trials);
  if (limits.length > 0) return err(limits);
  const block = simulate(model, { seed, from: 0, to: trials });
  if (!block.ok) return block;
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

  const baseRan = runOne(base, trials, seed);
  if (!baseRan.ok) return baseRan;
  const quantiles = comparisonQuantiles(baseShape);
  // One buffer serves every column of every comparison.
  const scratch = new Float64Array(trials);
  const runs: RunResult[] = [baseRan.value.result];
  const comparisons: AlternativeComparison[] = [];
  for (const alt of alternatives) {
    const altRan = runOne(alt, trials, seed);
    if (!altRan.ok) return altRan;
    runs.push(altRan.value.result);
    const plan = pairedPlan(baseRan.value.shape, altRan.value.shape, runs.length - 1, options.outputs);
    const packed = pairedStats(plan, quantiles, baseRan.value.block.values, altRan.value.block.values, trials, scratch, 0, pairedColumns(plan));
    comparisons.push(alternativeDocument(plan, quantiles, packed));
  }
  return ok({ base: base.document.id, trials, seed, runs, comparisons });
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
    pairedColumnStats(baseValues.subarray(b, b + n), altValues.subarray(a, a + n), quantiles, scratch, out, (c - from) * S);
  }
  return out;
}
