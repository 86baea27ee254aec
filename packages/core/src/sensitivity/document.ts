import { z } from 'zod';

/**
 * What `foresight sensitivity` is asked (and `POST /sensitivity` carries
 * besides the scenario): the single definition of valid settings.
 */
export const SensitivitySettings = z.strictObject({
  /** The stock, variable (or other recorded symbol) whose drivers are wanted. */
  output: z.string().min(1),
  /** A reporting time; default the last one. */
  at: z.number().optional(),
  /** Default `tornado`. */
  method: z.enum(['tornado', 'sobol']).optional(),
  /** Sobol only: N, the rows of each base matrix; N * (D + 2) model runs for D factors. Default 1024. */
  samples: z.int().min(2, { message: 'at least 2' }).max(1_000_000, { message: 'at most 1000000' }).optional(),
  /** Sobol only: bootstrap resamples for the confidence intervals. Default 1000. */
  resamples: z.int().min(10, { message: 'at least 10' }).max(100_000, { message: 'at most 100000' }).optional(),
  /** Sobol only: indices at every reporting time too. */
  over_time: z.boolean().optional(),
  /** Default the scenario's seed, else 1. */
  seed: z.int().optional(),
  /** Tornado only: the low and high percentile each parameter is set to. Default [0.1, 0.9]. */
  percentiles: z
    .tuple([z.number(), z.number()])
    .refine(([lo, hi]) => lo > 0 && lo < hi && hi < 1, {
      message: 'percentiles are [low, high] with 0 < low < high < 1',
    })
    .optional(),
});

/** An estimate that is null where it is undefined (an output that does not vary). */
const Estimate = z.number().nullable();

const Provenance = z.strictObject({
  engine: z.string(),
  document_sha256: z.string(),
  elapsed_ms: z.number(),
});

const common = {
  scenario: z.string(),
  title: z.string().optional(),
  output: z.string(),
  unit: z.string().optional(),
  /** The reporting time the headline figures are for. */
  at: z.number(),
  seed: z.number(),
  /** Model runs made (trials simulated). */
  runs: z.number(),
  /** How inputs were treated (shocks, per-step parameters, correlations, sampling), for people. */
  notes: z.array(z.string()),
  /** What makes the figures less trustworthy (too few samples, an output that does not vary). */
  warnings: z.array(z.string()),
  provenance: Provenance,
};

/** A correlated partner of the varied parameter, at its conditional medians. */
export const TornadoPartner = z.strictObject({
  parameter: z.string(),
  /** Its value when the varied parameter is at its low percentile. */
  low: z.number(),
  high: z.number(),
});

export const TornadoBar = z.strictObject({
  parameter: z.string(),
  unit: z.string().optional(),
  median: z.number(),
  /** The parameter's low and high percentiles (`percentiles`). */
  low: z.number(),
  high: z.number(),
  /** The output with the parameter at `low` (every other at its median). */
  output_low: z.number(),
  output_high: z.number(),
  /** |output_high - output_low|; bars are sorted by it, largest first. */
  swing: z.number(),
  /** Parameters correlated with this one, moved to their conditional medians with it. */
  moved_with: z.array(TornadoPartner),
});

export const ShockTreatment = z.strictObject({
  shock: z.string(),
  /**
   * `fixed`: its own `at` times. `median`: a Poisson shock's median event
   * count over its window cut to the horizon (capped at `max_events`), at the
   * expected times given that count, from + k (until - from) / (n + 1); the
   * count follows its rate parameter when that is the one moved.
   */
  treatment: z.enum(['fixed', 'median']),
  /** `median` only: events per year with every parameter at its median. */
  rate: z.number().optional(),
  /** Event times with every parameter at its median. */
  events: z.array(z.number()),
});

export const TornadoResult = z.strictObject({
  method: z.literal('tornado'),
  ...common,
  percentiles: z.tuple([z.number(), z.number()]),
  /** The output with every parameter at its median. */
  base: z.number(),
  bars: z.array(TornadoBar),
  shocks: z.array(ShockTreatment),
  /** Per-step parameters, held at their median at every step. */
  step_parameters: z.array(z.strictObject({ parameter: z.string(), median: z.number() })),
});

/** An index with its bootstrap confidence interval. */
export const SobolIndex = z.strictObject({ estimate: Estimate, low: Estimate, high: Estimate });

export const SobolFactor = z.strictObject({
  /** The parameter's id, or a correlated group's ids joined by ` + `. */
  id: z.string(),
  parameters: z.array(z.string()),
  /** First-order index S_i: the share of variance the factor explains alone. */
  first: SobolIndex,
  /** Total index ST_i: its share including every interaction. */
  total: SobolIndex,
});

/** One factor's indices along `over_time.times`. */
export const SobolSeries = z.strictObject({
  id: z.string(),
  first: z.array(Estimate),
  first_low: z.array(Estimate),
  first_high: z.array(Estimate),
  total: z.array(Estimate),
  total_low: z.array(Estimate),
  total_high: z.array(Estimate),
});

export const SobolOverTime = z.strictObject({
  times: z.array(z.number()),
  mean: z.array(z.number()),
  variance: z.array(z.number()),
  /** In the order of `factors`. */
  factors: z.array(SobolSeries),
});

export const SobolResult = z.strictObject({
  method: z.literal('sobol'),
  ...common,
  /** N: rows of each base matrix. */
  samples: z.number(),
  resamples: z.number(),
  /** Coverage of the intervals: 0.95. */
  confidence: z.number(),
  /** Mean and variance of the output at `at` over the rows of A and B. */
  mean: z.number(),
  variance: z.number(),
  /** Sorted by total index at `at`, largest first. */
  factors: z.array(SobolFactor),
  over_time: SobolOverTime.optional(),
});

export const SensitivityResult = z.discriminatedUnion('method', [TornadoResult, SobolResult]);

export type SensitivitySettings = z.infer<typeof SensitivitySettings>;
export type TornadoPartner = z.infer<typeof TornadoPartner>;
export type TornadoBar = z.infer<typeof TornadoBar>;
export type ShockTreatment = z.infer<typeof ShockTreatment>;
export type TornadoResult = z.infer<typeof TornadoResult>;
export type SobolIndex = z.infer<typeof SobolIndex>;
export type SobolFactor = z.infer<typeof SobolFactor>;
export type SobolSeries = z.infer<typeof SobolSeries>;
export type SobolOverTime = z.infer<typeof SobolOverTime>;
export type SobolResult = z.infer<typeof SobolResult>;
export type SensitivityResult = z.infer<typeof SensitivityResult>;
