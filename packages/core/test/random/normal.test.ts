/*
 * Φ and Φ⁻¹ against 20-digit references computed with mpmath (mp.dps = 40).
 * Tolerances: AS241 and Cody's erfc are good to a few ulps, so 1e-14 relative
 * leaves room for the argument's own rounding; in the far lower tail Φ(x)
 * inherits x's rounding amplified by x² (x·φ(x)/Φ(x) ≈ x²), hence 1e-13 there.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { erf } from '../../src/random/erf.js';
import {
  centredQuantile,
  logUpperTail,
  normalCdf,
  normalQuantile,
  upperQuantile,
  upperQuantileFromLog,
} from '../../src/random/normal.js';
import { relErr } from './stats.js';

const CDF: [number, number][] = [
  [-37.5, 4.6053530095819548438e-308],
  [-20, 2.7536241186062336951e-89],
  [-10, 7.619853024160526066e-24],
  [-8, 6.2209605742717841235e-16],
  [-5, 2.8665157187919391167e-7],
  [-2, 0.0227501319481792072],
  [-1, 0.15865525393145705141],
  [-0.5, 0.30853753872598689636],
  [-0.1, 0.46017216272297101853],
  [0, 0.5],
  [0.3, 0.61791142218895263731],
  [1, 0.84134474606854294859],
  [3, 0.99865010196836990547],
  [6, 0.99999999901341235496],
];

// References at the exact double value of each p (0.9999999 is not exactly representable).
const QUANTILE: [number, number][] = [
  [1e-300, -37.047096299361199237],
  [1e-200, -30.205594179579643063],
  [1e-100, -21.273453560965324294],
  [1e-20, -9.2623400897984075796],
  [1e-10, -6.3613409024040561991],
  [0.001, -3.0902323061678135354],
  [0.02, -2.0537489106318230443],
  [0.05, -1.644853626951472688],
  [0.3, -0.52440051270804081597],
  [0.6, 0.25334710313579974132],
  [0.95, 1.6448536269514722843],
  [0.975, 1.9599639845400538556],
  [0.999, 3.0902323061678132778],
  [0.9999999, 5.1993375822906610937],
];

describe('normalCdf', () => {
  it.each(CDF)('Φ(%d) matches the reference', (x, expected) => {
    expect(relErr(normalCdf(x), expected)).toBeLessThan(x < -8 ? 1e-13 : 1e-14);
  });

  it('is exact at the ends and symmetric', () => {
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-40)).toBe(0); // 3.7e-350 underflows: 0 is the nearest double
    expect(normalCdf(-38)).toBeGreaterThan(0); // 2.9e-316, a subnormal
    for (const x of [0.2, 0.7, 1.3, 2.5, 4]) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
  });

  it('erf is odd and saturates', () => {
    expect(erf(0)).toBe(0);
    expect(erf(-0.3)).toBe(-erf(0.3));
    expect(erf(7)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
  });
});

describe('normalQuantile (AS241)', () => {
  it.each(QUANTILE)('Φ⁻¹(%d) matches the reference', (p, expected) => {
    expect(relErr(normalQuantile(p), expected)).toBeLessThan(1e-14);
  });

  it('is 0 at 1/2, infinite at 0 and 1, NaN outside', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
    expect(normalQuantile(NaN)).toBeNaN();
  });

  test.prop([fc.double({ min: -37, max: 8, noNaN: true })], { seed: 3, numRuns: 500 })('inverts normalCdf', (x) => {
    // Φ⁻¹(Φ(x)) loses what Φ(x) rounds away: above ~1 that is 1e-16 absolute in p, i.e. 1e-16/φ(x) in x.
    const tolerance = x > 1 ? 2e-16 / (0.4 * Math.exp(-0.5 * x * x)) : 1e-13;
    expect(relErr(normalQuantile(normalCdf(x)), x, 1)).toBeLessThan(tolerance);
  });
});

describe('tail forms', () => {
  it('logUpperTail matches ln Q(x) far beyond where Q underflows', () => {
    expect(relErr(logUpperTail(5), -15.064998393988725736)).toBeLessThan(1e-14);
    expect(relErr(logUpperTail(40), -804.60844201375378817)).toBeLessThan(1e-14);
    expect(relErr(logUpperTail(1000), -500007.82669481218431)).toBeLessThan(1e-14);
    expect(logUpperTail(0)).toBeCloseTo(-Math.LN2, 15);
    expect(logUpperTail(Infinity)).toBe(-Infinity);
  });

  it('upperQuantileFromLog inverts logUpperTail, Newton branch included', () => {
    for (const x of [0, 0.1, 1, 1.5, 3, 8, 20, 37, 38.5, 60, 1000, 1e6]) {
      expect(relErr(upperQuantileFromLog(logUpperTail(x)), x, 1e-300)).toBeLessThan(1e-13);
    }
    expect(upperQuantileFromLog(-Infinity)).toBe(Infinity);
  });

  it('upperQuantile and centredQuantile agree with normalQuantile where both are exact', () => {
    for (const p of [1e-200, 1e-9, 0.01, 0.07, 0.08, 0.3, 0.5]) {
      expect(relErr(upperQuantile(p), -normalQuantile(p), 1e-300)).toBeLessThan(1e-15);
    }
    // The centred form holds p - 1/2, so it is exact only while that subtraction is (p >= 1/4).
    for (const p of [0.25, 0.3, 0.45, 0.5, 0.6, 0.75]) {
      expect(relErr(centredQuantile(p - 0.5), normalQuantile(p), 1e-300)).toBeLessThan(1e-15);
    }
    expect(centredQuantile(-0.5)).toBe(-Infinity);
    expect(centredQuantile(0.5)).toBe(Infinity);
    // Exact for tiny centred probabilities, where 0.5 + c would round: Φ(x) - 1/2 ≈ x·φ(0).
    expect(relErr(centredQuantile(1e-20 * 0.3989422804014327), 1e-20)).toBeLessThan(1e-14);
  });
});
