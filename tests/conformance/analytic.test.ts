import { describe, expect, it } from 'vitest';
import { mismatches, run, series } from './helpers.js';

/**
 * Cases whose Euler solution is known in closed form or by a two-line
 * recurrence. The engine does the same arithmetic, so anything beyond
 * rounding (1e-9 relative) is a wrong step count, a wrong order of a step,
 * or a clamp in the wrong place.
 */
const TIGHT = 1e-9;

/** The reporting times start, start + report, ..., end, written out independently of the engine. */
function reportingTimes(start: number, end: number, report: number): number[] {
  const n = Math.round((end - start) / report);
  return Array.from({ length: n + 1 }, (_, j) => start + j * report);
}

/**
 * A one-stock Euler recurrence: the stock at every step index from start,
 * the flow evaluated from the stock at t, then the clamp.
 */
function euler(
  initial: number,
  net: (s: number, t: number) => number,
  time: { start: number; end: number; dt: number },
  bounds: { min?: number; max?: number } = {},
): number[] {
  const steps = Math.round((time.end - time.start) / time.dt);
  const path = [initial];
  let s = initial;
  for (let k = 0; k < steps; k++) {
    s = s + time.dt * net(s, time.start + k * time.dt);
    if (bounds.min !== undefined) s = Math.max(bounds.min, s);
    if (bounds.max !== undefined) s = Math.min(bounds.max, s);
    path.push(s);
  }
  return path;
}

/** The recurrence's values at the reporting times (every `report / dt` steps). */
function atReports(path: readonly number[], dt: number, report: number): number[] {
  const every = Math.round(report / dt);
  return path.filter((_, k) => k % every === 0);
}

describe('exponential growth: S(n) = S0 * (1 + r*dt)^n', () => {
  // dt of 1, binary fractions and 0.1 (not exact in binary): the step count
  // must come out right in every case, which the power makes visible.
  it.each([
    { dt: 1, r: 0.1 },
    { dt: 0.25, r: 0.1 },
    { dt: 0.03125, r: 0.07 },
    { dt: 0.1, r: 0.1 },
    { dt: 0.1, r: -0.3 },
  ])('dt $dt, r $r', ({ dt, r }) => {
    const result = run(
      `
format: 1
id: exponential
time: { start: 2020, end: 2030, dt: ${dt}, report: 1 }
parameters: { r: ${r} }
stocks: { s: { initial: 100, inflow: "r * s" } }
`,
      { trials: 1 },
    );
    const times = reportingTimes(2020, 2030, 1);
    const expected = times.map((t) => 100 * (1 + r * dt) ** Math.round((t - 2020) / dt));
    expect(mismatches(result.times, series(result, 's'), expected, TIGHT)).toEqual([]);
  });

  it('through an outflow: S(n) = S0 * (1 - k*dt)^n', () => {
    const result = run(
      `
format: 1
id: decay
time: { start: 0, end: 12, dt: 0.125, report: 2 }
stocks: { s: { initial: 5000, outflow: "0.3 * s" } }
`,
      { trials: 1 },
    );
    const expected = reportingTimes(0, 12, 2).map((t) => 5000 * (1 - 0.3 * 0.125) ** (t / 0.125));
    expect(mismatches(result.times, series(result, 's'), expected, TIGHT)).toEqual([]);
  });
});

describe('constant flows', () => {
  it('a constant net inflow is linear in time', () => {
    const result = run(
      `
format: 1
id: linear
time: { start: 2020, end: 2035, dt: 0.25, report: 0.5 }
stocks: { s: { initial: 50, inflow: 3, outflow: "1" } }
`,
      { trials: 1 },
    );
    const times = reportingTimes(2020, 2035, 0.5);
    expect(result.times).toEqual(times);
    expect(
      mismatches(
        result.times,
        series(result, 's'),
        times.map((t) => 50 + 2 * (t - 2020)),
        TIGHT,
      ),
    ).toEqual([]);
  });
});

