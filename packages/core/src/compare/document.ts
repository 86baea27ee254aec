import { z } from 'zod';
import { RunResult } from '../summarize/document.js';

/**
 * The comparison document: what `foresight compare --format json` prints.
 * `runs[0]` is the base's result document and `runs[i + 1]` that of
 * `comparisons[i]`; every scenario ran with the same `trials` and `seed`, so
 * trial k of an alternative shares its random draws with trial k of the base
 * wherever parameter and shock names agree. Every array runs along the
 * comparison's `times` (the reporting times base and alternative share).
 */
const Column = z.array(z.number());

/** Statistics of the paired differences alt - base over the trials, per reporting time. */
export const PairedDifference = z.strictObject({
  mean: Column,
  /** Quantiles of alt - base, keyed like the result document (`p5`, `p50`, `p95`). */
  quantiles: z.record(z.string(), Column),
  /**
   * Median of (alt - base) / |base| over the trials where base is not 0;
   * null at a time where base is 0 in every trial.
   */
  relative_p50: z.array(z.number().nullable()),
  /** Fraction of trials with alt > base (ties count as not greater). */
  p_greater: Column,
  /** Fraction of trials with alt < base; 1 - p_greater - p_less is the share of ties. */
  p_less: Column,
});

/** An output one side lacks: no numbers at all, never zeros. */
export const AbsentOutput = z.strictObject({ absent: z.enum(['base', 'alternative']) });

export const PresentOutput = z.strictObject({
  /** The base's unit, else the alternative's. */
  unit: z.string().optional(),
  difference: PairedDifference,
});

export const OutputComparison = z.union([AbsentOutput, PresentOutput]);

export const AlternativeComparison = z.strictObject({
  /** The alternative's scenario id. */
  scenario: z.string(),
  /** Index of the alternative's result document in `runs`. */
  run: z.number().int(),
  /** Reporting times present in both the base's and the alternative's grid, ascending. */
  times: Column,
  /** Every output of base or alternative (base's order first). */
  outputs: z.record(z.string(), OutputComparison),
});

export const ComparisonResult = z.strictObject({
  /** The base's scenario id. */
  base: z.string(),
  trials: z.number(),
  seed: z.number(),
  /** Result documents: the base first, then each alternative in order. */
  runs: z.array(RunResult),
  comparisons: z.array(AlternativeComparison),
  /** Present only when the differences' quantiles come from the sketch (large comparisons): `sketch`. */
  quantile_method: z.string().optional(),
  /** With `quantile_method: sketch`: a bound on the rank error of every difference quantile, as a fraction of trials. */
  quantile_rank_error: z.number().optional(),
});

export type PairedDifference = z.infer<typeof PairedDifference>;
export type AbsentOutput = z.infer<typeof AbsentOutput>;
export type PresentOutput = z.infer<typeof PresentOutput>;
export type OutputComparison = z.infer<typeof OutputComparison>;
export type AlternativeComparison = z.infer<typeof AlternativeComparison>;
export type ComparisonResult = z.infer<typeof ComparisonResult>;
