import { z } from 'zod';

/**
 * The scenario format, version 1: the single definition from which the
 * TypeScript types, the JSON Schema file and the HTTP validation all come.
 * Checks that need the whole document (the shared namespace, expressions,
 * cycles) live in the compiler; this schema checks shape and local consistency.
 */

export const ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const SCENARIO_ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/** Names that would collide with JavaScript object machinery if used as keys. */
export const RESERVED_IDS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const finite = () => z.number();
const text = () => z.string();

const Id = z
  .string()
  .regex(ID_PATTERN, { message: 'an id starts with a letter or _ and has only letters, digits and _' })
  .refine((s) => !RESERVED_IDS.has(s), { message: 'this name is reserved' });

const Annotations = {
  /** The display name an imported model gave the entity (output columns show it). */
  label: text().optional(),
  unit: text().optional(),
  source: text().optional(),
  description: text().optional(),
};

const Per = z.enum(['trial', 'step']).optional();

const Bounds = { min: finite().optional(), max: finite().optional() };

export const ConstantParameter = z.strictObject({ value: finite(), per: Per, ...Annotations });

export const UniformParameter = z
  .strictObject({ dist: z.literal('uniform'), min: finite(), max: finite(), per: Per, ...Annotations })
  .refine((p) => p.min <= p.max, { message: 'uniform needs min <= max', path: ['max'] });

function checkTwoForms(
  p: Record<string, unknown>,
  forms: readonly (readonly string[])[],
  ctx: z.RefinementCtx,
  name: string,
): void {
  const given = forms.filter((f) => f.some((k) => p[k] !== undefined));
  const complete = forms.filter((f) => f.every((k) => p[k] !== undefined));
  const alternatives = forms.map((f) => `{ ${f.join(', ')} }`).join(' or ');
  if (given.length !== 1 || complete.length !== 1) {
    ctx.addIssue({ code: 'custom', message: `${name} takes exactly one of ${alternatives}` });
  }
}

function checkBounds(p: { min?: number | undefined; max?: number | undefined }, ctx: z.RefinementCtx): void {
  if (p.min !== undefined && p.max !== undefined && !(p.min < p.max)) {
    ctx.addIssue({ code: 'custom', message: 'truncation bounds need min < max', path: ['max'] });
  }
}

export const NormalParameter = z
  .strictObject({
    dist: z.literal('normal'),
    mean: finite().optional(),
    sd: finite().optional(),
    p5: finite().optional(),
    p95: finite().optional(),
    ...Bounds,
    per: Per,
    ...Annotations,
  })
  .superRefine((p, ctx) => {
    checkTwoForms(
      p,
      [
        ['mean', 'sd'],
        ['p5', 'p95'],
      ],
      ctx,
      'normal',
    );
    if (p.sd !== undefined && !(p.sd > 0)) ctx.addIssue({ code: 'custom', message: 'sd must be > 0', path: ['sd'] });
    if (p.p5 !== undefined && p.p95 !== undefined && !(p.p5 < p.p95)) {
      ctx.addIssue({ code: 'custom', message: 'p5 must be < p95', path: ['p95'] });
    }
    checkBounds(p, ctx);
  });

export const LognormalParameter = z
  .strictObject({
    dist: z.literal('lognormal'),
    mu: finite().optional(),
    sigma: finite().optional(),
    p5: finite().optional(),
    p95: finite().optional(),
    ...Bounds,
    per: Per,
    ...Annotations,
  })
  .superRefine((p, ctx) => {
    checkTwoForms(
      p,
      [
        ['mu', 'sigma'],
        ['p5', 'p95'],
      ],
      ctx,
      'lognormal',
    );
    if (p.sigma !== undefined && !(p.sigma > 0)) {
      ctx.addIssue({ code: 'custom', message: 'sigma must be > 0', path: ['sigma'] });
    }
    if (p.p5 !== undefined && !(p.p5 > 0)) ctx.addIssue({ code: 'custom', message: 'p5 must be > 0', path: ['p5'] });
    if (p.p5 !== undefined && p.p95 !== undefined && !(p.p5 < p.p95)) {
      ctx.addIssue({ code: 'custom', message: 'p5 must be < p95', path: ['p95'] });
    }
    if (p.min !== undefined && p.min < 0) ctx.addIssue({ code: 'custom', message: 'min must be >= 0', path: ['min'] });
    checkBounds(p, ctx);
  });

