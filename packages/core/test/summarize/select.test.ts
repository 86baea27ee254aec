import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { quantileSorted } from '../../src/summarize/stats.js';
import { exactQuantiles, selectRanks } from '../../src/summarize/select.js';

const value = fc.oneof(
  fc.double({ noNaN: true }),
  fc.integer({ min: -3, max: 3 }).map((x) => x / 2),
  fc.constantFrom(0, -0, Infinity, -Infinity, 5e-324, -5e-324, Number.MAX_VALUE),
);
// Short arrays, long ones past the sort cut-off, many ties, already sorted or reversed.
const column = fc.oneof(
  fc.array(value, { maxLength: 40 }),
  fc.array(value, { minLength: 100, maxLength: 2000 }),
  fc.array(fc.constantFrom(0, -0, 1), { minLength: 50, maxLength: 500 }),
  fc
    .array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 50, maxLength: 500 })
    .map((a) => a.sort((x, y) => x - y)),
  fc
    .array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 50, maxLength: 500 })
    .map((a) => a.sort((x, y) => y - x)),
);

describe('order statistics by selection', () => {
  test.prop([column, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 })], {
    seed: 31,
    numRuns: 400,
  })("are the sorted array's, bit for bit (the sign of zero too), and so are the type-7 quantiles", (values, qs) => {
    const sorted = Float64Array.from(values).sort();
    const n = sorted.length;
    const ranks = [...new Set(qs.map((q) => Math.floor(q * Math.max(0, n - 1))))]
      .sort((a, b) => a - b)
      .filter((r) => r < n);
    const got = new Float64Array(ranks.length);
    selectRanks(Float64Array.from(values), ranks, got);
    ranks.forEach((r, i) => expect(Object.is(got[i], sorted[r])).toBe(true));
    const quantiles = new Float64Array(qs.length);
    exactQuantiles(Float64Array.from(values), qs, quantiles, 0);
    qs.forEach((q, i) => expect(Object.is(quantiles[i], quantileSorted(sorted, q)), `q=${q}`).toBe(true));
  });
});
