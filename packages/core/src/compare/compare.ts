import type { Problem } from '../errors.js';
import type { Model } from '../model/model.js';
import { comparePlan } from '../plans/runs.js';
import { runPlanSync } from '../plans/sequential.js';
import type { Result } from '../result.js';
import type { QuantileChoice } from '../summarize/stream.js';
import type { ComparisonResult } from './document.js';

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

/**
 * Run the base and every alternative with one seed and trial count, and
 * compare each alternative with the base trial by trial. Streams are keyed by
 * (seed, trial, name), so trial k of both shares every draw whose name both
 * scenarios use, and the paired differences carry only the effect of what
 * differs. Reporting grids that differ are compared on the times they share;
 * an alternative that shares none is a `usage` problem. The comparison's
 * plan (`comparePlan`), run piece by piece in this thread.
 */
export function compareModels(
  base: Model,
  alternatives: readonly Model[],
  options: CompareOptions = {},
): Result<ComparisonResult, Problem[]> {
  const plan = comparePlan(base, alternatives, options);
  if (!plan.ok) return plan;
  const progress = options.onProgress;
  return runPlanSync(plan.value, progress ? { onProgress: (p) => progress(p.runsDone, p.runs) } : {});
}