const modeForm = (name: 'triangular' | 'pert') =>
  z
    .strictObject({ dist: z.literal(name), min: finite(), mode: finite(), max: finite(), per: Per, ...Annotations })
    .superRefine((p, ctx) => {
      if (!(p.min <= p.mode && p.mode <= p.max)) {
        ctx.addIssue({ code: 'custom', message: `${name} needs min <= mode <= max`, path: ['mode'] });
      }
      if (!(p.min < p.max)) ctx.addIssue({ code: 'custom', message: `${name} needs min < max`, path: ['max'] });
    });

export const TriangularParameter = modeForm('triangular');
export const PertParameter = modeForm('pert');

export const BernoulliParameter = z.strictObject({
  dist: z.literal('bernoulli'),
  p: finite().min(0).max(1),
  per: Per,
  ...Annotations,
});

export const DiscreteParameter = z
  .strictObject({
    dist: z.literal('discrete'),
    values: z.array(finite()).min(1),
    weights: z.array(finite().min(0)).optional(),
    per: Per,
    ...Annotations,
  })
  .superRefine((p, ctx) => {
    if (p.weights === undefined) return;
    if (p.weights.length !== p.values.length) {
      ctx.addIssue({ code: 'custom', message: 'weights needs one weight per value', path: ['weights'] });
    } else if (!(p.weights.reduce((a, b) => a + b, 0) > 0)) {
      ctx.addIssue({ code: 'custom', message: 'weights need a positive sum', path: ['weights'] });
    }
  });

export const DistributionParameter = z.discriminatedUnion('dist', [
  UniformParameter,
  NormalParameter,
  LognormalParameter,
  TriangularParameter,
  PertParameter,
  BernoulliParameter,
  DiscreteParameter,
]);

export const Parameter = z.union([finite(), ConstantParameter, DistributionParameter]);

/** Series point keys are times written as map keys (YAML numbers or JSON strings). */
const TimeKey = z
  .string()
  .regex(/^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/, { message: 'a series point key is a time (a number)' })
  .refine((k) => Number.isFinite(Number(k)), { message: 'a series point time must be a finite number' });

/** Two keys that are one time (`2024` and `"2024.0"`) would leave one point silently unused. */
function distinctTimes(points: Record<string, number>, ctx: z.RefinementCtx): void {
  const seen = new Map<number, string>();
  for (const key of Object.keys(points)) {
    const prior = seen.get(Number(key));
    if (prior !== undefined)
      ctx.addIssue({ code: 'custom', message: `'${key}' is the same time as '${prior}'`, path: [key] });
    else seen.set(Number(key), key);
  }
}

export const Series = z.strictObject({
  points: z
    .record(TimeKey, finite())
    .refine((r) => Object.keys(r).length > 0, { message: 'a series needs points' })
    .superRefine(distinctTimes),
  interpolate: z.enum(['linear', 'step']).optional(),
  ...Annotations,
});

export const Lookup = z.strictObject({
  points: z
    .array(z.tuple([finite(), finite()]))
    .min(1)
    .superRefine((pts, ctx) => {
      for (let i = 1; i < pts.length; i++) {
        if (!(pts[i]![0] > pts[i - 1]![0])) {
          ctx.addIssue({ code: 'custom', message: 'lookup x values must be strictly increasing', path: [i, 0] });
        }
      }
    }),
  /** Between points: `linear` (the default), or `step` (each point's y until the next x). */
  interpolate: z.enum(['linear', 'step']).optional(),
  /** Outside the points: `hold` the end values (the default), or continue the end segments (`linear`). */
  extrapolate: z.enum(['hold', 'linear']).optional(),
  ...Annotations,
});

export const Expression = z.string().min(1, { message: 'an expression cannot be empty' });

export const Stock = z
  .strictObject({
    initial: z.union([finite(), Expression]),
    inflow: z.union([finite(), Expression]).optional(),
    outflow: z.union([finite(), Expression]).optional(),
    ...Bounds,
    ...Annotations,
  })
  .superRefine((s, ctx) => {
    if (s.min !== undefined && s.max !== undefined && !(s.min <= s.max)) {
      ctx.addIssue({ code: 'custom', message: 'a stock needs min <= max', path: ['max'] });
    }
  });

export const Variable = z.union([
  Expression,
  finite(),
  z.strictObject({ expr: z.union([finite(), Expression]), ...Annotations }),
]);

