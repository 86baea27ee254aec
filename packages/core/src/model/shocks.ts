import type { RandomStream } from '../random/stream.js';
import type { ShockModel } from './model.js';

/** The events of one shock in the current trial; buffers grow rarely and are reused across trials. */
export class ShockState {
  times: Float64Array;
  count: number;
  readonly halfLife: number;
  readonly maxEvents: number;
  /** The intensity at `lastT`, from the first `next` events (see shockIntensity). */
  sum = 0;
  next = 0;
  lastT = Infinity;
  /** 0.5^(lastDelta / halfLife), kept because consecutive steps are mostly the same distance apart. */
  lastDelta = NaN;
  lastFactor = 1;

  constructor(shock: ShockModel) {
    this.halfLife = shock.halfLife;
    this.maxEvents = shock.maxEvents;
    if (shock.at) {
      this.times = shock.at;
      this.count = shock.at.length;
    } else {
      this.times = new Float64Array(Math.min(16, Math.max(1, shock.maxEvents)));
      this.count = 0;
    }
  }

  events(): Float64Array {
    return this.times.slice(0, this.count);
  }
}

/**
 * Sum over events at or before t of 0.5^((t - t_i) / half_life), or of 1
 * without a half-life. Steps call it with increasing t, so the sum is carried
 * from the previous step: decayed by one factor 0.5^((t - t_prev) / half_life),
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
    sum += hl === Infinity ? 1 : 0.5 ** ((t - ti) / hl);
  }
  s.next = i;
  s.lastT = t;
  s.sum = sum;
  return sum;
}

/**
 * Poisson events over [start, end] by exponential gaps from the shock's own
 * stream. A rate that is not a positive finite number gives no events.
 */
export function drawShockEvents(start: number, end: number) {
  return (s: ShockState, rng: RandomStream, rate: number): void => {
    s.count = 0;
    if (!(rate > 0) || rate === Infinity) return;
    let t = start;
    while (s.count < s.maxEvents) {
      t += -Math.log(1 - rng.next()) / rate;
      if (!(t <= end)) break;
      if (s.count === s.times.length) {
        const grown = new Float64Array(Math.min(s.maxEvents, s.times.length * 2));
        grown.set(s.times);
        s.times = grown;
      }
      s.times[s.count++] = t;
    }
  };
}
