/*
 * One at a time: the output with every uncertain per-trial parameter at its
 * median, then with each in turn at its low and high percentile. Nothing is
 * random: per-step parameters are held at their medians at every step and
 * Poisson shocks at their median event count (see median-events.ts), so the
 * 2D + 1 runs are deterministic probes of the model.
 */
import type { Problem } from '../errors.js';
import type { Model, ProbeRunner } from '../model/model.js';
import { normalCdf, normalQuantile, quantile } from '../random/distributions.js';
import { err, ok, type Result } from '../result.js';
import { medianEvents } from './median-events.js';
import type { ShockTreatment, TornadoBar, TornadoPartner, TornadoResult } from './document.js';
import type { SensitivityPlan } from './plan.js';

export type TornadoBody = Pick<
  TornadoResult,
  'percentiles' | 'base' | 'bars' | 'shocks' | 'step_parameters' | 'notes' | 'runs'
>;

const pLabel = (p: number): string => `p${Number((p * 100).toPrecision(12))}`;

/**
 * The 2D + 1 probes of a tornado, as one thread runs them: probe 0 has every
 * parameter at its median, probes 2k + 1 and 2k + 2 factor k at its low and
 * high percentile (correlated partners at their conditional medians). Each
 * is a pure function of its index, so any range of them runs anywhere.
 */
export interface TornadoProbes {
  readonly count: number;
  readonly medians: Float64Array;
  /** The per-trial parameter values of probe i. */
  input(i: number): Float64Array;
  /** Probe i in words, for a problem about it. */
  what(i: number): string;
}

export function tornadoProbes(model: Model, plan: SensitivityPlan): TornadoProbes {
  const { parameters } = model;
  const [pLo, pHi] = plan.percentiles;
  const medians = Float64Array.from(parameters, (p) => quantile(p.distribution, 0.5));
  const partners = plan.factors.map((f) => partnersOf(model, f.parameters[0]!));
  return {
    count: 2 * plan.factors.length + 1,
    medians,
    input(i) {
      const trial = Float64Array.from(medians);
      if (i === 0) return trial;
      const k = (i - 1) >> 1;
      const prob = i % 2 === 1 ? pLo : pHi;
      const index = plan.factors[k]!.parameters[0]!;
      trial[index] = quantile(parameters[index]!.distribution, prob);
      const z = normalQuantile(prob);
      // Under the Gaussian copula, a partner's conditional median given this
      // parameter's normal score z is its own quantile at Phi(r z).
      for (const { index: j, r } of partners[k]!) trial[j] = quantile(parameters[j]!.distribution, normalCdf(r * z));
      return trial;
    },
    what(i) {
      if (i === 0) return 'every parameter at its median';
      const p = parameters[plan.factors[(i - 1) >> 1]!.parameters[0]!]!;
      return `${p.id} at its ${pLabel(i % 2 === 1 ? pLo : pHi)}`;
    },
  };
}

/** Event times of every Poisson shock at its median count, given the probe's parameter values. */
function eventsOf(model: Model, trial: ArrayLike<number>): (number[] | undefined)[] {
  const { time } = model;
  return model.shocks.map((s) => {
    const rate = shockRate(model, s, trial);
    return rate === undefined
      ? undefined
      : medianEvents(rate, Math.max(time.start, s.from), Math.min(time.end, s.until), s.maxEvents);
  });
}

function shockRate(model: Model, s: Model['shocks'][number], trial: ArrayLike<number>): number | undefined {
  if (s.rate === undefined) return undefined;
  if ('value' in s.rate) return s.rate.value;
  const slot = s.rate.slot;
  return trial[model.parameters.findIndex((p) => p.slot === slot)]!;
}

/** The output of probe i, or the problem of a value that was not finite. */
export function evaluateProbe(
  model: Model,
  plan: SensitivityPlan,
  probes: TornadoProbes,
  runner: ProbeRunner,
  i: number,
): Result<number, Problem[]> {
  // Per-step and per-event parameters: their median at every step, for every event.
  const steps = model.parameters.map((p, k) => (p.per === 'trial' ? undefined : [probes.medians[k]!]));
  const targetStep = model.time.reportSteps[plan.atIndex]!;
  const outSlot = model.symbols.get(plan.output)!.slot;
  const trial = probes.input(i);
  let value = NaN;
  const stopped = runner.run({ trial, steps, shocks: eventsOf(model, trial) }, (k, v) => {
    if (k !== targetStep) return false;
    value = v[outSlot]!;
    return true;
  });
  if (stopped === targetStep && Number.isFinite(value)) return ok(value);
  return err([nonFinite(model, runner.values, probes.what(i))]);
}