export const Shock = z
  .strictObject({
    at: z.array(finite()).optional(),
    rate: z.union([finite().min(0), Id]).optional(),
    half_life: finite().optional(),
    max_events: z.int().min(0).optional(),
    ...Annotations,
  })
  .superRefine((s, ctx) => {
    if ((s.at === undefined) === (s.rate === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a shock takes exactly one of at: [times] or rate' });
    }
    if (s.half_life !== undefined && !(s.half_life > 0)) {
      ctx.addIssue({ code: 'custom', message: 'half_life must be > 0', path: ['half_life'] });
    }
  });

export const Time = z
  .strictObject({
    start: finite(),
    end: finite(),
    dt: finite().optional(),
    report: finite().optional(),
    /** How stocks are integrated: Euler (the default) or classic fourth-order Runge-Kutta. */
    method: z.enum(['euler', 'rk4']).optional(),
  })
  .superRefine((t, ctx) => {
    const dt = t.dt ?? 1;
    const report = t.report ?? 1;
    if (!(t.end > t.start)) ctx.addIssue({ code: 'custom', message: 'time.end must be > time.start', path: ['end'] });
    if (!(dt > 0)) ctx.addIssue({ code: 'custom', message: 'dt must be > 0', path: ['dt'] });
    if (!(report > 0)) ctx.addIssue({ code: 'custom', message: 'report must be > 0', path: ['report'] });
    if (!(dt > 0 && report > 0 && t.end > t.start)) return;
    if (!isWhole(report / dt)) {
      ctx.addIssue({
        code: 'custom',
        message: `report (${report}) must be a whole multiple of dt (${dt})`,
        path: ['report'],
      });
    }
    if (!isWhole((t.end - t.start) / dt)) {
      ctx.addIssue({
        code: 'custom',
        message: `end - start must be a whole number of steps of dt (${dt})`,
        path: ['end'],
      });
    }
  });

/** Whole up to floating-point noise (0.3 / 0.1 is 2.9999999999999996). */
export function isWhole(x: number): boolean {
  return Number.isFinite(x) && Math.abs(x - Math.round(x)) <= 1e-9 * Math.max(1, Math.abs(x));
}

const Stat = z.string().regex(/^(mean|p\d+(\.\d+)?)$/, { message: 'stat is mean or a quantile such as p50 or p97.5' });

export const Target = z
  .strictObject({
    variable: Id,
    time: finite(),
    value: finite(),
    tolerance: finite().min(0).optional(),
    stat: Stat.optional(),
    relative_to: finite().optional(),
    source: text().optional(),
    description: text().optional(),
  })
  .superRefine((t, ctx) => {
    const q = t.stat?.startsWith('p') ? Number(t.stat.slice(1)) : undefined;
    if (q !== undefined && !(q >= 0 && q <= 100)) {
      ctx.addIssue({ code: 'custom', message: 'a quantile stat lies between p0 and p100', path: ['stat'] });
    }
  });

/**
 * Evidence a calibration conditions the per-trial parameters on (an addition
 * to format 1): shaped like a target, but compared trial by trial. One point
 * (`time`, `value`) or a series (`points`, or a CSV `file` beside the
 * scenario that the command line reads into `points`), with one error model:
 * a normal error `sd`, a lognormal error `log_sd`, or a relative band
 * `tolerance` (the default, 0.05, as for targets).
 */
export const Observation = z
  .strictObject({
    variable: Id,
    time: finite().optional(),
    value: finite().optional(),
    points: z
      .array(z.array(finite()).min(2).max(3), { error: 'points is a list of [time, value] or [time, value, sd]' })
      .min(1)
      .optional(),
    file: text().optional(),
    sd: finite().gt(0).optional(),
    log_sd: finite().gt(0).optional(),
    tolerance: finite().gt(0).optional(),
    relative_to: finite().optional(),
    source: text().optional(),
    description: text().optional(),
  })
  .superRefine((o, ctx) => {
    const point = o.time !== undefined || o.value !== undefined;
    const series = o.points !== undefined || o.file !== undefined;
    if (point === series) {
      ctx.addIssue({
        code: 'custom',
        message: 'an observation is one point (time and value) or a series (points, or a CSV file)',
      });
    } else if (point && (o.time === undefined || o.value === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a point observation takes both time and value' });
    }
    const errors = [o.sd, o.log_sd, o.tolerance].filter((e) => e !== undefined).length;
    if (errors > 1) {
      ctx.addIssue({ code: 'custom', message: 'an observation takes one error model: sd, log_sd or tolerance' });
    }
    (o.points ?? []).forEach((p, i) => {
      if (p.length === 3 && !(p[2]! > 0)) {
        ctx.addIssue({ code: 'custom', message: "a point's sd must be > 0", path: ['points', i, 2] });
      }
      if (p.length === 3 && (o.log_sd !== undefined || o.tolerance !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          message: 'a point with its own sd takes a normal error: drop log_sd or tolerance',
          path: ['points', i, 2],
        });
      }
    });
  });

/**
 * Per-trial parameters drawn jointly from a sample (a calibration's
 * posterior): a CSV file beside the scenario, which the command line reads
 * into `columns` and `rows`. Each trial takes one whole row, chosen from the
 * trial's own stream.
 */
export const ParametersFrom = z.union([
  text(),
  z.strictObject({
    file: text().optional(),
    columns: z.array(Id).min(1),
    rows: z.array(z.array(finite())).min(1),
  }),
]);

export const HoldsAssumption = z.strictObject({
  name: text(),
  holds: Expression,
  description: text().optional(),
});

export const MonotoneAssumption = z.strictObject({
  name: text(),
  monotone: z.strictObject({
    output: Id,
    at: finite(),
    in: Id,
    direction: z.enum(['increasing', 'decreasing']),
  }),
  description: text().optional(),
});

export const Assumption = z.union([HoldsAssumption, MonotoneAssumption]);

/**
 * A rank correlation between two per-trial parameters (an addition to format
 * 1: documents without it are unchanged). `rho` is Spearman's rank
 * correlation, realised through a Gaussian copula so each marginal stays
 * exactly as declared; the compiler checks the ids and that all pairs
 * together form a positive definite matrix.
 */
export const Correlation = z
  .strictObject({
    between: z.tuple([Id, Id], { error: 'between names two parameters: [a, b]' }),
    rho: finite()
      .gt(-1, { message: 'rho lies strictly between -1 and 1' })
      .lt(1, { message: 'rho lies strictly between -1 and 1' }),
    source: text().optional(),
    description: text().optional(),
  })
  .refine((c) => c.between[0] !== c.between[1], {
    message: 'a correlation is between two different parameters',
    path: ['between', 1],
  });

const ScenarioFields = {
  format: z.literal(1),
  id: z.string().regex(SCENARIO_ID_PATTERN, { message: 'a scenario id is lower-case letters, digits and -' }),
  title: text().optional(),
  description: text().optional(),
  extends: z.string().regex(SCENARIO_ID_PATTERN, { message: 'extends names a scenario id' }).optional(),
  time: Time,
  trials: z.int().min(1).optional(),
  seed: z.int().optional(),
  parameters: z.record(Id, Parameter).optional(),
  correlations: z.array(Correlation).optional(),
  series: z.record(Id, Series).optional(),
  lookups: z.record(Id, Lookup).optional(),
  stocks: z.record(Id, Stock).optional(),
  variables: z.record(Id, Variable).optional(),
  shocks: z.record(Id, Shock).optional(),
  outputs: z.array(Id).optional(),
  quantiles: z.array(finite().gt(0).lt(1)).min(1).optional(),
  targets: z.array(Target).optional(),
  observations: z.array(Observation).optional(),
  parameters_from: ParametersFrom.optional(),
  assumptions: z.array(Assumption).optional(),
};

/** A complete, self-standing (resolved) scenario document. */
export const ScenarioDocument = z.strictObject(ScenarioFields);

export type ScenarioDocument = z.infer<typeof ScenarioDocument>;
export type ParameterSpec = z.infer<typeof Parameter>;
export type StockSpec = z.infer<typeof Stock>;
export type VariableSpec = z.infer<typeof Variable>;
export type ShockSpec = z.infer<typeof Shock>;
export type SeriesSpec = z.infer<typeof Series>;
export type LookupSpec = z.infer<typeof Lookup>;
export type TargetSpec = z.infer<typeof Target>;
export type ObservationSpec = z.infer<typeof Observation>;
export type ParametersFromSpec = z.infer<typeof ParametersFrom>;
export type AssumptionSpec = z.infer<typeof Assumption>;
export type CorrelationSpec = z.infer<typeof Correlation>;
export type TimeSpec = z.infer<typeof Time>;
