import { describe, expect, it } from 'vitest';
import { CheckReport, prepareText, quantile, type Model } from '@foresight/core';
import { checkAssumptions, parameterRange, renderCheckTable } from '../src/index.js';

function model(text: string): Model {
  const m = prepareText(text, 'test.yaml');
  if (!m.ok) throw new Error(JSON.stringify(m.error));
  return m.value;
}

const growing = `
format: 1
id: growing
time: { start: 2020, end: 2030 }
parameters:
  growth: { dist: normal, mean: 0.05, sd: 0.02 }
  start:  { dist: uniform, min: 1, max: 2 }
stocks:
  x: { initial: start, inflow: "x * growth" }
assumptions:
  - { name: x stays small, holds: "x < 5" }
  - { name: x stays positive, holds: "x > 0" }
  - { name: faster growth never lowers x, monotone: { output: x, at: 2030, in: growth, direction: increasing } }
  - { name: faster growth never raises x, monotone: { output: x, at: 2030, in: growth, direction: decreasing } }
`;

const shocked = `
format: 1
id: shocked
time: { start: 2020, end: 2030, dt: 0.5 }
parameters:
  noise: { dist: normal, mean: 0, sd: 0.1, per: step }
  severity: { dist: pert, min: 0.1, mode: 0.2, max: 0.5 }
stocks:
  y: { initial: 100, inflow: "y * noise * 0.01" }
variables:
  hit: "y * (1 - severity * min(crisis, 1))"
shocks:
  crisis: { rate: 0.3, max_events: 4 }
assumptions:
  - { name: crises never cut y below 80, holds: "hit >= 80" }
  - { name: hit is positive, holds: "hit > 0" }
`;

describe('checkAssumptions', () => {
  const m = model(growing);
  const report = checkAssumptions(m, { runs: 200, seed: 3 });
  const byName = (n: string) => report.assumptions.find((a) => a.name === n)!;

  it('validates against the report schema', () => {
    expect(CheckReport.parse(report)).toEqual(report);
    expect(report.violated).toBe(2);
  });

  it('finds a false holds with a shrunk counterexample and the first violation time', () => {
    const a = byName('x stays small');
    expect(a.status).toBe('violated');
    const c = a.counterexample!;
    expect(c.values.x).toBeGreaterThanOrEqual(5);
    expect(c.time).toBeGreaterThan(2020);
    expect(c.time).toBeLessThanOrEqual(2030);
    // Shrunk: at most one of the two parameters is away from its median.
    const growthRange = parameterRange(m.parameters[0]!.distribution);
    const startRange = parameterRange(m.parameters[1]!.distribution);
    expect(c.parameters.growth).toBeLessThanOrEqual(growthRange.hi);
    expect(c.parameters.growth).toBeGreaterThan(growthRange.median);
    // Reproduce: the first violation is at c.time, not before.
    const g = c.parameters.growth!;
    let x = c.parameters.start!;
    let first = -1;
    for (let k = 0; k <= 10 && first < 0; k++) {
      if (!(x < 5)) first = 2020 + k;
      x += x * g;
    }
    expect(first).toBe(c.time);
    expect(startRange.lo).toBe(1);
  });

  it('reports a true holds as holding', () => {
    expect(byName('x stays positive').status).toBe('holds');
    expect(byName('x stays positive').counterexample).toBeUndefined();
  });

  it('finds a false monotone relation and keeps the true one', () => {
    expect(byName('faster growth never lowers x').status).toBe('holds');
    const a = byName('faster growth never raises x');
    expect(a.status).toBe('violated');
    const p = a.counterexample!.pair!;
    expect(p.lo).toBeLessThan(p.hi);
    expect(p.output_hi!).toBeGreaterThan(p.output_lo!);
    expect(a.counterexample!.parameters.growth).toBeUndefined();
  });

  it('gives the same report for the same seed', () => {
    expect(checkAssumptions(model(growing), { runs: 200, seed: 3 })).toEqual(report);
    expect(renderCheckTable(checkAssumptions(m, { runs: 200, seed: 3 }))).toBe(renderCheckTable(report));
  });

  it('searches shock timings and per-step sequences, shrinking toward fewer events', () => {
    const s = checkAssumptions(model(shocked), { runs: 300, seed: 11 });
    expect(CheckReport.parse(s)).toEqual(s);
    const a = s.assumptions[0]!;
    expect(a.status).toBe('violated');
    const c = a.counterexample!;
    expect(c.shocks.crisis!.length).toBe(1);
    expect(c.shocks.crisis![0]!).toBeLessThanOrEqual(c.time);
    expect(c.step_parameters.noise).toHaveLength(21);
    expect(c.values.hit!).toBeLessThan(80);
    expect(Object.keys(c.values).sort()).toEqual(['hit']);
    expect(s.assumptions[1]!.status).toBe('holds');
    expect(checkAssumptions(model(shocked), { runs: 300, seed: 11 })).toEqual(s);
  });
});

