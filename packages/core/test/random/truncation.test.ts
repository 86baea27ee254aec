/*
 * Truncated normals and log-normals far in a tail and at random: no rejection
 * loop, so draws are fast and in bounds however little mass the interval holds,
 * and the analytic moments hold there too.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { makeSampler, moments, quantile } from '../../src/random/distributions.js';
import { bounds, lognormal, N, normal, sample } from './fixtures.js';
import { relErr, sampleMoments, stream } from './stats.js';

describe('truncation far in a tail', () => {
  it.each([
    ['[8, 9]', normal(0, 1, 8, 9)],
    ['[-9, -8]', normal(0, 1, -9, -8)],
    ['[40, 41]', normal(0, 1, 40, 41)],
    ['[-41, -40]', normal(0, 1, -41, -40)],
    ['[1000, inf)', normal(0, 1, 1000)],
    ['(-inf, -1000]', normal(0, 1, -Infinity, -1000)],
    ['mean 0.5, sd 0.01, min 1 (50 sd)', normal(0.5, 0.01, 1)],
    ['sd 1e-3 in [1, 2] (1000 sd)', normal(0, 1e-3, 1, 2)],
    ['lognormal sigma 0.01, min 2 (69 sd)', lognormal(0, 0.01, 2)],
  ] as const)('normal %s: 200k draws, fast, all in bounds, mean as analysed', (_n, d) => {
    const start = performance.now();
    const x = sample(d);
    // No rejection loop: a draw costs the same however little mass the interval holds
    // (~0.1 µs); 1 s for 200k allows for a slow, busy machine.
    expect(performance.now() - start).toBeLessThan(1000);
    const [lo, hi] = bounds(d);
    const s = sampleMoments(x);
    expect(x.every((v) => v >= lo && v <= hi)).toBe(true);
    const m = moments(d);
    expect(Math.abs(s.mean - m.mean)).toBeLessThanOrEqual(4 * (m.sd / Math.sqrt(N)) + 1e-12 * Math.abs(m.mean));
  });

  // References from mpmath (60-100 digits) by the closed forms for the truncated normal
  // and by quadrature for the log-normal. 1e-12: the closed form, used up to 10 sd out,
  // keeps ~1e4·ε of the variance; the integrated form (far tails, narrow intervals)
  // is exact to rounding.
  it.each([
    [normal(0, 1, 8, 9), 8.1211889929797971226, 0.11894764723502567471],
    [normal(0, 1, -9, -8), -8.1211889929797971226, 0.11894764723502567471],
    [normal(0, 1, 3), 3.2830986549304365069, 0.26562979272903127585],
    [normal(0, 1, 20), 20.049753068527850542, 0.049631256432334690591],
    [normal(0, 1, 40, 41), 40.024968847207263721, 0.024953323998846050783],
    [normal(0, 1, 1e4), 10000.000099999998, 0.00009999999700000020499998],
    [normal(0, 1, 1e8), 100000000.00000001, 9.999999999999997e-9],
    [normal(0, 1, 30, 30.01), 30.00475033354834009, 0.0028802650931158650235],
    [normal(0, 1, -1, 2), 0.22963717909132896862, 0.72094558685904578877],
    [normal(0, 1, 0), 0.79788456080286535588, 0.60281027498908697428],
    [normal(0, 1, -0.001, 0.002), 0.00049999962500011251041, 0.00086602527388058355871],
    [lognormal(0.5, 0.8, 1, 4), 2.0577543960937134908, 0.79081637634938113801],
  ] as const)('moments(%o) match the reference', (d, mean, sd) => {
    const m = moments(d);
    expect(relErr(m.mean, mean)).toBeLessThan(1e-13);
    expect(relErr(m.sd, sd)).toBeLessThan(1e-12);
  });
});

describe('any truncated normal or log-normal', () => {
  const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  const bound = fc.oneof(finite(-1e6, 1e6), fc.constantFrom(-Infinity, Infinity));

  test.prop([finite(-1e3, 1e3), finite(1e-6, 1e3), bound, bound], { seed: 7, numRuns: 400 })(
    'normal: draws, quantiles and moments are finite and inside [min, max]',
    (mean, sd, b1, b2) => {
      fc.pre(b1 !== b2);
      const d = normal(mean, sd, Math.min(b1, b2), Math.max(b1, b2));
      const f = makeSampler(d);
      const rng = stream(1, 2, 'prop');
      for (let i = 0; i < 50; i++) {
        const v = f(rng);
        expect(Number.isFinite(v) && v >= d.min && v <= d.max).toBe(true);
      }
      let previous = -Infinity;
      for (const p of [0.001, 0.3, 0.7, 0.999]) {
        const q = quantile(d, p);
        expect(q >= previous && q >= d.min && q <= d.max).toBe(true);
        previous = q;
      }
      const m = moments(d);
      expect(Number.isFinite(m.mean) && m.mean >= d.min && m.mean <= d.max && m.sd >= 0).toBe(true);
    },
  );

  test.prop([finite(-20, 20), finite(1e-4, 5), finite(0, 1e9), finite(0, 1e9)], { seed: 8, numRuns: 400 })(
    'log-normal: draws lie inside [min, max]',
    (mu, sigma, b1, b2) => {
      fc.pre(b1 !== b2);
      const d = lognormal(mu, sigma, Math.min(b1, b2), Math.max(b1, b2));
      const f = makeSampler(d);
      const rng = stream(1, 3, 'prop');
      for (let i = 0; i < 50; i++) {
        const v = f(rng);
        expect(Number.isFinite(v) && v >= d.min && v <= d.max).toBe(true);
      }
    },
  );
});
