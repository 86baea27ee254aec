import type { RandomStream } from '../random/stream.js';
import type { ShockModel } from './model.js';

/** The events of one shock in the current trial; buffers grow rarely and are reused across trials. */
export class ShockState {
  times: Float64Array;
  count: number;
  readonly halfLife: number;
  readonly maxEvents: number;

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

/** Sum over events at or before t of 0.5^((t - t_i) / half_life), or of 1 without a half-life. */
export function shockIntensity(s: ShockState, t: number): number {
  let sum = 0;
  const times = s.times;
  const hl = s.halfLife;
  for (let i = 0; i < s.count; i++) {
    const ti = times[i]!;
    if (ti > t) break; // events are sorted
    sum += hl === Infinity ? 1 : Math.pow(0.5, (t - ti) / hl);
  }
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
