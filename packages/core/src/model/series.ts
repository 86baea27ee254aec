import type { SeriesSpec } from '../scenario/schema.js';

/**
 * A series depends on t alone, so its value at every step is computed once
 * per model; the hot loop only reads `table[k]`. Outside its points a series
 * holds the first or last value.
 */
export function seriesTable(spec: SeriesSpec, stepTimes: Float64Array): Float64Array {
  const pts = Object.entries(spec.points)
    .map(([k, v]) => [Number(k), v] as const)
    .sort((a, b) => a[0] - b[0]);
  const step = spec.interpolate === 'step';
  const out = new Float64Array(stepTimes.length);
  let j = 0;
  for (let k = 0; k < stepTimes.length; k++) {
    const t = stepTimes[k]!;
    while (j + 1 < pts.length && pts[j + 1]![0] <= t) j++;
    const [x0, y0] = pts[j]!;
    if (t <= x0 || j + 1 >= pts.length) {
      out[k] = t < x0 ? pts[0]![1] : y0;
      continue;
    }
    const [x1, y1] = pts[j + 1]!;
    out[k] = step ? y0 : y0 + ((y1 - y0) * (t - x0)) / (x1 - x0);
  }
  return out;
}
