import { z } from 'zod';

/**
 * What `foresight calibrate` is asked (and `POST /calibrate` carries besides
 * the scenario): the single definition of valid settings.
 */
export const CalibrationSettings = z.strictObject({
  /** Posterior draws (particles); default the scenario's trials, else 1000. */
  trials: z.int().min(10, { message: 'at least 10' }).max(200_000, { message: 'at most 200000' }).optional(),
  /** Default the scenario's seed, else 1. */
  seed: z.int().optional(),
  /** Read the scenario's targets as band observations too. */
  targets: z.boolean().optional(),
  /** Model runs at most, all rounds together; default 100 x trials. */
  max_runs: z.int().min(10).max(100_000_000).optional(),
});
export type CalibrationSettings = z.infer<typeof CalibrationSettings>;

/** Mean, sd and the 5/25/50/75/95th percentiles of a parameter's distribution. */
export const Spread = z.strictObject({
  mean: z.number(),
  sd: z.number(),
  p5: z.number(),
  p25: z.number(),
  p50: z.number(),
  p75: z.number(),
  p95: z.number(),
});

export const CalibratedParameter = z.strictObject({
  id: z.string(),
  /** Exact, from the parameter's distribution. */
  prior: Spread,
  /** From the posterior sample. */
  posterior: Spread,
});

export const ObservationFit = z.strictObject({
  variable: z.string(),
  time: z.number(),
  relative_to: z.number().optional(),
  /** `year`: the variable's integral over [time, time + 1], as targets compare it. */
  over: z.enum(['year']).optional(),
  value: z.number(),
  /** `sd` (normal error), `log_sd` (lognormal error) or `tolerance` (relative band). */
  error: z.enum(['sd', 'log_sd', 'tolerance']),
  width: z.number(),
  source: z.string().optional(),
  /** Where the observation is written: `observations[0].points[3]`, `targets[2]`. */
  at: z.string(),
  /** Share of prior trials that fit: inside the band, or within 1.96 error sds. */
  prior_fit: z.number(),
  posterior_fit: z.number(),
  /** Median of the model's value over prior trials and over the posterior sample; null when not finite. */
  prior_p50: z.number().nullable(),
  posterior_p50: z.number().nullable(),
});

export const CalibrationRound = z.strictObject({
  /** The band tolerance of the round, in units of each band (1: every band exactly); null where no band applies (the prior round, adaptive importance rounds). */
  tolerance: z.number().nullable(),
  proposals: z.number(),
  accepted: z.number(),
  acceptance_rate: z.number(),
  /** Effective sample size of the round's weighted particles. */
  ess: z.number(),
});

export const CalibrationResult = z.strictObject({
  scenario: z.string(),
  /** `importance` (likelihoods only), `abc-smc` (with bands). */
  method: z.enum(['importance', 'abc-smc']),
  trials: z.number(),
  seed: z.number(),
  model_runs: z.number(),
  rounds: z.array(CalibrationRound),
  /** Effective sample size of the final weights, before resampling. */
  ess: z.number(),
  parameters: z.array(CalibratedParameter),
  observations: z.array(ObservationFit),
  warnings: z.array(z.string()),
  /** The posterior: `trials` joint draws of the calibrated parameters (what `--out` writes as CSV). */
  sample: z.strictObject({ columns: z.array(z.string()), rows: z.array(z.array(z.number())) }),
  provenance: z.strictObject({
    engine: z.string(),
    document_sha256: z.string(),
    seed: z.number(),
    trials: z.number(),
    elapsed_ms: z.number(),
  }),
});
export type CalibrationResult = z.infer<typeof CalibrationResult>;
