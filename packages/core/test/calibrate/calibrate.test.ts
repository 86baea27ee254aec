/*
 * Calibration recovers known posteriors: a conjugate normal-normal case
 * (closed form), a uniform prior cut by a band (the truncated uniform), and
 * evidence that conflicts with the priors, named rather than fitted.
 */
import { describe, expect, it } from 'vitest';
import { calibratePlan, prepareText, type CalibrationResult, type Model } from '../../src/index.js';
import { runPlanSync } from '../../src/plans.js';
// @ts-expect-error a script of plain JavaScript, without types
import { coverage } from '../../../../scripts/calibration-coverage.mjs';

const compile = (text: string): Model => {
  const m = prepareText(text, 'calibrate.yaml');
  if (!m.ok) throw new Error(m.error.map((p) => `${p.code} ${p.message}`).join('\n'));
  return m.value;
};

export function calibrate(model: Model, settings: Parameters<typeof calibratePlan>[1]): CalibrationResult {
  const plan = calibratePlan(model, settings);
  if (!plan.ok) throw new Error(plan.error.map((p) => `${p.code} ${p.message}`).join('\n'));
  const r = runPlanSync(plan.value);
  if (!r.ok) throw new Error(r.error.map((p) => `${p.code} ${p.message}`).join('\n'));
  return r.value;
}

const column = (r: CalibrationResult, id: string) => {
  const j = r.sample.columns.indexOf(id);
  return r.sample.rows.map((row) => row[j]!);
};
const meanSd = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
  return { mean, sd };
};

describe('calibrate', () => {
  it('recovers the conjugate normal-normal posterior within Monte Carlo error (importance sampling)', () => {
    // theta ~ N(1, 2); y = theta observed as 4 with a normal error of sd 1:
    // posterior N((1/4 + 4/1) / (1/4 + 1), 1 / sqrt(1/4 + 1)) = N(3.4, 0.894).
    const model = compile(`
format: 1
id: conjugate
time: { start: 0, end: 1 }
parameters:
  theta: { dist: normal, mean: 1, sd: 2 }
variables:
  y: theta
observations:
  - { variable: y, time: 1, value: 4, sd: 1 }
`);
    const r = calibrate(model, { trials: 4000, seed: 11 });
    expect(r.method).toBe('importance');
    const { mean, sd } = meanSd(column(r, 'theta'));
    const exactMean = 3.4;
    const exactSd = 1 / Math.sqrt(1.25);
    // Standard error of an importance-sampled mean: sd / sqrt(ESS); of an sd about sd / sqrt(2 ESS). 4 of them.
    expect(Math.abs(mean - exactMean)).toBeLessThan((4 * exactSd) / Math.sqrt(r.ess));
    expect(Math.abs(sd - exactSd)).toBeLessThan((4 * exactSd) / Math.sqrt(2 * r.ess));
    expect(r.ess).toBeGreaterThan(1000);
    expect(r.observations[0]!.posterior_fit).toBeGreaterThan(r.observations[0]!.prior_fit);
  });

  it('cuts a uniform prior by a band into the truncated uniform (ABC-SMC)', () => {
    const model = compile(`
format: 1
id: band
time: { start: 0, end: 1 }
parameters:
  a: { dist: uniform, min: 0, max: 10 }
  b: { dist: uniform, min: 0, max: 1 }
variables:
  y: a
observations:
  - { variable: y, time: 1, value: 5, tolerance: 0.2 }
`);
    const r = calibrate(model, { trials: 2000, seed: 5 });
    expect(r.method).toBe('abc-smc');
    expect(r.rounds.at(-1)!.tolerance).toBe(1);
    const a = column(r, 'a');
    expect(Math.min(...a)).toBeGreaterThanOrEqual(4);
    expect(Math.max(...a)).toBeLessThanOrEqual(6);
    const { mean, sd } = meanSd(a);
    // U(4, 6): mean 5, sd 2 / sqrt(12) = 0.577; standard errors with the ESS.
    expect(Math.abs(mean - 5)).toBeLessThan((4 * 0.577) / Math.sqrt(r.ess));
    expect(Math.abs(sd - 0.577)).toBeLessThan(0.06);
    const sorted = [...a].sort((x, y) => x - y);
    expect(Math.abs(sorted[Math.floor(0.25 * a.length)]! - 4.5)).toBeLessThan(0.1);
    expect(Math.abs(sorted[Math.floor(0.75 * a.length)]! - 5.5)).toBeLessThan(0.1);
    // b is untouched by the evidence: still uniform on [0, 1].
    expect(Math.abs(meanSd(column(r, 'b')).mean - 0.5)).toBeLessThan(0.05);
    expect(r.observations[0]!.posterior_fit).toBe(1);
  });

  it('names the observation the priors cannot reproduce instead of a degenerate posterior', () => {
    const model = compile(`
format: 1
id: conflict
time: { start: 0, end: 1 }
parameters:
  a: { dist: uniform, min: 0, max: 10 }
variables:
  y: a
observations:
  - { variable: y, time: 1, value: 5, tolerance: 0.5 }
  - { variable: y, time: 1, value: 30, tolerance: 0.1, source: "a typo in the report" }
`);
    const plan = calibratePlan(model, { trials: 200, seed: 1 });
    if (!plan.ok) throw new Error('plan');
    const r = runPlanSync(plan.value);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error[0]!.code).toBe('conflict');
    expect(r.error[0]!.message).toContain('y@1 = 30');
    expect(r.error[0]!.path).toEqual(['observations', 1]);
  });
});

describe('posterior intervals cover the truth', () => {
  // 20 replications of 400 draws here (about 18 expected to cover); the 100 of the issue, of 1,000 draws each,
  // are `node scripts/calibration-coverage.mjs` (minutes: the adaptive rounds' weights cost draws squared).
  it('90% intervals of parameters drawn from the prior cover them in at least 16 of 20 replications', () => {
    const got = coverage(0, 20, 400) as { r: number; x0: number; n: number };
    expect(got.n).toBe(20);
    expect(got.r).toBeGreaterThanOrEqual(16);
    expect(got.x0).toBeGreaterThanOrEqual(16);
    // Not wider than it should be either: intervals that covered every time would be too wide.
    expect(got.r + got.x0).toBeLessThan(40);
  });
});
