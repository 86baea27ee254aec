/*
 * A Poisson shock held at its median for a tornado: the median number of
 * events over the horizon, placed where such events are expected to fall.
 * Given n events of a Poisson process on [start, end], their times are the
 * order statistics of n uniforms, whose expectations are evenly spaced:
 * start + k (end - start) / (n + 1), k = 1..n.
 */
import { logGamma } from '../random/beta.js';

/**
 * The median of a Poisson distribution with mean `lambda`: the smallest n with
 * P(N <= n) >= 1/2, or `cap` if that is smaller. The sum takes about lambda
 * terms, so past a million (where it would also lose its precision) the
 * median is lambda + 1/3 - 0.02 / lambda rounded down (Choi 1994), and since
 * it is at least lambda - ln 2, a cap below that is the answer at once.
 */
export function poissonMedian(lambda: number, cap = Infinity): number {
  if (!(lambda > 0) || !Number.isFinite(lambda)) return 0;
  if (lambda - Math.LN2 >= cap) return cap;
  if (lambda > 1e6) return Math.min(cap, Math.floor(lambda + 1 / 3 - 0.02 / lambda));
  // e^-lambda underflows past ~745: sum the terms in logs there.
  const term =
    lambda < 700
      ? (() => {
          let p = Math.exp(-lambda);
          return (n: number) => {
            if (n > 0) p *= lambda / n;
            return p;
          };
        })()
      : (n: number) => Math.exp(n * Math.log(lambda) - lambda - logGamma(n + 1));
  let cumulative = 0;
  for (let n = 0; n < cap; n++) {
    cumulative += term(n);
    if (cumulative >= 0.5) return n;
  }
  return cap;
}

/** The median event count of a shock with `rate` events a year over [start, end], at its expected times. */
export function medianEvents(rate: number, start: number, end: number, maxEvents: number): number[] {
  // An extreme rate (1e38 events a year) would otherwise sum 1e38 terms.
  const n = poissonMedian(rate * (end - start), maxEvents);
  return Array.from({ length: n }, (_, k) => start + ((k + 1) * (end - start)) / (n + 1));
}
