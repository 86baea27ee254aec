/*
 * Streams seeded per (seed, trial, name) must look independent of each other:
 * the classic failure of per-trial seeding is that neighbouring seeds give
 * related streams (xor128 and friends did, per the engineering notes). Every
 * threshold is about 4 standard errors (|r| < 4/√n, |z| < 5 for chi-square),
 * and the seeds are fixed, so the tests are deterministic.
 */
import { describe, expect, it } from 'vitest';
import { chiSquareZ, correlation, draws, stream } from './stats.js';

const SEED = 20240607;

describe('independence of per-trial streams', () => {
  it('streams of adjacent trials are uncorrelated, draw by draw', () => {
    const n = 20_000;
    for (const trial of [0, 1, 1000, 65_535, 2 ** 32 - 1]) {
      const r = correlation(draws(stream(SEED, trial, 'growth'), n), draws(stream(SEED, trial + 1, 'growth'), n));
      expect(Math.abs(r)).toBeLessThan(4 / Math.sqrt(n));
    }
  });

  it('streams of adjacent names and adjacent seeds are uncorrelated', () => {
    const n = 20_000;
    const pairs: [number, string, number, string][] = [
      [SEED, 'x1', SEED, 'x2'],
      [SEED, 'a', SEED, 'b'],
      [SEED, 'growth', SEED, 'growth_'],
      [0, 'growth', 1, 'growth'],
      [-1, 'growth', 0, 'growth'],
    ];
    for (const [s1, n1, s2, n2] of pairs) {
      const r = correlation(draws(stream(s1, 5, n1), n), draws(stream(s2, 5, n2), n));
      expect(Math.abs(r)).toBeLessThan(4 / Math.sqrt(n));
    }
  });

  // The engine reads a trial's first draw far more than any other, so the
  // sequence "first draw of trial 0, 1, 2, ..." must itself be a good sequence.
  const trials = 100_000;
  const first = new Float64Array(trials + 1);
  const second = new Float64Array(trials + 1);
  const firstOther = new Float64Array(trials + 1);
  for (let k = 0; k <= trials; k++) {
    const s = stream(SEED, k, 'growth');
    first[k] = s.next();
    second[k] = s.next();
    firstOther[k] = stream(SEED, k, 'growth2').next();
  }

  it('first draws across 100k consecutive trials are uniform (chi-square, 100 bins)', () => {
    const counts = new Float64Array(100);
    for (let k = 0; k < trials; k++) counts[Math.floor(first[k]! * 100)]!++;
    expect(Math.abs(chiSquareZ(counts))).toBeLessThan(5);
  });

  it('first draws of trial k and k+1 fill the unit square evenly (no lattice)', () => {
    // 32x32 cells, ~98 pairs each: a lattice leaves cells empty or over-full.
    const counts = new Float64Array(32 * 32);
    for (let k = 0; k < trials; k++) {
      counts[Math.floor(first[k]! * 32) * 32 + Math.floor(first[k + 1]! * 32)]!++;
    }
    expect(Math.abs(chiSquareZ(counts))).toBeLessThan(5);
    expect(Math.min(...counts)).toBeGreaterThan(0);
  });

  it('first draws of adjacent trials, of two names, and first vs second draws are uncorrelated', () => {
    const bound = 4 / Math.sqrt(trials);
    expect(Math.abs(correlation(first.subarray(0, trials), first.subarray(1)))).toBeLessThan(bound);
    expect(Math.abs(correlation(first, firstOther))).toBeLessThan(bound);
    expect(Math.abs(correlation(first, second))).toBeLessThan(bound);
  });

  it('the fine structure of first draws is uniform too (low and high bits)', () => {
    // Bins of the 8 lowest of the 53 bits catch a generator whose seeding only stirs the top bits.
    const low = new Float64Array(256);
    for (let k = 0; k < trials; k++) low[Math.floor(first[k]! * 2 ** 53) % 256]!++;
    expect(Math.abs(chiSquareZ(low))).toBeLessThan(5);
  });

  it('within one stream, consecutive draws are uniform in pairs and uncorrelated', () => {
    const n = 200_000;
    const x = draws(stream(SEED, 0, 'noise'), n + 1);
    expect(Math.abs(correlation(x.subarray(0, n), x.subarray(1)))).toBeLessThan(4 / Math.sqrt(n));
    const counts = new Float64Array(32 * 32);
    for (let i = 0; i < n; i += 2) counts[Math.floor(x[i]! * 32) * 32 + Math.floor(x[i + 1]! * 32)]!++;
    expect(Math.abs(chiSquareZ(counts))).toBeLessThan(5);
  });
});
