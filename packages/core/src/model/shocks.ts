import type { Sampler } from '../random/distributions.js';
import type { RandomStream } from '../random/stream.js';
import type { ShockModel } from './model.js';

/** The name a shock's per-event severities are drawn under: ids have no `.`, so it is no id's. */
export const severityStream = (shock: string): string => `${shock}.severity`;

/**
 * The events of one shock in the current trial and their weights (the
 * severity of each); buffers grow rarely and are reused across trials.
 */
export class ShockState {
  times: Float64Array;
  /** The weight of each event, `severity`: filled with `defaultWeight` unless set per trial or per event. */
  weights: Float64Array;
  count: number;
  /** Years for a weight to halve (Infinity: no decay); set per trial when drawn. */
  halfLife: number;
  readonly maxEvents: number;
  /** Poisson events are drawn over [from, until], the window cut to the run's horizon. */
  readonly from: number;
  readonly until: number;
  readonly defaultWeight: number;
  /** The intensity at `lastT`, from the first `next` events (see shockIntensity). */
  sum = 0;
  next = 0;
  lastT = Infinity;
  /** 0.5^(lastDelta / halfLife), kept because consecutive steps are mostly the same distance apart. */
  lastDelta = NaN;
  lastFactor = 1;

  constructor(shock: ShockModel) {
    this.halfLife = 'value' in shock.halfLife ? shock.halfLife.value : NaN;
    this.maxEvents = shock.maxEvents;
    this.from = shock.from;
    this.until = shock.until;
    this.defaultWeight = 'value' in shock.severity ? shock.severity.value : 1;
    if (shock.at) {
      this.times = shock.at;
      this.count = shock.at.length;
    } else {
      this.times = new Float64Array(Math.min(16, Math.max(1, shock.maxEvents)));
      this.count = 0;
    }
    this.weights = new Float64Array(this.times.length).fill(this.defaultWeight);
  }

  events(): Float64Array {
    return this.times.slice(0, this.count);
  }

  /** Room for one more event (Poisson draws): both buffers doubled, new weights at their default. */
  grow(): void {
    const n = Math.min(this.maxEvents, this.times.length * 2);
    const times = new Float64Array(n);
    times.set(this.times);
    this.times = times;
    const weights = new Float64Array(n).fill(this.defaultWeight);
    weights.set(this.weights);
    this.weights = weights;
  }

  /** Set the events (a probe's): sorted times, weights at their default. */
  setEvents(events: readonly number[]): void {
    if (this.times.length < events.length) {
      this.times = new Float64Array(events.length);
      this.weights = new Float64Array(events.length).fill(this.defaultWeight);
    }
    this.times.set(events);
    this.count = events.length;
  }
}

/**
 * Sum over events at or before t of w_i * 0.5^((t - t_i) / half_life), or of
 * w_i without a half-life (w_i the event's weight, 1 unless `severity` says
 * otherwise). Steps call it with increasing t, so the sum is carried from
 * the previous step: decayed by one factor 0.5^((t - t_prev) / half_life),
 * plus the events that fell in (t_prev, t]. That is one power per step and
 * event instead of one per step and past event (it was 70% of a shock-heavy
 * run), and differs from summing every term afresh by rounding only (a
 * relative 2.2e-16 per step, and per half-life a term has decayed through,
 * its exponent being rounded in per-step pieces; tested). A t that does not
 * increase (the first step of a trial) starts the sum afresh, so trials stay
 * independent of each other.
 */
export function shockIntensity(s: ShockState, t: number): number {
  const hl = s.halfLife;
  const times = s.times;
  const weights = s.weights;
  let sum = s.sum;
  if (!(t > s.lastT)) {
    sum = 0;
    s.next = 0;
  } else if (sum !== 0 && hl !== Infinity) {
    const d = t - s.lastT;
    if (d !== s.lastDelta) {
      s.lastDelta = d;
      s.lastFactor = 0.5 ** (d / hl);
    }
    sum *= s.lastFactor;
  }
  let i = s.next;
  for (; i < s.count; i++) {
    const ti = times[i]!;
    if (ti > t) break; // events are sorted
    const w = weights[i]!;
    sum += hl === Infinity ? w : w * 0.5 ** ((t - ti) / hl);
  }
  s.next = i;
  s.lastT = t;
  s.sum = sum;
  return sum;
}

/**
 * Poisson events over the shock's window cut to [start, end], by exponential
 * gaps from the shock's own stream, counted from the window's opening: a
 * higher rate moves every event earlier but never before the window, so two
 * scenarios that differ in rate still share the i-th gap of each trial. A
 * rate that is not a positive finite number gives no events.
 */
export function drawShockEvents(start: number, end: number) {
  return (s: ShockState, rng: RandomStream, rate: number): void => {
    s.count = 0;
    if (!(rate > 0) || rate === Infinity) return;
    const last = Math.min(end, s.until);
    let t = Math.max(start, s.from);
    while (s.count < s.maxEvents) {
      t += -Math.log(1 - rng.next()) / rate;
      if (!(t <= last)) break;
      if (s.count === s.times.length) s.grow();
      s.times[s.count++] = t;
    }
  };
}

/** The trial's half-life, drawn from a parameter: the carried decay factor belongs to the old one. */
export function setHalfLife(s: ShockState, halfLife: number): void {
  s.halfLife = halfLife;
  s.lastDelta = NaN;
}

/** One weight (a per-trial severity) for every event of the trial. */
export function weighEvents(s: ShockState, weight: number): void {
  s.weights.fill(weight, 0, s.count);
}

/** A weight per event, drawn from a per-event parameter's sampler on the shock's own severity stream. */
export function drawEventWeights(s: ShockState, sample: Sampler, rng: RandomStream): void {
  for (let i = 0; i < s.count; i++) s.weights[i] = sample(rng);
}
