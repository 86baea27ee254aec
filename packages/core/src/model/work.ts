/**
 * What one trial costs, in operations: one per expression node evaluated,
 * plus fixed costs for what is not an expression (a random draw, a shock
 * event drawn and added, a value stored and checked). The figure bounds work before any is
 * done, so its only job is to grow with everything a document can make big:
 * steps, variables, expression sizes, per-step draws, shock events, outputs.
 */
import { quantile, type Distribution } from '../random/distributions.js';

/**
 * Costs in operations, an operation being an add or a multiply in optimized
 * code (0.3-1 ns). A per-step draw (inverse CDF, beta by two gammas) costs
 * 30-50 ns; a per-trial draw also reseeds its stream, about 1 us.
 */
export const DRAW_OPERATIONS = 130;
export const SEEDED_DRAW_OPERATIONS = 3_000;

/**
 * A trial function of many thousand statements is not optimized by V8 and
 * runs about ten times slower per operation (measured, for chains of 50 to
 * 2,000 variables: 1.1-1.2 ns an operation up to 7,000 characters of
 * generated code, rising to 4 ns at 33,000, 13 ns past 50,000).
 */
export const INTERPRETED_CHARS = 20_000;
export const INTERPRETED_FACTOR = 10;

export interface TrialShape {
  readonly steps: number;
  readonly horizon: number;
  /** Evaluations of the variables and flows per step: 1 with Euler, 4 with RK4. */
  readonly stages: number;
  /** Tree sizes of the expressions evaluated at every stage of a step (variables, inflows, outflows). */
  readonly stageExpressions: readonly number[];
  /** Tree sizes of the expressions evaluated once per step besides (what previous and delay_fixed store). */
  readonly stepExpressions: readonly number[];
  /** Tree sizes of the initial values, evaluated once. */
  readonly initialExpressions: readonly number[];
  readonly stocks: number;
  /** Stocks and variables: each is stored and checked for a non-finite value at every step. */
  readonly evaluated: number;
  readonly series: number;
  readonly drawsPerTrial: number;
  readonly drawsPerStep: number;
  /** Events each shock can hold in one trial. */
  readonly shockEvents: readonly number[];
  readonly recorded: number;
  /** Characters of the generated trial function. */
  readonly generatedChars: number;
}

export function trialOperations(shape: TrialShape): number {
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const events = sum(shape.shockEvents);
  // A shock's intensity is carried from step to step (a call, about 30 operations, each step); each event is drawn and added once.
  const shocks = shape.shockEvents.length;
  const perStage = sum(shape.stageExpressions) + 2 * shape.stocks + shape.series + 30 * shocks;
  const perStep =
    1 +
    shape.stages * perStage +
    sum(shape.stepExpressions) +
    2 * shape.evaluated +
    shape.drawsPerStep * DRAW_OPERATIONS +
    shape.recorded;
  const once =
    sum(shape.initialExpressions) + shape.drawsPerTrial * SEEDED_DRAW_OPERATIONS + 2 * events * DRAW_OPERATIONS;
  const slow = shape.generatedChars > INTERPRETED_CHARS ? INTERPRETED_FACTOR : 1;
  return slow * (once + (shape.steps + 1) * perStep);
}

/**
 * The events a Poisson shock can plausibly draw in one trial: its rate (or
 * the 99.9% quantile of its rate parameter) over the horizon, with room for
 * chance, never more than its cap. Fixed times count as they are.
 */
export function shockEventBound(
  shock: { readonly at?: ArrayLike<number> | undefined; readonly rate?: number | string | undefined },
  rate: Distribution | undefined,
  horizon: number,
  maxEvents: number,
): number {
  if (shock.at) return Math.min(shock.at.length, maxEvents);
  const r = typeof shock.rate === 'number' ? shock.rate : rate ? quantile(rate, 0.999) : 0;
  if (!(r >= 0) || !Number.isFinite(r)) return maxEvents;
  const mean = r * horizon;
  return Math.min(maxEvents, Math.ceil(mean + 4 * Math.sqrt(mean) + 2));
}