describe('shock windows and per-event severities', () => {
  const windowed = `
format: 1
id: windowed
time: { start: 2020, end: 2030, dt: 0.5 }
parameters:
  sev: { dist: uniform, min: 0.5, max: 1, per: event }
  hl: { dist: uniform, min: 2, max: 4 }
variables:
  y: "crisis"
shocks:
  crisis: { rate: 0.4, from: 2025, half_life: hl, severity: sev, max_events: 6 }
assumptions:
  - { name: nothing before the window, holds: "t >= 2025 or crisis == 0" }
  - { name: one heavy escalation at most, holds: "crisis < 1.5" }
`;

  it('searches events inside the window only, and a severity for each event', () => {
    const s = checkAssumptions(model(windowed), { runs: 300, seed: 5 });
    expect(CheckReport.parse(s)).toEqual(s);
    expect(s.assumptions[0]!.status).toBe('holds');
    const a = s.assumptions[1]!;
    expect(a.status).toBe('violated');
    const c = a.counterexample!;
    expect(c.shocks.crisis!.length).toBeGreaterThanOrEqual(2);
    for (const t of c.shocks.crisis!) expect(t).toBeGreaterThanOrEqual(2025);
    // One value per event the shock can hold, each inside the parameter's range.
    const weights = c.event_parameters!.sev!;
    expect(weights.length).toBeGreaterThanOrEqual(c.shocks.crisis!.length);
    for (const w of weights) expect(w).toBeGreaterThanOrEqual(0.5);
    expect(c.parameters.sev).toBeUndefined();
    expect(renderCheckTable(s)).toContain('    sev per event: ');
  });
});

describe('parameterRange', () => {
  it('uses bounds, else the 0.1%-99.9% quantiles', () => {
    const d = { kind: 'normal', mean: 0, sd: 1, min: -Infinity, max: 0.5 } as const;
    const r = parameterRange(d);
    expect(r.lo).toBe(quantile(d, 0.001));
    expect(r.lo).toBeLessThan(-3);
    expect(r.hi).toBe(0.5);
    const l = parameterRange({ kind: 'lognormal', mu: 0, sigma: 1, min: 0, max: Infinity });
    expect(l.lo).toBeGreaterThan(0);
    expect(l.median).toBeCloseTo(1, 6);
    expect(parameterRange({ kind: 'triangular', min: 1, mode: 2, max: 4 })).toMatchObject({ lo: 1, hi: 4 });
    expect(parameterRange({ kind: 'bernoulli', p: 0.9 }).choices).toEqual([1, 0]);
  });
});

describe('searched ranges stay finite', () => {
  it('clamps quantiles past the largest double, which a counterexample would print as null', () => {
    const wide = model(
      `format: 1\nid: wide\ntime: { start: 0, end: 1 }\nparameters:\n  a: { dist: normal, mean: 0, sd: 1e308 }\nvariables: { v: "a" }\nassumptions:\n  - { name: small, holds: "v < 1" }\n`,
    );
    const range = parameterRange(wide.parameters[0]!.distribution);
    expect([range.lo, range.hi, range.median]).toEqual([-Number.MAX_VALUE, Number.MAX_VALUE, 0]);
    const report = checkAssumptions(wide, { runs: 20, seed: 1 });
    expect(report.assumptions[0]!.status).toBe('violated');
    expect(Object.values(report.assumptions[0]!.counterexample!.parameters).every(Number.isFinite)).toBe(true);
  });

  it('searches the middle of the bounds when the quantiles are NaN far in a tail', () => {
    const tail = model(
      `format: 1\nid: tail\ntime: { start: 0, end: 1 }\nparameters:\n  a: { dist: normal, mean: 1.7e308, sd: 1, min: 0, max: 1e308 }\nvariables: { v: "a" }\n`,
    );
    const range = parameterRange(tail.parameters[0]!.distribution);
    expect([range.lo, range.hi, range.median]).toEqual([0, 1e308, 5e307]);
  });
});