describe('a stock draining to a floor (min: 0)', () => {
  const time = { start: 2020, end: 2030, dt: 0.25 };
  const result = run(
    `
format: 1
id: drain
time: { start: 2020, end: 2030, dt: 0.25, report: 0.25 }
stocks: { s: { initial: 10, outflow: 3, min: 0 } }
variables: { drain: "3" }
`,
    { trials: 1 },
  );
  const path = euler(10, () => -3, time, { min: 0 });
  // The first step at which the unclamped recurrence 10 - 0.75k goes below 0.
  const floorStep = path.indexOf(0);

  it('follows the clamped recurrence at every step', () => {
    expect(floorStep).toBe(14); // 10 - 0.75*14 = -0.5: the recurrence's own prediction, pinned so the test data cannot drift
    expect(mismatches(result.times, series(result, 's'), path, TIGHT)).toEqual([]);
  });

  it('is positive until the predicted step, exactly 0 from it on', () => {
    const s = series(result, 's');
    expect(s[floorStep - 1]).toBeCloseTo(0.25, 12);
    expect(s.slice(floorStep).every((x) => x === 0)).toBe(true);
    expect(result.times[floorStep]).toBe(2023.5);
  });

  it('clamps the level, not the flow: the outflow keeps its value', () => {
    expect(series(result, 'drain').every((x) => x === 3)).toBe(true);
  });
});

describe('logistic stock against its Euler recurrence', () => {
  it('r 0.8, K 500, S0 1, dt 0.1', () => {
    const time = { start: 2020, end: 2040, dt: 0.1 };
    const result = run(
      `
format: 1
id: logistic
time: { start: 2020, end: 2040, dt: 0.1, report: 1 }
parameters: { r: 0.8, K: 500 }
stocks: { p: { initial: 1, inflow: "r * p * (1 - p / K)" } }
`,
      { trials: 1 },
    );
    const expected = atReports(
      euler(1, (p) => 0.8 * p * (1 - p / 500), time),
      0.1,
      1,
    );
    expect(mismatches(result.times, series(result, 'p'), expected, TIGHT)).toEqual([]);
  });
});

describe('clamping at max', () => {
  const time = { start: 0, end: 10, dt: 0.5 };
  const result = run(
    `
format: 1
id: ceiling
time: { start: 0, end: 10, dt: 0.5, report: 0.5 }
stocks:
  filling: { initial: 0, inflow: 7, max: 20 }
  # At the ceiling an outflow opens, so the level leaves the bound and is pushed back.
  spilling: { initial: 0, inflow: 7, outflow: "spilling > 19 ? 10 : 0", max: 20 }
`,
    { trials: 1 },
  );

  it('a stock filling at a constant rate stops at max and stays there', () => {
    const expected = euler(0, () => 7, time, { max: 20 });
    expect(expected.slice(0, 7)).toEqual([0, 3.5, 7, 10.5, 14, 17.5, 20]); // 17.5 + 3.5 = 21 is clamped to 20
    expect(mismatches(result.times, series(result, 'filling'), expected, TIGHT)).toEqual([]);
  });

  it('a stock that leaves and returns to max follows the clamped recurrence', () => {
    const expected = euler(0, (s) => 7 - (s > 19 ? 10 : 0), time, { max: 20 });
    expect(mismatches(result.times, series(result, 'spilling'), expected, TIGHT)).toEqual([]);
  });
});

describe('the time grid', () => {
  it('lands on the reporting times 2020..2030 exactly', () => {
    const result = run(
      `
format: 1
id: grid
time: { start: 2020, end: 2030, dt: 0.1, report: 1 }
stocks: { s: { initial: 0, inflow: 1 } }
`,
      { trials: 1 },
    );
    expect(result.times).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030]);
  });

  it('lands on 0, 0.5, ..., 10 exactly from start 0', () => {
    // From 0, k*dt itself is off (30 * 0.1 = 3.0000000000000004): the reporting
    // times are start + j*report, which are exact.
    const result = run(
      `
format: 1
id: grid
time: { start: 0, end: 10, dt: 0.1, report: 0.5 }
stocks: { s: { initial: 0, inflow: 1 } }
`,
      { trials: 1 },
    );
    expect(result.times).toEqual(reportingTimes(0, 10, 0.5));
  });

  // Summing 0.1 a hundred times from 2020 gives 2029.999999999991; start + k*dt
  // gives 2030. The difference decides whether step(1, 2025) fires at step 50
  // or 51, which moves the stock by a whole dt.
  const clock = run(
    `
format: 1
id: clock
time: { start: 2020, end: 2030, dt: 0.1, report: 1 }
stocks: { s: { initial: 0, inflow: "step(1, 2025)" } }
variables: { clock: "t", step_size: "dt" }
`,
    { trials: 1 },
  );

  it('t is computed as start + k*dt, not accumulated', () => {
    const t = series(clock, 'clock');
    expect(Math.abs(t[t.length - 1]! - 2030)).toBeLessThan(1e-12);
    expect(mismatches(clock.times, t, reportingTimes(2020, 2030, 1), 1e-15)).toEqual([]);
    expect(series(clock, 'step_size').every((x) => x === 0.1)).toBe(true);
  });

  it('keeps t = start + k*dt exactly for a fine dt that is exact in binary', () => {
    // 2020 + k/1024 is exact in binary but needs 14 significant digits: any
    // tidying of times to fewer digits moves both the reported times and the
    // t the equations see, which an integral of (t - start) shows at once.
    const dt = 1 / 1024;
    const result = run(
      `
format: 1
id: fine-grid
time: { start: 2020, end: 2020.0625, dt: 0.0009765625, report: 0.0009765625 }
stocks: { s: { initial: 0, inflow: "t - 2020" } }
variables: { clock: "t" }
`,
      { trials: 1 },
    );
    const times = Array.from({ length: 65 }, (_, k) => 2020 + k * dt);
    expect(result.times).toEqual(times);
    expect(series(result, 'clock')).toEqual(times);
    // Euler sum of (t_j - start) * dt over j < k: dt^2 * k(k-1)/2.
    const expected = times.map((_, k) => (dt * dt * k * (k - 1)) / 2);
    expect(mismatches(result.times, series(result, 's'), expected, TIGHT)).toEqual([]);
  });

  it('a step at a reporting time fires at exactly that step', () => {
    // 50 steps (2025.0 .. 2029.9) of 0.1 each.
    const expected = reportingTimes(2020, 2030, 1).map((t) => (t <= 2025 ? 0 : 0.1 * Math.round((t - 2025) / 0.1)));
    expect(mismatches(clock.times, series(clock, 's'), expected, TIGHT)).toEqual([]);
  });
});

