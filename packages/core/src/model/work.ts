/**
 * What one trial costs, in operations: one per expression node evaluated,
 * plus fixed costs for what is not an expression (a random draw, a shock
 * event looked at, a value recorded). The figure bounds work before any is
 * done, so its only job is to grow with everything a document can make big:
 * steps, variables, expression sizes, per-step draws, shock events, outputs.
 */
import { quantile, type Distribution } from '../random/distributions.js';

/** A draw costs about as much as this many arithmetic operations (inverse CDFs, beta by two gammas). */
export const DRAW_OPERATIONS = 20;

export interface TrialShape {
  readonly steps: number;
  readonly horizon: number;
  /** Tree sizes of the expressions evaluated at every step (variables, inflows, outflows). */
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
}

export function trialOperations(shape: TrialShape): number {
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const events = sum(shape.shockEvents);
  const perStep =
    1 + sum(shape.stepExpressions) + 2 * shape.stocks + 2 * shape.evaluated + shape.series + shape.drawsPerStep * DRAW_OPERATIONS + events + shape.recorded;
  const once = sum(shape.initialExpressions) + shape.drawsPerTrial * DRAW_OPERATIONS + events * DRAW_OPERATIONS;
  return once + (shape.steps + 1) * perStep;
}

/**
 * The events a Poisson shock can plausibly draw in one trial: its rate (or
 * the 99.9% quantile of its rate parameter) over the horizon, with room for
 * chance, never more than its cap. Fixed times count as they are.
 */
export function shockEventBound(
  shock: { readonly at?: readonly number[] | undefined; readonly rate?: number | string | undefined },
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
