import { z } from 'zod';

/**
 * The scenario format, version 1: the single definition from which the
 * TypeScript types, the JSON Schema files and the HTTP validation all come.
 * Checks that need the whole document (the shared namespace, expressions,
 * cycles) live in the compiler; this schema checks shape and local consistency.
 * Every key carries a title, a description and examples (`about`): they
 * become the hovers an editor shows through `foresight schema`.
 */

export const ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const SCENARIO_ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/** Names that would collide with JavaScript object machinery if used as keys. */
export const RESERVED_IDS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const finite = () => z.number();
const text = () => z.string();

/** What an editor shows for a key or a form: a title, a sentence or two, and examples of what to write. */
function about<T extends z.ZodType>(schema: T, title: string, description: string, examples?: readonly unknown[]): T {
  return schema.meta({ title, description, ...(examples ? { examples: [...examples] } : {}) });
}

const Id = z
  .string()
  .regex(ID_PATTERN, { message: 'an id starts with a letter or _ and has only letters, digits and _' })
  .refine((s) => !RESERVED_IDS.has(s), { message: 'this name is reserved' });

const Unit = about(text(), 'Unit', 'The unit of measure, for people: tables and charts show it.', [
  'people',
  'USD/year',
]);
const Source = about(text(), 'Source', 'Where the number comes from: a figure of a report, or why it is assumed.', [
  'report S2.1',
  'assumption: labour pool',
]);
const Description = about(text(), 'Description', 'What this is, in words, for people.', ['Hiring of chip designers']);
const Label = about(text(), 'Label', 'The display name an imported model gave the entity; output columns show it.', [
  'Tech Workforce',
]);

const Annotations = {
  label: Label.optional(),
  unit: Unit.optional(),
  source: Source.optional(),
  description: Description.optional(),
};

const Per = about(
  z.enum(['trial', 'step', 'event']),
  'Drawn per',
  '`trial` (the default): drawn once per trial and held; `step`: drawn afresh at every time step (noise); ' +
    '`event`: drawn afresh for every event of the shock whose `severity` names it (expressions cannot read it).',
  ['trial', 'step', 'event'],
).optional();

/** A distribution's name: the key that tells the forms apart. */
const dist = <D extends string>(name: D, what: string) =>
  about(z.literal(name), 'Distribution', `\`${name}\`: ${what}.`, [name]);

/** Optional bounds that cut a distribution's tails off (sampled without rejection loops). */
const Truncation = {
  min: about(finite(), 'Lower bound', 'Truncates the distribution: no draw falls below it.', [0]).optional(),
  max: about(finite(), 'Upper bound', 'Truncates the distribution: no draw rises above it.', [1]).optional(),
};

const p5 = (extra = '') =>
  about(finite(), '5th percentile', `5% of draws fall below it (given with p95)${extra}.`, [0.2]).optional();
const p95 = about(
  finite(),
  '95th percentile',
  '95% of draws fall below it (given with p5; p5 < p95).',
  [0.35],
).optional();

export const ConstantParameter = about(
  z.strictObject({
    value: about(finite(), 'Value', "The parameter's value.", [38e9]),
    per: Per,
    ...Annotations,
  }),
  'Constant',
  'A fixed value, with its unit, source and description.',
  [{ value: 38e9, unit: 'USD/year', source: 'report H2' }],
);

export const UniformParameter = about(
  z.strictObject({
    dist: dist('uniform', 'every value between min and max equally likely'),
    min: about(finite(), 'Minimum', 'The smallest value (min <= max).', [0.1]),
    max: about(finite(), 'Maximum', 'The largest value.', [0.3]),
    per: Per,
    ...Annotations,
  }),
  'Uniform distribution',
  'Every value between min and max is equally likely (min <= max).',
  [{ dist: 'uniform', min: 0.1, max: 0.3 }],
).refine((p) => p.min <= p.max, { message: 'uniform needs min <= max', path: ['max'] });

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

