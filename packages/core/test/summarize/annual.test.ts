import { describe, expect, it } from 'vitest';
import { prepareText, runModel } from '../../src/index.js';
import { problems, relErr, run } from '../helpers.js';

/*
 * Targets with `over: year` compare a variable's integral over [time, time + 1]:
 * a flow's total over the year, a level's average over it. The integral is a
 * hidden stock integrated with the run's method, so it is what a stock
 * accumulating the variable would gain over the year.
 */
const doc = (method: string, targets: string, extra = '') => `format: 1
id: a
time: { start: 2020, end: 2030, dt: 0.25, method: ${method} }
trials: 50
parameters:
  g: { dist: uniform, min: 0.05, max: 0.15 }
stocks:
  w: { initial: 100, inflow: "w * 0.1" }
variables:
  c: "3"
  q: "(t - 2020) ^ 2"
  scaled: "g * 10"
${extra}targets:
${targets}`;

const actual = (text: string, i = 0) => run(text).targets[i]!.actual!;

describe('targets over a year', () => {
  it('total a constant flow exactly, and report the key', () => {
    const r = run(doc('euler', '  - { variable: c, time: 2021, over: year, value: 3, tolerance: 0 }\n'));
    expect(r.targets[0]).toMatchObject({ variable: 'c', time: 2021, over: 'year', actual: 3, pass: true });
  });

  it('integrate with the run method: RK4 exactly for a quadratic, Euler as its left sum', () => {
    const target = '  - { variable: q, time: 2022, over: year, value: 6.333 }\n';
    expect(relErr(actual(doc('rk4', target)), 19 / 3)).toBeLessThanOrEqual(1e-14);
    // Euler steps at 2022, 2022.25, 2022.5, 2022.75 each add dt * q(t).
    expect(actual(doc('euler', target))).toBe(0.25 * (4 + 5.0625 + 6.25 + 7.5625));
  });

  it('take a ratio of two years, and stats over trials of the per-trial integral', () => {
    // w grows at 10% a year continuously: its yearly integrals grow by e^0.5 over five years
    // (RK4's own error: (0.1 dt)^5 / 120 a step, 1.6e-9 over twenty).
    const ratio = actual(doc('rk4', '  - { variable: w, time: 2025, relative_to: 2020, over: year, value: 1.6487 }\n'));
    expect(relErr(ratio, Math.exp(0.5))).toBeLessThanOrEqual(3e-9);
    // A parameter's integral over a year is its value: the p90 of the integrals is the p90 of the draws.
    const r = run(doc('euler', '  - { variable: scaled, time: 2024, over: year, stat: p90, value: 1.4 }\n'));
    const levels = run(doc('euler', '  - { variable: scaled, time: 2024, stat: p90, value: 1.4 }\n'));
    expect(relErr(r.targets[0]!.actual!, levels.targets[0]!.actual!)).toBeLessThanOrEqual(1e-14);
  });

  it('give the same targets through the streamed (sketch) path, within its rank error', () => {
    const text = doc('rk4', '  - { variable: w, time: 2024, over: year, value: 150, stat: mean }\n');
    const m = prepareText(text, 'a.yaml');
    if (!m.ok) throw new Error('does not compile');
    const exact = runModel(m.value, { quantileMethod: 'exact' });
    const streamed = runModel(m.value, { quantileMethod: 'sketch' });
    if (!exact.ok || !streamed.ok) throw new Error('did not run');
    expect(relErr(streamed.value.targets[0]!.actual!, exact.value.targets[0]!.actual!)).toBeLessThanOrEqual(1e-12);
  });

  it('need the year inside the reporting times', () => {
    const ps = problems(doc('euler', '  - { variable: c, time: 2030, relative_to: 2025, over: year, value: 3 }\n'));
    expect(ps).toEqual([
      expect.objectContaining({
        code: 'schema',
        path: ['targets', 0, 'over'],
        line: 14,
        message:
          'over: year integrates over [time, time + 1], and 2031 is not a reporting time (2020, 2021, ..., 2030)',
      }),
    ]);
    expect(problems(doc('euler', '  - { variable: c, time: 2021, over: month, value: 3 }\n'))[0]).toMatchObject({
      code: 'schema',
      path: ['targets', 0, 'over'],
    });
  });
});
