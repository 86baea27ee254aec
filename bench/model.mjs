// The benchmark model: 10 coupled stocks, 30 variables, two per-trial
// parameters and two per-step noise parameters; written once as a scenario
// document and once as a hand-written loop with the same draws.
export const STOCKS = 10;

export function benchmarkDocument({ trials = 20000, end = 2080 } = {}) {
  const stocks = {};
  const variables = {};
  for (let i = 0; i < STOCKS; i++) {
    const prev = `s${(i + STOCKS - 1) % STOCKS}`;
    stocks[`s${i}`] = { initial: 100 * (i + 1), inflow: `x${i}`, outflow: `s${i} * 0.02`, min: 0 };
    variables[`g${i}`] = `growth * (1 + noise) * (1 - s${i} / cap)`;
    variables[`d${i}`] = `max(0, ${prev} - s${i}) * 0.01 + shock * 0.001 * s${i}`;
    variables[`x${i}`] = `g${i} * s${i} + d${i} * (1 + jitter)`;
  }
  return {
    format: 1,
    id: 'bench',
    time: { start: 2020, end, dt: 0.25, report: 1 },
    trials,
    seed: 1,
    parameters: {
      growth: { dist: 'normal', mean: 0.08, sd: 0.01 },
      cap: { dist: 'lognormal', p5: 5000, p95: 20000 },
      noise: { dist: 'normal', mean: 0, sd: 0.05, per: 'step' },
      jitter: { dist: 'uniform', min: -0.1, max: 0.1, per: 'step' },
    },
    shocks: { shock: { rate: 0.2, half_life: 2 } },
    stocks,
    variables,
    outputs: ['s0', 's5', 'x9'],
  };
}
