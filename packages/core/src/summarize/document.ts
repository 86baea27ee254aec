import { z } from 'zod';

/**
 * The result document of a run: what `foresight run --format json` prints and
 * `POST /runs` returns. Every array runs along `times`.
 */
const Column = z.array(z.number());

export const OutputSummary = z.strictObject({
  /** The display name the scenario gives the output (an imported model's own name for it). */
  label: z.string().optional(),
  unit: z.string().optional(),
  mean: Column,
  sd: Column,
  min: Column,
  max: Column,
  /** Keyed `p5`, `p50`, `p97.5`: the percentage as a plain decimal. */
  quantiles: z.record(z.string(), Column),
});

export const TargetResult = z.strictObject({
  variable: z.string(),
  time: z.number(),
  relative_to: z.number().optional(),
  /** `year`: the statistic of the variable's integral over [time, time + 1] (see the format's targets). */
  over: z.enum(['year']).optional(),
  stat: z.string(),
  value: z.number(),
  /** null when the statistic is not finite (for example a ratio over zero). */
  actual: z.number().nullable(),
  tolerance: z.number(),
  pass: z.boolean(),
  source: z.string().optional(),
});

export const Provenance = z.strictObject({
  engine: z.string(),
  document_sha256: z.string(),
  seed: z.number(),
  trials: z.number(),
  /**
   * How quantiles were computed: `exact` (type 7, linear between order
   * statistics) or `sketch` (past a size threshold; see `quantile_rank_error`).
   */
  quantile_method: z.string(),
  /**
   * Sketch only: a bound on the rank error of every reported quantile, as a
   * fraction of trials (the estimate and the exact type-7 value lie within
   * this fraction of the trials of each other).
   */
  quantile_rank_error: z.number().optional(),
  elapsed_ms: z.number(),
});

export const RunResult = z.strictObject({
  scenario: z.string(),
  title: z.string().optional(),
  trials: z.number(),
  seed: z.number(),
  times: Column,
  outputs: z.record(z.string(), OutputSummary),
  targets: z.array(TargetResult),
  provenance: Provenance,
});

export type OutputSummary = z.infer<typeof OutputSummary>;
export type TargetResult = z.infer<typeof TargetResult>;
export type Provenance = z.infer<typeof Provenance>;
export type RunResult = z.infer<typeof RunResult>;

/** `0.05 -> "p5"`, `0.975 -> "p97.5"`. */
export function quantileKey(q: number): string {
  return `p${Number((q * 100).toPrecision(12))}`;
}
