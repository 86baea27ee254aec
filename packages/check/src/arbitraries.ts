import fc from 'fast-check';
import { quantile, type Distribution, type Model, type ParameterModel } from '@foresight/core';

/** The searched range of one parameter and the value shrinking moves toward. */
export interface ParameterRange {
  readonly lo: number;
  readonly hi: number;
  readonly median: number;
  /** Discrete choices (bernoulli, discrete), nearest the median first. */
  readonly choices: readonly number[] | undefined;
}

const finiteOr = (x: number, fallback: number) => (Number.isFinite(x) ? x : fallback);

/** Doubles a counterexample can report: a quantile past the largest double would print as null in JSON. */
const toFinite = (x: number, fallback: number) =>
  Number.isNaN(x) ? fallback : Math.min(Number.MAX_VALUE, Math.max(-Number.MAX_VALUE, x));

/**
 * A parameter's range: its bounds, or its 0.1%-99.9% quantiles where it is
 * unbounded (a log-normal's natural floor 0 counts as unbounded), never
 * beyond the largest finite doubles (`sd: 1e308` has infinite quantiles)
 * and never NaN.
 */
export function parameterRange(d: Distribution): ParameterRange {
  const r = rawRange(d);
  const lo = toFinite(r.lo, -Number.MAX_VALUE);
  const hi = toFinite(r.hi, Number.MAX_VALUE);
  // Far in a tail (mean 1e308, truncated to [0, 1e308]) the quantiles can be NaN: search the middle of the bounds.
  return { ...r, lo, hi, median: toFinite(r.median, lo / 2 + hi / 2) };
}

function rawRange(d: Distribution): ParameterRange {
  const q = (p: number) => quantile(d, p);
  switch (d.kind) {
    case 'constant':
      return { lo: d.value, hi: d.value, median: d.value, choices: undefined };
    case 'bernoulli':
    case 'discrete': {
      const values = d.kind === 'bernoulli' ? [0, 1] : [...new Set(d.values)];
      const median = q(0.5);
      const choices = [...values].sort((a, b) => Math.abs(a - median) - Math.abs(b - median) || a - b);
      return { lo: Math.min(...values), hi: Math.max(...values), median, choices };
    }
    case 'normal':
    case 'lognormal': {
      const lowBounded = Number.isFinite(d.min) && (d.kind === 'normal' || d.min > 0);
      const lo = lowBounded ? d.min : finiteOr(q(0.001), d.min);
      const hi = Number.isFinite(d.max) ? d.max : q(0.999);
      return { lo, hi, median: Math.min(hi, Math.max(lo, q(0.5))), choices: undefined };
    }
    default: {
      const lo = d.min;
      const hi = d.max;
      return { lo, hi, median: Math.min(hi, Math.max(lo, q(0.5))), choices: undefined };
    }
  }
}

/** u in [-1, 1] (0 the median, ±1 the edges) to a value of the range. */
export function fromUnit(r: ParameterRange, u: number): number {
  if (r.choices) return r.choices[Math.min(r.choices.length - 1, Math.round(Math.abs(u) * (r.choices.length - 1)))]!;
  if (u === 0) return r.median;
  const x = u < 0 ? r.median + u * (r.median - r.lo) : r.median + u * (r.hi - r.median);
  return u === -1 ? r.lo : u === 1 ? r.hi : Math.min(r.hi, Math.max(r.lo, x));
}

/**
 * Steps of a position on each side of the median: a boundary is found to
 * within (hi - median) / 2^30 (or median - lo), under 1e-9 of the range.
 * Integers rather than fc.double, which clusters at 0 and tiny values.
 */
export const UNIT_STEPS = 2 ** 30;

/**
 * Integers past the steps stand for the edges themselves, so the edges are
 * drawn a fifth of the time, yet are ordinary points of one integer line:
 * shrinking from an edge halves its way toward the median through the
 * interior and stops at the boundary, as from any other start. (Edges drawn
 * by a separate arbitrary could only shrink to the median, which passes,
 * and stayed where they were.)
 */
const EDGE_STEPS = UNIT_STEPS / 4;

/** A position in [-1, 1] (0 the median, ±1 the edges) that shrinks toward 0, to the boundary of a failure. */
export const unit = (): fc.Arbitrary<number> =>
  fc
    .integer({ min: -(UNIT_STEPS + EDGE_STEPS), max: UNIT_STEPS + EDGE_STEPS })
    .map((i) => Math.max(-1, Math.min(1, i / UNIT_STEPS)));

/** One probed trial's inputs as positions (parameters) and times (shocks). */
export interface TrialInputs {
  /** Per parameter: a position for per-trial ones, a sequence for per-step ones. */
  readonly params: readonly (number | readonly number[])[];
  /** Per shock: event times (empty for fixed-time shocks). */
  readonly shocks: readonly (readonly number[])[];
}

/** The plausible maximum number of events of a Poisson shock over the horizon. */
export function eventCap(model: Model, i: number, ranges: readonly ParameterRange[]): number {
  const s = model.shocks[i]!;
  if (s.at !== undefined || s.rate === undefined) return 0;
  let rate: number;
  if ('value' in s.rate) rate = s.rate.value;
  else {
    const slot = s.rate.slot;
    const p = model.parameters.findIndex((x) => x.slot === slot);
    rate = p < 0 ? 0 : ranges[p]!.hi;
  }
  if (!(rate > 0) || !Number.isFinite(rate)) return 0;
  const { from, until } = searchedWindow(model, i);
  const mean = rate * Math.max(0, until - from);
  return Math.min(s.maxEvents, Math.ceil(mean + 4 * Math.sqrt(mean) + 2));
}

/** Where a shock's events can fall: its window cut to the run's horizon. */
export function searchedWindow(model: Model, i: number): { from: number; until: number } {
  const s = model.shocks[i]!;
  return { from: Math.max(model.time.start, s.from), until: Math.min(model.time.end, s.until) };
}

/**
 * How many values a sequence of parameter `p` holds: one per step for a
 * per-step parameter, one per event of the largest shock whose severity it is
 * for a per-event one (fixed times count as they are).
 */
export function sequenceLength(model: Model, p: number, ranges: readonly ParameterRange[]): number {
  const param = model.parameters[p]!;
  if (param.per === 'step') return model.time.steps + 1;
  let n = 0;
  model.shocks.forEach((s, i) => {
    if ('parameter' in s.severity && s.severity.parameter === p) {
      n = Math.max(n, s.at !== undefined ? s.at.length : eventCap(model, i, ranges));
    }
  });
  return Math.max(1, n);
}

export function paramArbitrary(p: ParameterModel, r: ParameterRange, length: number): fc.Arbitrary<number | number[]> {
  if (r.lo === r.hi && !r.choices) return fc.constant(0);
  if (p.per !== 'trial') return fc.array(unit(), { minLength: length, maxLength: length });
  return unit();
}

export function trialArbitrary(model: Model, ranges: readonly ParameterRange[]): fc.Arbitrary<TrialInputs> {
  const params = fc.tuple(
    ...model.parameters.map((p, i) => paramArbitrary(p, ranges[i]!, sequenceLength(model, i, ranges))),
  );
  const shocks = fc.tuple(
    ...model.shocks.map((_, i) => {
      const cap = eventCap(model, i, ranges);
      const { from, until } = searchedWindow(model, i);
      if (cap === 0 || !(from <= until)) return fc.constant([] as number[]);
      return fc.array(fc.double({ min: from, max: until, noNaN: true }), { maxLength: cap });
    }),
  );
  return fc.record({ params, shocks }) as fc.Arbitrary<TrialInputs>;
}
