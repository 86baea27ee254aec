import type { Plan } from '@foresight/core';
import type { PlanScenario } from '@foresight/core/plans';

/*
 * How big a plan's result document will be, in bytes of JSON, known before
 * any work: the store refuses a job whose result would pass the per-result
 * limit (`limits.resultBytes`) before it runs. An estimate from above, made
 * from what every result document is built of: a block of provenance and
 * targets per scenario, and per output and reporting time about a dozen
 * numbers (moments and quantiles) of up to ~18 characters each.
 *
 * This is the one place the figure is made. When the plan's cost carries a
 * result-size estimate of its own (issue 21), this function becomes a
 * reading of it.
 */

/** JSON bytes of one output at one reporting time of a run: ~11 statistics. */
const PER_CELL = 200;
/** JSON bytes of one output at one time of a paired difference (mean, quantiles, relative, P(greater)). */
const PER_DIFFERENCE = 160;
/** Title, provenance, targets and their keys, per scenario. */
const PER_SCENARIO = 4096;

const cells = (s: PlanScenario): number => s.model.outputs.length * s.model.time.times.length;

export function estimateResultBytes(plan: Plan<unknown>): number {
  const runs = plan.scenarios.reduce((sum, s) => sum + PER_SCENARIO + cells(s) * PER_CELL, 0);
  switch (plan.kind) {
    case 'compare': {
      const [base, ...alternatives] = plan.scenarios;
      const paired = base === undefined ? 0 : alternatives.length * cells(base) * PER_DIFFERENCE;
      return runs + paired;
    }
    case 'sensitivity': {
      // Per factor (a parameter, a series or a shock) and time kept: indices, intervals, bars.
      const s = plan.scenarios[0];
      if (s === undefined) return PER_SCENARIO;
      const doc = s.document;
      const factors =
        Object.keys(doc.parameters ?? {}).length +
        Object.keys(doc.series ?? {}).length +
        Object.keys(doc.shocks ?? {}).length;
      return PER_SCENARIO + factors * s.model.time.times.length * PER_CELL;
    }
    case 'check': {
      const s = plan.scenarios[0];
      return PER_SCENARIO + (s?.document.assumptions?.length ?? 0) * 2048;
    }
    default:
      return runs;
  }
}
