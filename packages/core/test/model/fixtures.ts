/** Documents the model tests share. */

/** Every parameter kind, per-trial and per-step, a Poisson shock on a parameter rate, a fixed shock. */
export const EVERY_KIND = `
format: 1
id: every-kind
time: { start: 2020, end: 2030, dt: 0.5 }
seed: 5
parameters:
  g: { dist: normal, mean: 0.05, sd: 0.02 }
  gt: { dist: normal, mean: 0.05, sd: 0.02, min: 0, max: 0.08 }
  cap: { dist: lognormal, p5: 800, p95: 2000 }
  sev: { dist: triangular, min: 0.05, mode: 0.2, max: 0.5 }
  pe: { dist: pert, min: 0, mode: 0.3, max: 1 }
  on: { dist: bernoulli, p: 0.3 }
  pick: { dist: discrete, values: [1, 2, 3], weights: [1, 2, 1] }
  u: { dist: uniform, min: 0.1, max: 0.5 }
  k: 3
  noise: { dist: normal, mean: 0, sd: 0.01, per: step }
  jolt: { dist: pert, min: -0.01, mode: 0, max: 0.02, per: step }
shocks:
  crisis: { rate: u, half_life: 2, max_events: 4 }
  fixed: { at: [2024] }
stocks:
  w:
    initial: "100 * pick"
    inflow: "w * (g + gt + noise + jolt) * (1 - w / cap) + on * pe * k"
    outflow: "w * sev * 0.1 * (crisis + fixed)"
    min: 0
variables:
  y: "w * 2"
`;