describe('uncertainty through a monotone model', () => {
  // S(2030) = 100 * (1 + g/4)^40 is increasing in g, so every quantile of S is
  // that function of the same quantile of g; g ~ uniform(0.1, 0.3) has median 0.2.
  const f = (g: number): number => 100 * (1 + g / 4) ** 40;
  const trials = 20_000;
  const result = run(
    `
format: 1
id: uniform-growth
time: { start: 2020, end: 2030, dt: 0.25, report: 1 }
parameters: { growth: { dist: uniform, min: 0.1, max: 0.3 } }
stocks: { s: { initial: 100, inflow: "growth * s" } }
variables: { g: "growth" }
`,
    { trials, seed: 3 },
  );
  const last = result.times.length - 1;
  const s = result.outputs['s']!;
  const g = result.outputs['g']!;

  it('p50 of the stock is the stock at growth 0.2, within sampling error', () => {
    // The sample median of n uniforms on an interval of width w has standard
    // error w / (2 sqrt(n)) = 0.2 / (2 * 141.4) = 7.1e-4. Read back the growth
    // implied by the stock's p50 and allow 4 standard errors (a false alarm
    // about once in 16,000 seeds; this seed is fixed anyway).
    const se = 0.2 / (2 * Math.sqrt(trials));
    const implied = 4 * ((s.quantiles['p50']![last]! / 100) ** (1 / 40) - 1);
    expect(Math.abs(implied - 0.2)).toBeLessThan(4 * se);
    // Equivalently on the stock's own scale, via the slope of f at 0.2.
    const slope = (f(0.2 + 1e-6) - f(0.2 - 1e-6)) / 2e-6;
    expect(Math.abs(s.quantiles['p50']![last]! - f(0.2))).toBeLessThan(4 * se * slope);
  });

  it('every quantile of the stock is f of the same quantile of growth', () => {
    // No sampling error here: the same draws feed both. Type-7 quantiles
    // interpolate between neighbouring order statistics, which f (convex)
    // does not commute with exactly; neighbours at n = 20,000 are ~1e-5
    // apart in g, so the gap is ~f''/8 * 1e-10, far under 1e-6 relative.
    for (const key of ['p5', 'p25', 'p50', 'p75', 'p95']) {
      const viaGrowth = f(g.quantiles[key]![last]!);
      expect(Math.abs(s.quantiles[key]![last]! - viaGrowth) / viaGrowth, key).toBeLessThan(1e-6);
    }
  });

  it('stays within the image of the parameter range, and starts certain', () => {
    expect(s.min[last]).toBeGreaterThanOrEqual(f(0.1) * (1 - TIGHT));
    expect(s.max[last]).toBeLessThanOrEqual(f(0.3) * (1 + TIGHT));
    expect(s.sd[0]).toBeCloseTo(0, 9);
    expect(s.quantiles['p5']![0]).toBe(100);
    expect(s.quantiles['p95']![0]).toBe(100);
  });
});
