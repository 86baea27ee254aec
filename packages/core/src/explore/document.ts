import { z } from 'zod';

/**
 * What `foresight explore` is asked (and `POST /explore` carries besides the
 * scenario): the single definition of valid settings.
 */
export const ExploreSettings = z.strictObject({
  /** The cases of interest: `id@time < value` (also <=, >, >=). */
  where: z.string().min(1).max(200),
  /** Trials to explore; default the scenario's trials, else 1000. */
  trials: z.int().min(20, { message: 'at least 20' }).max(10_000_000).optional(),
  seed: z.int().optional(),
  /** Share of the box's points each peel removes (default 0.05). */
  peel: z.number().gt(0).max(0.5).optional(),
  /** Smallest box, as a share of the trials (default 0.05). */
  min_mass: z.number().gt(0).lt(1).optional(),
  /** Bootstrap resamples for each restriction's stability (default 20; 0 for none). */
  bootstrap: z.int().min(0).max(1000).optional(),
});
export type ExploreSettings = z.infer<typeof ExploreSettings>;

export const Condition = z.strictObject({
  variable: z.string(),
  time: z.number(),
  op: z.enum(['<', '<=', '>', '>=']),
  value: z.number(),
});
export type Condition = z.infer<typeof Condition>;

export const TradeOffPoint = z.strictObject({
  coverage: z.number(),
  density: z.number(),
  mass: z.number(),
  /** Inputs the box restricts. */
  restricted: z.number(),
});

export const Restriction = z.strictObject({
  input: z.string(),
  /** The box keeps min < input < max; null where that end is open. */
  min: z.number().nullable(),
  max: z.number().nullable(),
  /** The input's range over all trials. */
  range: z.tuple([z.number(), z.number()]),
  /** One-sided hypergeometric p-value: the box's cases by chance within the box without this restriction. */
  p_value: z.number(),
  /** Share of bootstrap resamples whose box restricts this input too; null without a bootstrap. */
  stability: z.number().nullable(),
});

export const ExploreResult = z.strictObject({
  scenario: z.string(),
  where: Condition,
  trials: z.number(),
  seed: z.number(),
  /** Trials meeting the condition, and their share. */
  cases: z.number(),
  share: z.number(),
  /** The inputs explored: every drawn per-trial parameter and each shock's event count (`<shock>_events`). */
  inputs: z.array(z.string()),
  peel: z.number(),
  min_mass: z.number(),
  bootstrap: z.number(),
  /** Peeling's boxes, from all trials to the smallest. */
  trajectory: z.array(TradeOffPoint),
  /** The trajectory's box that was chosen (highest harmonic mean of coverage and density) before pasting and pruning. */
  chosen: z.number(),
  box: z.strictObject({
    coverage: z.number(),
    density: z.number(),
    mass: z.number(),
    restrictions: z.array(Restriction),
  }),
  provenance: z.strictObject({
    engine: z.string(),
    document_sha256: z.string(),
    seed: z.number(),
    trials: z.number(),
    elapsed_ms: z.number(),
  }),
});
export type ExploreResult = z.infer<typeof ExploreResult>;

/** `robotaxi_fleet@2030 < 20000` as a condition, or a message saying what is wrong. */
export function parseCondition(text: string): Condition | string {
  const m =
    /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*@\s*([-+]?[0-9.]+(?:[eE][-+]?\d+)?)\s*(<=|>=|<|>)\s*([-+]?[0-9.]+(?:[eE][-+]?\d+)?)\s*$/.exec(
      text,
    );
  if (!m)
    return `'${text}' is not a condition such as 'robotaxi_fleet@2030 < 20000' (id@time, then <, <=, > or >=, then a number)`;
  const time = Number(m[2]);
  const value = Number(m[4]);
  if (!Number.isFinite(time) || !Number.isFinite(value)) return `'${text}': the time and the value are numbers`;
  return { variable: m[1]!, time, op: m[3] as Condition['op'], value };
}

export function holds(c: Condition, v: number): boolean {
  switch (c.op) {
    case '<':
      return v < c.value;
    case '<=':
      return v <= c.value;
    case '>':
      return v > c.value;
    case '>=':
      return v >= c.value;
  }
}
