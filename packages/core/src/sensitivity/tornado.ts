/*
 * One at a time: the output with every uncertain per-trial parameter at its
 * median, then with each in turn at its low and high percentile. Nothing is
 * random: per-step parameters are held at their medians at every step and
 * Poisson shocks at their median event count (see median-events.ts), so the
 * 2D + 1 runs are deterministic probes of the model.
 */
import type { Problem } from '../errors.js';
import type { Model } from '../model/model.js';
import { normalCdf, normalQuantile, quantile } from '../random/distributions.js';
import { err, ok, type Result } from '../result.js';
import { medianEvents } from './median-events.js';
import type { ShockTreatment, TornadoBar, TornadoPartner, TornadoResult } from './document.js';
import type { SensitivityPlan } from './plan.js';

type TornadoBody = Pick<
  TornadoResult,
  'percentiles' | 'base' | 'bars' | 'shocks' | 'step_parameters' | 'notes' | 'runs'
>;

const pLabel = (p: number): string => `p${Number((p * 100).toPrecision(12))}`;

export function runTornado(model: Model, plan: SensitivityPlan): Result<TornadoBody, Problem[]> {
  const { parameters, shocks, time } = model;
  const [pLo, pHi] = plan.percentiles;
  const medians = parameters.map((p) => quantile(p.distribution, 0.5));
  // Per-step and per-event parameters: their median at every step, for every event.
  const steps = parameters.map((p, i) => (p.per === 'trial' ? undefined : [medians[i]!]));
  const slotToParameter = new Map(parameters.map((p, i) => [p.slot, i]));
  const targetStep = time.reportSteps[plan.atIndex]!;
  const outSlot = model.symbols.get(plan.output)!.slot;
  const runner = model.probe();

  const shockRate = (s: Model['shocks'][number], trial: ArrayLike<number>): number | undefined => {
    if (s.rate === undefined) return undefined;
    return 'value' in s.rate ? s.rate.value : trial[slotToParameter.get(s.rate.slot)!]!;
  };
  const eventsOf = (trial: ArrayLike<number>) =>
    shocks.map((s) => {
      const rate = shockRate(s, trial);
      if (rate === undefined) return undefined;
      return medianEvents(rate, Math.max(time.start, s.from), Math.min(time.end, s.until), s.maxEvents);
    });

  let runs = 0;
  const evaluate = (trial: Float64Array, what: string): Result<number, Problem[]> => {
    runs++;
    let value = NaN;
    const stopped = runner.run({ trial, steps, shocks: eventsOf(trial) }, (k, v) => {
      if (k !== targetStep) return false;
      value = v[outSlot]!;
      return true;
    });
    if (stopped === targetStep && Number.isFinite(value)) return ok(value);
    return err([nonFinite(model, runner.values, what)]);
  };

  const base = evaluate(Float64Array.from(medians), 'every parameter at its median');
  if (!base.ok) return base;

  const correlation = model.correlation;
  const bars: TornadoBar[] = [];
  for (const factor of plan.factors) {
    const i = factor.parameters[0]!;
    const p = parameters[i]!;
    const partners = partnersOf(model, i);
    const setting = (prob: number) => {
      const trial = Float64Array.from(medians);
      trial[i] = quantile(p.distribution, prob);
      const z = normalQuantile(prob);
      // Under the Gaussian copula, a partner's conditional median given this
      // parameter's normal score z is its own quantile at Phi(r z).
      for (const { index, r } of partners) trial[index] = quantile(parameters[index]!.distribution, normalCdf(r * z));
      return trial;
    };
    const lo = setting(pLo);
    const hi = setting(pHi);
    const yLo = evaluate(lo, `${p.id} at its ${pLabel(pLo)}`);
    if (!yLo.ok) return yLo;
    const yHi = evaluate(hi, `${p.id} at its ${pLabel(pHi)}`);
    if (!yHi.ok) return yHi;
    const unit = model.symbols.get(p.id)?.unit;
    const movedWith: TornadoPartner[] = partners.map(({ index }) => ({
      parameter: parameters[index]!.id,
      low: lo[index]!,
      high: hi[index]!,
    }));
    bars.push({
      parameter: p.id,
      ...(unit !== undefined ? { unit } : {}),
      median: medians[i]!,
      low: lo[i]!,
      high: hi[i]!,
      output_low: yLo.value,
      output_high: yHi.value,
      swing: Math.abs(yHi.value - yLo.value),
      moved_with: movedWith,
    });
  }
  // Stable: equal swings keep declaration order.
  bars.sort((a, b) => b.swing - a.swing);

  const baseEvents = eventsOf(medians);
  const shockTreatments: ShockTreatment[] = shocks.map((s, k) => {
    if (s.rate === undefined) return { shock: s.id, treatment: 'fixed', events: Array.from(s.at ?? []) };
    return { shock: s.id, treatment: 'median', rate: shockRate(s, medians)!, events: baseEvents[k]! };
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
  if (correlation !== undefined) {
    notes.push(
      'correlated parameters move with the one varied, to their conditional medians under the Gaussian copula (moved_with)',
    );
  }
  return ok({
    percentiles: [pLo, pHi],
    base: base.value,
    bars,
    shocks: shockTreatments,
    step_parameters: stepParameters,
    notes,
    runs,
  });
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
