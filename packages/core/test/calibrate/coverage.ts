/*
 * Coverage of posterior intervals: parameters drawn from the prior, data
 * generated from them with the model's own error, then calibrated. A
 * posterior 90% interval should cover the truth in about 90% of
 * replications.
 */
import { calibratePlan, prepareText, RandomStream, nameKey, quantile } from '../../src/index.js';
import { runPlanSync } from '../../src/plans.js';

const LOG_SD = 0.08;

/** Growth x(t) = x0 (1 + r)^t (Euler, dt 1): two parameters, observed at 4 and 10 with lognormal errors. */
function scenario(x4: number, x10: number): string {
  return `
format: 1
id: coverage
time: { start: 0, end: 10 }
parameters:
  r: { dist: uniform, min: 0, max: 0.15 }
  x0: { dist: lognormal, p5: 50, p95: 200 }
stocks:
  x: { initial: x0, inflow: "x * r" }
observations:
  - { variable: x, time: 4, value: ${x4}, log_sd: ${LOG_SD} }
  - { variable: x, time: 10, value: ${x10}, log_sd: ${LOG_SD} }
`;
}

/** Replications [from, to): how many posterior 90% intervals covered r and x0. */
export function coverage(from: number, to: number, trials = 1000): { r: number; x0: number; n: number } {
  const g = new RandomStream();
  const normal = (u: number) => quantile({ kind: 'normal', mean: 0, sd: 1, min: -Infinity, max: Infinity }, u);
  let r = 0;
  let x0 = 0;
  for (let rep = from; rep < to; rep++) {
    g.reset(2026, rep, nameKey('coverage'));
    const trueR = 0.15 * g.next();
    const trueX0 = quantile(
      { kind: 'lognormal', mu: Math.log(100), sigma: Math.log(2) / 1.6448536269514722, min: 0, max: Infinity },
      g.next(),
    );
    const x4 = trueX0 * (1 + trueR) ** 4 * Math.exp(LOG_SD * normal(g.next()));
    const x10 = trueX0 * (1 + trueR) ** 10 * Math.exp(LOG_SD * normal(g.next()));
    const model = prepareText(scenario(x4, x10), 'coverage.yaml');
    if (!model.ok) throw new Error(model.error[0]!.message);
    const plan = calibratePlan(model.value, { trials, seed: rep + 1 });
    if (!plan.ok) throw new Error(plan.error[0]!.message);
    const result = runPlanSync(plan.value);
    if (!result.ok) throw new Error(result.error[0]!.message);
    const p = result.value.parameters;
    const covers = (id: string, truth: number) => {
      const q = p.find((x) => x.id === id)!.posterior;
      return q.p5 <= truth && truth <= q.p95;
    };
    if (covers('r', trueR)) r++;
    if (covers('x0', trueX0)) x0++;
    else if (process.env['COVERAGE_DEBUG']) {
      const q = p.find((x) => x.id === 'x0')!.posterior;
      console.log(
        rep,
        trueX0.toFixed(1),
        trueR.toFixed(4),
        q.p5.toFixed(1),
        q.p95.toFixed(1),
        result.value.ess.toFixed(0),
        result.value.rounds.length,
      );
    }
  }
  return { r, x0, n: to - from };
}
