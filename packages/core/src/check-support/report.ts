import { z } from 'zod';

/**
 * The report of `foresight check` (`checkAssumptions` in @foresight/check):
 * every assumption of a scenario, holding or violated with the smallest
 * counterexample the property search found. Deterministic for one seed.
 */
export const CheckCounterexample = z.strictObject({
  /** Per-trial parameter values (shrunk toward each parameter's median). */
  parameters: z.record(z.string(), z.number()),
  /** Per-step parameter sequences, one value per step. */
  step_parameters: z.record(z.string(), z.array(z.number())),
  /** Per-event parameter sequences (a shock's severity), one value per event; present when the scenario has one. */
  event_parameters: z.record(z.string(), z.array(z.number())).optional(),
  /** Event times of each Poisson shock (shrunk toward fewer events). */
  shocks: z.record(z.string(), z.array(z.number())),
  /** Time of the first violation (`holds`) or the comparison time `at` (`monotone`). */
  time: z.number(),
  /** Values there of the symbols in the condition, or of the output in the lower and higher run. Null when not finite. */
  values: z.record(z.string(), z.number().nullable()),
  /** `monotone` only: the two values of the parameter `in` and the output in each run. */
  pair: z
    .strictObject({
      parameter: z.string(),
      lo: z.number(),
      hi: z.number(),
      output: z.string(),
      output_lo: z.number().nullable(),
      output_hi: z.number().nullable(),
    })
    .optional(),
});

export const AssumptionResult = z.strictObject({
  name: z.string(),
  kind: z.enum(['holds', 'monotone']),
  /** The condition (`holds`) or a description of the relation (`monotone`). */
  statement: z.string(),
  status: z.enum(['holds', 'violated']),
  /** Property runs made (before shrinking). */
  runs: z.number(),
  /** Shrink steps taken to reach the counterexample. */
  shrinks: z.number(),
  counterexample: CheckCounterexample.optional(),
  note: z.string().optional(),
});

export const CheckReport = z.strictObject({
  scenario: z.string(),
  seed: z.number(),
  runs: z.number(),
  /** Trials simulated in all (runs, shrinking and re-runs; a monotone run is two). */
  trials: z.number(),
  assumptions: z.array(AssumptionResult),
  violated: z.number(),
});

export type CheckCounterexample = z.infer<typeof CheckCounterexample>;
export type AssumptionResult = z.infer<typeof AssumptionResult>;
export type CheckReport = z.infer<typeof CheckReport>;
