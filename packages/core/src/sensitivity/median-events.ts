/*
 * A Poisson shock held at its median for a tornado: the median number of
 * events over the horizon, placed where such events are expected to fall.
 * Given n events of a Poisson process on [start, end], their times are the
 * order statistics of n uniforms, whose expectations are evenly spaced:
 * start + k (end - start) / (n + 1), k = 1..n.
 */
import { logGamma } from '../random/beta.js';

/** The median of a Poisson distribution with mean `lambda`: the smallest n with P(N <= n) >= 1/2. */
export function poissonMedian(lambda: number): number {
  if (!(lambda > 0) || !Number.isFinite(lambda)) return 0;
  // e^-lambda underflows past ~745: sum the terms in logs there.
  const term = lambda < 700
    ? (() => {
        let p = Math.exp(-lambda);
        return (n: number) => (n === 0 ? p : (p *= lambda / n));
      })()
    : (n: number) => Math.exp(n * Math.log(lambda) - lambda - logGamma(n + 1));
  let cumulative = 0;
  for (let n = 0; ; n++) {
    cumulative += term(n);
    if (cumulative >= 0.5) return n;
  }
}

/** The median event count of a shock with `rate` events a year over [start, end], at its expected times. */
export function medianEvents(rate: number, start: number, end: number, maxEvents: number): number[] {
  const n = Math.min(poissonMedian(rate * (end - start)), maxEvents);
  return Array.from({ length: n }, (_, k) => start + ((k + 1) * (end - start)) / (n + 1));
}
