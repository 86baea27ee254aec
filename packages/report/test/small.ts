import type { RunResult } from '@foresight/core';

/**
 * A small result written out by hand, shaped exactly as `foresight run
 * --format json` prints it, for golden tests of the text renderers. It
 * carries the awkward cases on purpose: an output without a unit, a
 * quantile one output lacks, a target relative to another time, a target
 * whose statistic was not finite (actual: null).
 */
export const small: RunResult = {
  scenario: 'example-growth',
  title: 'Talent pool with a decoupling risk',
  trials: 2000,
  seed: 7,
  times: [2020, 2025, 2030],
  outputs: {
    workforce: {
      unit: 'people',
      mean: [1_000_000, 3_451_234.5, 5_200_000],
      sd: [0, 301_234.25, 900_000],
      min: [1_000_000, 2_500_000, 3_000_000],
      max: [1_000_000, 4_400_000, 8_900_000],
      quantiles: {
        p5: [1_000_000, 2_950_000, 3_900_000],
        p50: [1_000_000, 3_436_000, 5_100_000],
        p95: [1_000_000, 3_980_000, 6_700_000],
      },
    },
    vc_share: {
      mean: [0.1, 0.0875, 0.05],
      sd: [0, 0.01, 0.02],
      min: [0.1, 0.06, 0],
      max: [0.1, 0.11, 0.09],
      quantiles: {
        p50: [0.1, 0.0875, 0.05],
        p5: [0.1, 0.07, 0.0123],
        p95: [0.1, 0.105, 0.085],
        p25: [0.1, 0.08, 0.04],
      },
    },
  },
  targets: [
    {
      variable: 'workforce',
      time: 2025,
      relative_to: 2020,
      stat: 'p50',
      value: 3.436,
      actual: 3.436,
      tolerance: 0.05,
      pass: true,
    },
    { variable: 'vc_share', time: 2030, stat: 'mean', value: 0.08, actual: 0.05, tolerance: 0.1, pass: false },
    {
      variable: 'vc_share',
      time: 2030,
      relative_to: 2020,
      stat: 'p5',
      value: 0.5,
      actual: null,
      tolerance: 0.05,
      pass: false,
    },
  ],
  provenance: {
    engine: '0.1.0',
    document_sha256: 'ab'.repeat(32),
    seed: 7,
    trials: 2000,
    quantile_method: 'exact',
    elapsed_ms: 41,
  },
};