/** The tornado from the output of every probe (`values[i]` of probe i). */
export function tornadoBody(
  model: Model,
  plan: SensitivityPlan,
  probes: TornadoProbes,
  values: Float64Array,
): TornadoBody {
  const { parameters, shocks } = model;
  const [pLo, pHi] = plan.percentiles;
  const medians = probes.medians;
  const bars: TornadoBar[] = plan.factors.map((factor, k) => {
    const i = factor.parameters[0]!;
    const p = parameters[i]!;
    const lo = probes.input(2 * k + 1);
    const hi = probes.input(2 * k + 2);
    const yLo = values[2 * k + 1]!;
    const yHi = values[2 * k + 2]!;
    const unit = model.symbols.get(p.id)?.unit;
    const movedWith: TornadoPartner[] = partnersOf(model, i).map(({ index }) => ({
      parameter: parameters[index]!.id,
      low: lo[index]!,
      high: hi[index]!,
    }));
    return {
      parameter: p.id,
      ...(unit !== undefined ? { unit } : {}),
      median: medians[i]!,
      low: lo[i]!,
      high: hi[i]!,
      output_low: yLo,
      output_high: yHi,
      swing: Math.abs(yHi - yLo),
      moved_with: movedWith,
    };
  });
  // Stable: equal swings keep declaration order.
  bars.sort((a, b) => b.swing - a.swing);

  const baseEvents = eventsOf(model, medians);
  const shockTreatments: ShockTreatment[] = shocks.map((s, k) => {
    if (s.rate === undefined) return { shock: s.id, treatment: 'fixed', events: Array.from(s.at ?? []) };
    return { shock: s.id, treatment: 'median', rate: shockRate(model, s, medians)!, events: baseEvents[k]! };
  });
  const stepParameters = parameters.flatMap((p, i) =>
    p.per === 'step' ? [{ parameter: p.id, median: medians[i]! }] : [],
  );

  const notes = [
    `each per-trial parameter with a spread at its ${pLabel(pLo)} and ${pLabel(pHi)}, every other at its median; ` +
      `${plan.output} at t = ${plan.at}`,
  ];
  if (stepParameters.length > 0) {
    notes.push(
      `per-step parameters held at their median at every step: ${stepParameters.map((s) => s.parameter).join(', ')}`,
    );
  }
  const eventParameters = parameters.filter((p) => p.per === 'event').map((p) => p.id);
  if (eventParameters.length > 0) {
    notes.push(`per-event parameters held at their median for every event: ${eventParameters.join(', ')}`);
  }
  if (shockTreatments.some((s) => s.treatment === 'median')) {
    notes.push(
      'Poisson shocks at the median of their event count over their window cut to the horizon (capped at max_events), ' +
        'at the expected times given that count, from + k (until - from) / (n + 1); the count follows a rate parameter ' +
        'when that is the one moved',
    );
  }
  if (model.correlation !== undefined) {
    notes.push(
      'correlated parameters move with the one varied, to their conditional medians under the Gaussian copula (moved_with)',
    );
  }
  return {
    percentiles: [pLo, pHi],
    base: values[0]!,
    bars,
    shocks: shockTreatments,
    step_parameters: stepParameters,
    notes,
    runs: probes.count,
  };
}

/** Parameters directly correlated with parameter `i`, with their normal-score correlation to it. */
function partnersOf(model: Model, i: number): { index: number; r: number }[] {
  const c = model.correlation;
  if (c === undefined) return [];
  const a = c.members.indexOf(i);
  if (a < 0) return [];
  const n = c.members.length;
  return c.members.flatMap((index, b) =>
    b !== a && c.normal[a * n + b] !== 0 ? [{ index, r: c.normal[a * n + b]! }] : [],
  );
}

function nonFinite(model: Model, values: Float64Array, what: string): Problem {
  const bad = model.evaluated.find((s) => !Number.isFinite(values[s.slot]!));
  const id = bad?.id ?? '?';
  const section = bad?.kind === 'stock' ? 'stocks' : 'variables';
  const pos = model.source.locate([section, id]);
  return {
    code: 'non-finite',
    message: `${bad?.kind ?? 'value'} '${id}' is ${values[bad?.slot ?? 0]} at t=${values[0]} with ${what}`,
    file: pos.file,
    path: [section, id],
    line: pos.line,
    column: pos.column,
  };
}