export const NormalParameter = about(
  z.strictObject({
    dist: dist('normal', 'bell-shaped around its mean'),
    mean: about(finite(), 'Mean', 'The centre of the bell (given with sd).', [0.28]).optional(),
    sd: about(
      finite(),
      'Standard deviation',
      'The spread (> 0, given with mean): about 95% of draws lie within 2 sd.',
      [0.03],
    ).optional(),
    p5: p5(),
    p95,
    ...Truncation,
    per: Per,
    ...Annotations,
  }),
  'Normal distribution',
  'Bell-shaped: given by mean and sd, or by its 5th and 95th percentiles p5 and p95 (one form, not both); ' +
    'optional min and max truncate it.',
  [
    { dist: 'normal', mean: 0.28, sd: 0.03 },
    { dist: 'normal', p5: 0.2, p95: 0.35, min: 0 },
  ],
).superRefine((p, ctx) => {
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

export const LognormalParameter = about(
  z.strictObject({
    dist: dist('lognormal', 'positive and skewed to the right; its logarithm is normal'),
    mu: about(
      finite(),
      'Log mean',
      'The mean of the logarithm (given with sigma); exp(mu) is the median.',
      [15.2],
    ).optional(),
    sigma: about(
      finite(),
      'Log standard deviation',
      'The standard deviation of the logarithm (> 0, given with mu).',
      [0.25],
    ).optional(),
    p5: p5('; > 0'),
    p95,
    ...Truncation,
    per: Per,
    ...Annotations,
  }),
  'Log-normal distribution',
  'Positive and right-skewed (its logarithm is normal): given by mu and sigma of the logarithm, or by its 5th and ' +
    '95th percentiles p5 > 0 and p95 (one form, not both); optional min (>= 0) and max truncate it.',
  [
    { dist: 'lognormal', p5: 4e6, p95: 9e6, unit: 'people' },
    { dist: 'lognormal', mu: 15.2, sigma: 0.25 },
  ],
).superRefine((p, ctx) => {
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

const modeForm = (name: 'triangular' | 'pert', title: string, what: string) =>
  about(
    z.strictObject({
      dist: dist(name, what),
      min: about(finite(), 'Minimum', 'The smallest value.', [0.05]),
      mode: about(finite(), 'Mode', 'The most likely value (min <= mode <= max).', [0.2]),
      max: about(finite(), 'Maximum', 'The largest value (min < max).', [0.5]),
      per: Per,
      ...Annotations,
    }),
    title,
    `${what[0]!.toUpperCase()}${what.slice(1)} (min <= mode <= max, min < max).`,
    [{ dist: name, min: 0.05, mode: 0.2, max: 0.5 }],
  ).superRefine((p, ctx) => {
    if (!(p.min <= p.mode && p.mode <= p.max)) {
      ctx.addIssue({ code: 'custom', message: `${name} needs min <= mode <= max`, path: ['mode'] });
    }
    if (!(p.min < p.max)) ctx.addIssue({ code: 'custom', message: `${name} needs min < max`, path: ['max'] });
  });

export const TriangularParameter = modeForm(
  'triangular',
  'Triangular distribution',
  'between min and max, most likely at mode, with straight sides',
);
export const PertParameter = modeForm(
  'pert',
  'PERT distribution',
  'a beta-PERT (lambda 4) between min and max, most likely at mode: smoother than a triangle, thinner tails',
);

export const BernoulliParameter = about(
  z.strictObject({
    dist: dist('bernoulli', '1 with probability p, else 0'),
    p: about(finite().min(0).max(1), 'Probability', 'The probability of drawing 1, from 0 to 1.', [0.3]),
    per: Per,
    ...Annotations,
  }),
  'Bernoulli distribution',
  '1 with probability p, else 0: whether an event happens.',
  [{ dist: 'bernoulli', p: 0.3 }],
);

export const DiscreteParameter = about(
  z.strictObject({
    dist: dist('discrete', 'one of the listed values'),
    values: about(z.array(finite()).min(1), 'Values', 'The values a draw can take (at least one).', [[1, 2, 3]]),
    weights: about(
      z.array(finite().min(0)),
      'Weights',
      'Relative weights, one per value, non-negative with a positive sum (default: all equal).',
      [[0.5, 0.3, 0.2]],
    ).optional(),
    per: Per,
    ...Annotations,
  }),
  'Discrete distribution',
  'One of the listed values, drawn with the given weights.',
  [{ dist: 'discrete', values: [1, 2, 3], weights: [0.5, 0.3, 0.2] }],
).superRefine((p, ctx) => {
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

export const Parameter = about(
  z.union([about(finite(), 'Constant', 'A fixed value.', [0.28]), ConstantParameter, DistributionParameter]),
  'Parameter',
  'A number, `{ value }`, or a distribution: `dist:` uniform, normal, lognormal, triangular, pert, bernoulli or discrete.',
  [0.28, { dist: 'normal', mean: 0.28, sd: 0.03, source: 'report S2.1' }],
);

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

export const Series = about(
  z.strictObject({
    points: about(
      z
        .record(TimeKey, finite())
        .refine((r) => Object.keys(r).length > 0, { message: 'a series needs points' })
        .superRefine(distinctTimes),
      'Points',
      'Values at times, `time: value`; before the first and after the last time the series holds that value.',
      [{ 2024: 1000, 2026: 5000, 2030: 20000 }],
    ),
    interpolate: about(
      z.enum(['linear', 'step']),
      'Interpolation',
      '`linear` (the default): straight lines between points; `step`: each value holds until the next point.',
      ['linear', 'step'],
    ).optional(),
    ...Annotations,
  }),
  'Series',
  'A value given at listed times; the symbol is its value at the current t.',
  [{ points: { 2024: 1000, 2026: 5000, 2030: 20000 }, interpolate: 'linear' }],
);

export const Lookup = about(
  z.strictObject({
    points: about(
      z
        .array(z.tuple([finite(), finite()]))
        .min(1)
        .superRefine((pts, ctx) => {
          for (let i = 1; i < pts.length; i++) {
            if (!(pts[i]![0] > pts[i - 1]![0])) {
              ctx.addIssue({ code: 'custom', message: 'lookup x values must be strictly increasing', path: [i, 0] });
            }
          }
        }),
      'Points',
      '`[x, y]` pairs, x strictly increasing (see interpolate and extrapolate for what lies between and beyond).',
      [
        [
          [0, 0],
          [5, 0.3],
          [10, 0.9],
          [15, 1],
        ],
      ],
    ),
    interpolate: about(
      z.enum(['linear', 'step']),
      'Interpolation',
      "`linear` (the default): straight lines between points; `step`: each point's y until the next x.",
      ['linear', 'step'],
    ).optional(),
    extrapolate: about(
      z.enum(['hold', 'linear']),
      'Extrapolation',
      'Outside the points: `hold` the end values (the default), or `linear`: continue the end segments.',
      ['hold', 'linear'],
    ).optional(),
    ...Annotations,
  }),
  'Lookup table',
  'A curve y(x), called as a function of one argument: `adoption(t - 2020)`.',
  [
    {
      points: [
        [0, 0],
        [5, 0.3],
        [10, 0.9],
        [15, 1],
      ],
    },
  ],
);

export const Expression = z.string().min(1, { message: 'an expression cannot be empty' });

/** A number or a formula, with what it means here. */
const formula = (title: string, description: string, examples: readonly unknown[]) =>
  about(z.union([finite(), Expression]), title, description, examples);

export const Stock = about(
  z.strictObject({
    initial: formula(
      'Initial value',
      "The value at the start: a number, or an expression of parameters, series, constants and other stocks' initial " +
        'values, evaluated once per trial.',
      [1e6, 'workforce_2020 * 0.4'],
    ),
    inflow: formula('Inflow', 'What flows in, per year: an expression evaluated at every step (default 0).', [
      'workforce * growth * (1 - workforce / ceiling)',
    ]).optional(),
    outflow: formula('Outflow', 'What flows out, per year: an expression evaluated at every step (default 0).', [
      'workforce * 0.02',
    ]).optional(),
    min: about(
      finite(),
      'Floor',
      'After each step the stock is raised to at least this (0 keeps it non-negative).',
      [0],
    ).optional(),
    max: about(finite(), 'Ceiling', 'After each step the stock is lowered to at most this.', [1e7]).optional(),
    ...Annotations,
  }),
  'Stock',
  'An accumulation: S(t + dt) = S(t) + dt * (inflow - outflow) with Euler steps (`time.method: rk4` integrates ' +
    'with Runge-Kutta), then kept within min and max.',
  [{ initial: 1e6, inflow: 'workforce * growth', outflow: 'workforce * 0.02', min: 0, unit: 'people' }],
).superRefine((s, ctx) => {
  if (s.min !== undefined && s.max !== undefined && !(s.min <= s.max)) {
    ctx.addIssue({ code: 'custom', message: 'a stock needs min <= max', path: ['max'] });
  }
});

export const Variable = about(
  z.union([
    about(Expression, 'Expression', 'The formula, evaluated at every step.', ['vc_2025 * 1.05 ^ (t - 2025)']),
    about(finite(), 'Constant', 'A fixed value.', [0.05]),
    about(
      z.strictObject({
        expr: formula('Expression', 'The formula, evaluated at every step.', ['vc_2025 * 1.05 ^ (t - 2025)']),
        ...Annotations,
      }),
      'Variable with annotations',
      'The formula under `expr`, with its unit, source and description.',
      [{ expr: 'vc_2025 * 1.05 ^ (t - 2025)', unit: 'USD/year' }],
    ),
  ]),
  'Variable',
  'A value computed at every step from the others: an expression, a number, or `{ expr, unit, description }`.',
  ['fleet_plan * adoption(t - 2020)', { expr: 'vc_2025 * 1.05 ^ (t - 2025)', unit: 'USD/year' }],
);

export const Shock = about(
  z.strictObject({
    at: about(z.array(finite()), 'Event times', 'Fixed times at which an event happens (instead of rate).', [
      [2027, 2031],
    ]).optional(),
    rate: about(
      z.union([finite().min(0), Id]),
      'Rate',
      'Random (Poisson) events per year over [start, end], instead of at: a number, or the id of a per-trial parameter.',
      [0.2, 'decoupling_rate'],
    ).optional(),
    from: about(
      finite(),
      'Window opens',
      'Events count only from this time on; Poisson events are drawn from it, so a higher rate never moves one before it.',
      [2026],
    ).optional(),
    until: about(finite(), 'Window closes', 'Events count only up to this time (after from).', [2030]).optional(),
    half_life: about(
      z.union([finite(), Id]),
      'Half-life',
      "Years for an event's weight to halve (> 0), or the id of a per-trial parameter drawn above 0; without it an " +
        'event counts fully for ever.',
      [3, 'decoupling_half_life'],
    ).optional(),
    severity: about(
      z.union([finite(), Id]),
      'Severity',
      "Each event's weight (default 1): a number, or the id of a per-trial parameter (one weight a trial) or of a " +
        '`per: event` parameter (a weight drawn for each event, from a stream of its own).',
      [0.3, 'decoupling_severity'],
    ).optional(),
    max_events: about(z.int().min(0), 'Most events', 'At most this many events in one trial.', [3]).optional(),
    ...Annotations,
  }),
  'Shock',
  'Events at fixed times (`at`) or at random (`rate`), inside the window [from, until]; the symbol is the intensity ' +
    'at t: each past event adds its severity, decaying by half every half_life years.',
  [
    { rate: 0.2, half_life: 3, max_events: 3 },
    { at: [2027], half_life: 2 },
    { rate: 'decoupling_rate', from: 2026, half_life: 'decoupling_half_life', severity: 'decoupling_severity' },
  ],
).superRefine((s, ctx) => {
  if ((s.at === undefined) === (s.rate === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'a shock takes exactly one of at: [times] or rate' });
  }
  if (typeof s.half_life === 'number' && !(s.half_life > 0)) {
    ctx.addIssue({ code: 'custom', message: 'half_life must be > 0', path: ['half_life'] });
  }
  if (s.from !== undefined && s.until !== undefined && !(s.from < s.until)) {
    ctx.addIssue({ code: 'custom', message: `the window needs from < until (from ${s.from})`, path: ['until'] });
  }
});

export const Time = about(
  z.strictObject({
    start: about(finite(), 'Start', 'The first simulated time (a year, say).', [2020]),
    end: about(finite(), 'End', 'The last simulated time: after start, a whole number of steps of dt away.', [2035]),
    dt: about(
      finite(),
      'Time step',
      'The integration step (> 0, default 1); smaller is more accurate and slower.',
      [0.25, 1],
    ).optional(),
    report: about(
      finite(),
      'Reporting interval',
      'Results are recorded at start, start + report, ..., end (default 1); a whole multiple of dt.',
      [1],
    ).optional(),
    method: about(
      z.enum(['euler', 'rk4']),
      'Integration method',
      '`euler` (the default) or `rk4`, classic fourth-order Runge-Kutta: how stocks are advanced over a step.',
      ['euler', 'rk4'],
    ).optional(),
  }),
  'Time',
  'The simulated span: start, end, the step dt and the reporting interval report.',
  [{ start: 2020, end: 2035, dt: 0.25, report: 1 }],
).superRefine((t, ctx) => {
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

/**
 * What a target (or an observation) compares, per trial, before the statistic
 * over trials is taken: the value at `time` (the default), or with
 * `over: year` its integral over the year [time, time + 1]: a flow's total
 * over the year (USD/year gives USD), a level's average over it.
 */
export const Over = about(
  z.enum(['year']),
  'Over',
  "`year`: compare the integral over [time, time + 1] instead of the value at time: a flow's total over the year, " +
    "a level's average (time + 1 must be a reporting time).",
  ['year'],
);

export const Target = about(
  z.strictObject({
    variable: about(Id, 'Variable', 'The id whose statistic is compared (any recordable id).', ['workforce']),
    time: about(finite(), 'Time', 'A reporting time at which to compare.', [2025]),
    value: about(finite(), 'Expected value', 'The figure the statistic should reproduce.', [3.436]),
    tolerance: about(
      finite().min(0),
      'Tolerance',
      'The relative difference allowed (default 0.05: within 5% of value).',
      [0.05],
    ).optional(),
    stat: about(Stat, 'Statistic', '`p50` (the default), `mean`, or any quantile such as `p5` or `p97.5`.', [
      'p50',
      'mean',
    ]).optional(),
    relative_to: about(
      finite(),
      'Relative to',
      'A reporting time: compare the statistic at time divided by the same statistic at this time.',
      [2020],
    ).optional(),
    over: Over.optional(),
    source: Source.optional(),
    description: Description.optional(),
  }),
  'Target',
  "A figure a run must reproduce: the run's statistic of variable at time (divided by the one at relative_to) within " +
    'tolerance of value.',
  [
    { variable: 'workforce', time: 2025, relative_to: 2020, value: 3.436, tolerance: 0.05, source: 'report S2.1' },
    { variable: 'vc_inflow', time: 2025, over: 'year', value: 38e9, source: 'report H2' },
  ],
).superRefine((t, ctx) => {
  const q = t.stat?.startsWith('p') ? Number(t.stat.slice(1)) : undefined;
  if (q !== undefined && !(q >= 0 && q <= 100)) {
    ctx.addIssue({ code: 'custom', message: 'a quantile stat lies between p0 and p100', path: ['stat'] });
  }
});

const AssumptionName = about(text(), 'Name', 'What the assumption says, in words; reports show it.', [
  'workforce stays positive',
]);

/**
 * Evidence a calibration conditions the per-trial parameters on (an addition
 * to format 1): shaped like a target, but compared trial by trial. One point
 * (`time`, `value`) or a series (`points`, or a CSV `file` beside the
 * scenario that the command line reads into `points`), with one error model:
 * a normal error `sd`, a lognormal error `log_sd`, or a relative band
 * `tolerance` (the default, 0.05, as for targets).
 */
export const Observation = about(
  z.strictObject({
    variable: about(Id, 'Variable', 'The id observed (any recordable id).', ['workforce']),
    time: about(finite(), 'Time', 'A reporting time: one observed point (with value).', [2024]).optional(),
    value: about(finite(), 'Value', 'The observed value at time.', [2.9e6]).optional(),
    points: about(
      z
        .array(z.array(finite()).min(2).max(3), { error: 'points is a list of [time, value] or [time, value, sd]' })
        .min(1),
      'Points',
      'A series instead of one point: [time, value] or [time, value, sd] (a normal error of its own).',
      [
        [
          [2022, 300],
          [2023, 1200, 150],
        ],
      ],
    ).optional(),
    file: about(
      text(),
      'Series file',
      'A CSV beside the scenario with a header time,value or time,value,sd: the command line reads it into points.',
      ['history.csv'],
    ).optional(),
    sd: about(finite().gt(0), 'Normal error', 'The sd of a normal error around value.', [100]).optional(),
    log_sd: about(finite().gt(0), 'Lognormal error', 'The sd of a normal error on the log of value.', [0.1]).optional(),
    tolerance: about(
      finite().gt(0),
      'Band',
      'A relative band: the trial fits when it is within this share of value (the default, 0.05).',
      [0.05],
    ).optional(),
    relative_to: about(
      finite(),
      'Relative to',
      'A reporting time: compare the value at time divided by the value at this time.',
      [2020],
    ).optional(),
    over: Over.optional(),
    source: Source.optional(),
    description: Description.optional(),
  }),
  'Observation',
  'Evidence `foresight calibrate` conditions the parameters on: a point or a series, with one error model.',
  [
    { variable: 'vc_inflow', time: 2024, value: 41e9, log_sd: 0.15, source: 'PitchBook' },
    { variable: 'robotaxi_fleet', file: 'fleet-history.csv', sd: 200 },
  ],
).superRefine((o, ctx) => {
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
export const ParametersFrom = about(
  z.union([
    text(),
    z.strictObject({
      file: about(text(), 'Sample file', 'The CSV the sample was read from.', ['baseline-posterior.csv']).optional(),
      columns: about(z.array(Id).min(1), 'Columns', 'The parameter ids of the sample, in column order.', [
        ['ev_ceiling_multiple', 'tech_share_2025'],
      ]),
      rows: about(z.array(z.array(finite())).min(1), 'Rows', 'One draw per row, a value per column.', [
        [
          [3.18, 0.0918],
          [2.95, 0.0874],
        ],
      ]),
    }),
  ]),
  'Parameters from a sample',
  'A CSV beside the scenario (a header of parameter ids, one row per draw, as `foresight calibrate --out` writes): ' +
    'each trial takes one whole row. The command line reads it into { file, columns, rows }.',
  ['baseline-posterior.csv'],
);

export const HoldsAssumption = about(
  z.strictObject({
    name: AssumptionName,
    holds: about(
      Expression,
      'Condition',
      'An expression that must be true (non-zero) at every step of every trial, for every parameter value in range.',
      ['workforce > 0'],
    ),
    description: Description.optional(),
  }),
  'Condition that holds',
  'A condition checked by `foresight check` over the whole parameter space.',
  [{ name: 'workforce stays positive', holds: 'workforce > 0' }],
);

export const MonotoneAssumption = about(
  z.strictObject({
    name: AssumptionName,
    monotone: about(
      z.strictObject({
        output: about(Id, 'Output', 'The id whose value is watched.', ['vc_inflow']),
        at: about(finite(), 'Time', 'The reporting time at which it is watched.', [2035]),
        in: about(Id, 'Parameter', 'The per-trial parameter that is raised, everything else fixed.', ['severity']),
        direction: about(
          z.enum(['increasing', 'decreasing']),
          'Direction',
          '`increasing`: raising the parameter never lowers the output; `decreasing`: never raises it.',
          ['increasing', 'decreasing'],
        ),
      }),
      'Monotone',
      'Raising parameter `in`, everything else fixed, never moves `output` at time `at` against `direction`.',
      [{ output: 'vc_inflow', at: 2035, in: 'severity', direction: 'decreasing' }],
    ),
    description: Description.optional(),
  }),
  'Monotone response',
  'A direction of effect checked by `foresight check`.',
  [
    {
      name: 'decoupling never raises VC',
      monotone: { output: 'vc_inflow', at: 2035, in: 'severity', direction: 'decreasing' },
    },
  ],
);

export const Assumption = about(
  z.union([HoldsAssumption, MonotoneAssumption]),
  'Assumption',
  '`{ name, holds }` or `{ name, monotone }`, checked by `foresight check`.',
  [{ name: 'workforce stays positive', holds: 'workforce > 0' }],
);

/**
 * A rank correlation between two per-trial parameters (an addition to format
 * 1: documents without it are unchanged). `rho` is Spearman's rank
 * correlation, realised through a Gaussian copula so each marginal stays
 * exactly as declared; the compiler checks the ids and that all pairs
 * together form a positive definite matrix.
 */
export const Correlation = about(
  z.strictObject({
    between: about(
      z.tuple([Id, Id], { error: 'between names two parameters: [a, b]' }),
      'Between',
      'The two per-trial parameters correlated: `[a, b]`.',
      [['growth', 'ceiling']],
    ),
    rho: about(
      finite()
        .gt(-1, { message: 'rho lies strictly between -1 and 1' })
        .lt(1, { message: 'rho lies strictly between -1 and 1' }),
      'Rank correlation',
      "Spearman's rho, strictly between -1 and 1.",
      [0.6, -0.3],
    ),
    source: Source.optional(),
    description: Description.optional(),
  }),
  'Correlation',
  'A rank correlation between two per-trial parameters; each keeps its own distribution.',
  [{ between: ['growth', 'ceiling'], rho: 0.6 }],
).refine((c) => c.between[0] !== c.between[1], {
  message: 'a correlation is between two different parameters',
  path: ['between', 1],
});

const ScenarioFields = {
  format: about(z.literal(1), 'Format', 'The version of the scenario format: 1.', [1]),
  id: about(
    z.string().regex(SCENARIO_ID_PATTERN, { message: 'a scenario id is lower-case letters, digits and -' }),
    'Scenario id',
    'Lower-case letters, digits and -, unique in its folder; the file name without extension by convention.',
    ['baseline', 'policy-push'],
  ),
  title: about(text(), 'Title', 'A one-line name for people; never inherited through extends.', [
    'Talent pool with a decoupling risk',
  ]).optional(),
  description: about(text(), 'Description', 'What the scenario is about, for people; never inherited.', [
    'Workforce grows toward a ceiling; decoupling shocks cut VC.',
  ]).optional(),
  extends: about(
    z.string().regex(SCENARIO_ID_PATTERN, { message: 'extends names a scenario id' }),
    'Extends',
    'The id of a parent scenario in the same folder: its document is merged under this one (maps key by key, ' +
      'other values replaced, null removes a key; id, title and description are never inherited).',
    ['baseline'],
  ).optional(),
  time: Time,
  trials: about(
    z.int().min(1),
    'Trials',
    'Monte Carlo trials of a run (default 1000); --trials overrides it.',
    [2000],
  ).optional(),
  seed: about(
    z.int(),
    'Seed',
    'The random seed (default 1): the same document and seed give the same numbers on any machine.',
    [7],
  ).optional(),
  parameters: about(
    z.record(Id, Parameter),
    'Parameters',
    'Inputs by id: constants and distributions, drawn once per trial (or every step with `per: step`).',
    [{ growth: { dist: 'normal', mean: 0.28, sd: 0.03 }, vc_2025: { value: 38e9, unit: 'USD/year' } }],
  ).optional(),
  correlations: about(
    z.array(Correlation),
    'Correlations',
    'Rank correlations between per-trial parameters (a Gaussian copula: every marginal stays as declared).',
    [[{ between: ['growth', 'ceiling'], rho: 0.6 }]],
  ).optional(),
  series: about(z.record(Id, Series), 'Series', 'Values given at listed times, by id.', [
    { fleet_plan: { points: { 2024: 1000, 2026: 5000 }, interpolate: 'linear' } },
  ]).optional(),
  lookups: about(z.record(Id, Lookup), 'Lookups', 'Curves y(x) by id, called as functions of one argument.', [
    {
      adoption: {
        points: [
          [0, 0],
          [10, 0.9],
          [15, 1],
        ],
      },
    },
  ]).optional(),
  stocks: about(z.record(Id, Stock), 'Stocks', 'Accumulations by id: an initial value, inflows and outflows.', [
    { workforce: { initial: 1e6, inflow: 'workforce * growth', min: 0, unit: 'people' } },
  ]).optional(),
  variables: about(
    z.record(Id, Variable),
    'Variables',
    'Values computed at every step by id, in dependency order (a cycle is an error).',
    [{ fleet: 'fleet_plan * adoption(t - 2020)' }],
  ).optional(),
  shocks: about(
    z.record(Id, Shock),
    'Shocks',
    'Events by id, at fixed times or at random; the id is their intensity.',
    [{ decoupling: { rate: 0.2, half_life: 3, max_events: 3 } }],
  ).optional(),
  outputs: about(
    z.array(Id),
    'Outputs',
    'The ids to report: stocks, variables, parameters, series or shocks (default: every stock and variable).',
    [['workforce', 'vc_inflow']],
  ).optional(),
  quantiles: about(
    z.array(finite().gt(0).lt(1)).min(1),
    'Quantiles',
    'The quantiles to report, each strictly between 0 and 1 (default 0.05, 0.25, 0.5, 0.75, 0.95).',
    [[0.05, 0.5, 0.95]],
  ).optional(),
  targets: about(z.array(Target), 'Targets', 'Figures a run must reproduce; a run reports each as pass or fail.', [
    [{ variable: 'workforce', time: 2025, relative_to: 2020, value: 3.436, tolerance: 0.05 }],
  ]).optional(),
  observations: about(
    z.array(Observation),
    'Observations',
    'Evidence `foresight calibrate` conditions the per-trial parameters on; runs ignore it.',
    [[{ variable: 'workforce', time: 2025, relative_to: 2020, value: 3.436, tolerance: 0.05 }]],
  ).optional(),
  parameters_from: ParametersFrom.optional(),
  assumptions: about(
    z.array(Assumption),
    'Assumptions',
    'Statements `foresight check` searches for counterexamples over the parameter ranges.',
    [[{ name: 'workforce stays positive', holds: 'workforce > 0' }]],
  ).optional(),
};

/** A complete, self-standing (resolved) scenario document. */
export const ScenarioDocument = about(
  z.strictObject(ScenarioFields),
  'Foresight scenario, format 1',
  'A scenario of the Foresight simulation engine: parameters, stocks, variables and shocks over a time span, with ' +
    'the outputs, targets and assumptions to report and check.',
);

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
