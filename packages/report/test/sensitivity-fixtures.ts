import type { SobolResult, TornadoResult } from '@foresight/core';

/**
 * Sensitivity results written out by hand, shaped as `foresight sensitivity
 * --format json` prints them, with the awkward cases on purpose: a bar with
 * no swing, a bar whose ends fall on one side of the base (an effect that
 * turns back), a parameter moved with a correlated partner, a Poisson shock
 * and a fixed one; a Sobol group, a negative first-order estimate, an
 * undefined index, and times at which the output does not vary.
 */
export const tornado: TornadoResult = {
  method: 'tornado',
  scenario: 'example-growth',
  title: 'Talent pool with a decoupling risk',
  output: 'vc_inflow',
  unit: 'USD/year',
  at: 2030,
  seed: 7,
  runs: 11,
  notes: [
    'each per-trial parameter with a spread at its p10 and p90, every other at its median; vc_inflow at t = 2030',
    'per-step parameters held at their median at every step: noise',
  ],
  warnings: [],
  percentiles: [0.1, 0.9],
  base: 52.7e9,
  bars: [
    {
      parameter: 'workforce_2020',
      unit: 'people',
      median: 1e6,
      low: 756e3,
      high: 1.3e6,
      output_low: 62.2e9,
      output_high: 44.3e9,
      swing: 17.9e9,
      moved_with: [],
    },
    {
      parameter: 'labour_pool',
      unit: 'people',
      median: 8.5e6,
      low: 6.48e6,
      high: 11.1e6,
      output_low: 44.4e9,
      output_high: 62.1e9,
      swing: 17.7e9,
      moved_with: [],
    },
    {
      parameter: 'decoupling_rate',
      unit: 'events/year',
      median: 0.245,
      low: 0.122,
      high: 0.492,
      output_low: 61e9,
      output_high: 51.4e9,
      swing: 9.6e9,
      moved_with: [{ parameter: 'decoupling_severity', low: 0.21, high: 0.41 }],
    },
    {
      parameter: 'vc_talent_elasticity',
      median: 0.79,
      low: 0.655,
      high: 0.906,
      output_low: 48.7e9,
      output_high: 55.8e9,
      swing: 7.1e9,
      moved_with: [],
    },
    {
      parameter: 'turning',
      median: 0.5,
      low: 0.1,
      high: 0.9,
      output_low: 50.1e9,
      output_high: 48.2e9,
      swing: 1.9e9,
      moved_with: [],
    },
    {
      parameter: 'chip_share',
      median: 0.08,
      low: 0.0692,
      high: 0.0987,
      output_low: 52.7e9,
      output_high: 52.7e9,
      swing: 0,
      moved_with: [],
    },
  ],
  shocks: [
    { shock: 'decoupling', treatment: 'median', rate: 0.245, events: [2023, 2026, 2029, 2032] },
    { shock: 'tariffs', treatment: 'fixed', events: [2025] },
  ],
  step_parameters: [{ parameter: 'noise', median: 0 }],
  provenance: { engine: '0.1.0', document_sha256: 'ab'.repeat(32), elapsed_ms: 28 },
};

const nulls = (n: number): null[] => Array.from({ length: n }, () => null);

export const sobol: SobolResult = {
  method: 'sobol',
  scenario: 'example-growth',
  title: 'Talent pool with a decoupling risk',
  output: 'workforce',
  unit: 'people',
  at: 2025,
  seed: 7,
  runs: 5120,
  notes: ['1024 samples x (3 factors + 2) = 5120 model runs (Saltelli design)'],
  warnings: [
    'the 95% intervals of growth are wider than 0.1 (up to 0.123): too few samples to rank them; about --samples 2048 would narrow them to 0.1',
  ],
  samples: 1024,
  resamples: 1000,
  confidence: 0.95,
  mean: 3.4e6,
  variance: 2.5e11,
  factors: [
    {
      id: 'growth',
      parameters: ['growth'],
      first: { estimate: 0.62, low: 0.55, high: 0.673 },
      total: { estimate: 0.7, low: 0.66, high: 0.75 },
    },
    {
      id: 'rate + severity',
      parameters: ['rate', 'severity'],
      first: { estimate: -0.004, low: -0.03, high: 0.021 },
      total: { estimate: 0.18, low: 0.15, high: 0.21 },
    },
    {
      id: 'ceiling',
      parameters: ['ceiling'],
      first: { estimate: 0.1, low: 0.08, high: 0.12 },
      total: { estimate: 0.12, low: 0.1, high: 0.14 },
    },
    {
      id: 'unused',
      parameters: ['unused'],
      first: { estimate: 0, low: 0, high: 0 },
      total: { estimate: 0, low: 0, high: 0 },
    },
  ],
  over_time: {
    times: [2020, 2021, 2022, 2023, 2024, 2025],
    mean: [1e6, 1.3e6, 1.7e6, 2.2e6, 2.8e6, 3.4e6],
    variance: [0, 1e9, 4e9, 2e10, 9e10, 2.5e11],
    factors: [
      {
        id: 'growth',
        first: [null, 0.9, 0.85, 0.75, 0.68, 0.62],
        first_low: [null, 0.86, 0.8, 0.7, 0.62, 0.55],
        first_high: [null, 0.95, 0.9, 0.8, 0.74, 0.673],
        total: [null, 0.93, 0.88, 0.8, 0.74, 0.7],
        total_low: [null, 0.9, 0.84, 0.76, 0.7, 0.66],
        total_high: [null, 0.96, 0.92, 0.84, 0.78, 0.75],
      },
      {
        id: 'rate + severity',
        first: [null, 0, 0, -0.01, -0.005, -0.004],
        first_low: [null, 0, 0, -0.03, -0.03, -0.03],
        first_high: [null, 0, 0, 0.01, 0.02, 0.021],
        total: [null, 0, 0, 0.08, 0.14, 0.18],
        total_low: [null, 0, 0, 0.06, 0.11, 0.15],
        total_high: [null, 0, 0, 0.1, 0.17, 0.21],
      },
      {
        id: 'ceiling',
        first: [null, 0.05, 0.08, 0.09, 0.1, 0.1],
        first_low: [null, 0.03, 0.06, 0.07, 0.08, 0.08],
        first_high: [null, 0.07, 0.1, 0.11, 0.12, 0.12],
        total: [null, 0.06, 0.1, 0.11, 0.12, 0.12],
        total_low: [null, 0.04, 0.08, 0.09, 0.1, 0.1],
        total_high: [null, 0.08, 0.12, 0.13, 0.14, 0.14],
      },
      {
        id: 'unused',
        first: [null, 0, 0, 0, 0, 0],
        first_low: nulls(6),
        first_high: nulls(6),
        total: [null, 0, 0, 0, 0, 0],
        total_low: nulls(6),
        total_high: nulls(6),
      },
    ],
  },
  provenance: { engine: '0.1.0', document_sha256: 'cd'.repeat(32), elapsed_ms: 410 },
};

/** The same Sobol result at one time only, as without --over-time. */
export const sobolAtOneTime: SobolResult = (() => {
  const { over_time: _unused, ...rest } = sobol;
  return rest;
})();
