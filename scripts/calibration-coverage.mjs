#!/usr/bin/env node
// Coverage of calibrated posterior intervals, at a size too large for
// `pnpm test` (which runs `coverage(0, 20, 400)`): parameters drawn from the
// prior, observations generated from them with the model's own lognormal
// error, calibrated; a posterior 90% interval should cover the truth in
// about 90% of replications (85 of 100 at least). Run after a build:
//   pnpm run build && node scripts/calibration-coverage.mjs [replications] [trials]
import { pathToFileURL } from 'node:url';
import { calibratePlan, nameKey, prepareText, quantile, RandomStream } from '../packages/core/dist/index.js';
import { runPlanSync } from '../packages/core/dist/plans.js';

const LOG_SD = 0.08;
const Z95 = 1.6448536269514722;

/** Growth x(t) = x0 (1 + r)^t (Euler, dt 1): two parameters, observed at 4 and 10 with lognormal errors. */
const scenario = (x4, x10) => `
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

/** Replications [from, to): how many posterior 90% intervals covered r and x0. */
export function coverage(from, to, trials = 1000) {
  const g = new RandomStream();
  const normal = (u) => quantile({ kind: 'normal', mean: 0, sd: 1, min: -Infinity, max: Infinity }, u);
  const prior = { kind: 'lognormal', mu: Math.log(100), sigma: Math.log(2) / Z95, min: 0, max: Infinity };
  let r = 0;
  let x0 = 0;
  for (let rep = from; rep < to; rep++) {
    g.reset(2026, rep, nameKey('coverage'));
    const trueR = 0.15 * g.next();
    const trueX0 = quantile(prior, g.next());
    const x4 = trueX0 * (1 + trueR) ** 4 * Math.exp(LOG_SD * normal(g.next()));
    const x10 = trueX0 * (1 + trueR) ** 10 * Math.exp(LOG_SD * normal(g.next()));
    const model = prepareText(scenario(x4, x10), 'coverage.yaml');
    if (!model.ok) throw new Error(model.error[0].message);
    const plan = calibratePlan(model.value, { trials, seed: rep + 1 });
    if (!plan.ok) throw new Error(plan.error[0].message);
    const result = runPlanSync(plan.value);
    if (!result.ok) throw new Error(result.error[0].message);
    const covers = (id, truth) => {
      const q = result.value.parameters.find((x) => x.id === id).posterior;
      return q.p5 <= truth && truth <= q.p95;
    };
    if (covers('r', trueR)) r++;
    if (covers('x0', trueX0)) x0++;
  }
  return { r, x0, n: to - from };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? 100);
  const trials = Number(process.argv[3] ?? 1000);
  const started = performance.now();
  const got = coverage(0, n, trials);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${n} replications, ${trials} posterior draws each, ${seconds} s`);
  console.log(`90% intervals covering the truth: r ${got.r} of ${n}, x0 ${got.x0} of ${n}`);
  process.exitCode = got.r >= 0.85 * n && got.x0 >= 0.85 * n ? 0 : 1;
}
