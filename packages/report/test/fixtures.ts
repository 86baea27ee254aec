import type { OutputSummary, RunResult } from '@foresight/core';

/**
 * Result documents shaped like the engine's, with the statistics of a
 * lognormal quantity whose median grows exponentially and whose spread widens
 * with the square root of time: the shape of a fan chart from a real run.
 * Closed-form so the fixtures need no engine; values are rounded to six
 * digits so snapshots do not depend on the last bit of Math.exp.
 */
export interface Growth {
  unit?: string;
  start: number;
  /** Log growth per year of the median. */
  growth: number;
  /** Log standard deviation after one year. */
  spread: number;
}

const Z: Record<string, number> = { p5: -1.6448536, p25: -0.6744898, p50: 0, p75: 0.6744898, p95: 1.6448536 };
const round = (x: number): number => Number(x.toPrecision(6));

function summarize(g: Growth, times: readonly number[]): OutputSummary {
  const t0 = times[0] ?? 0;
  const median = (t: number): number => g.start * Math.exp(g.growth * (t - t0));
  const sigma = (t: number): number => g.spread * Math.sqrt(t - t0);
  const column = (f: (t: number) => number): number[] => times.map((t) => round(f(t)));
  const quantiles = Object.fromEntries(
    Object.entries(Z).map(([key, z]) => [key, column((t) => median(t) * Math.exp(z * sigma(t)))]),
  );
  const summary: OutputSummary = {
    mean: column((t) => median(t) * Math.exp(sigma(t) ** 2 / 2)),
    sd: column((t) => median(t) * Math.exp(sigma(t) ** 2 / 2) * Math.sqrt(Math.expm1(sigma(t) ** 2))),
    min: column((t) => median(t) * Math.exp(-3.5 * sigma(t))),
    max: column((t) => median(t) * Math.exp(3.5 * sigma(t))),
    quantiles,
  };
  if (g.unit !== undefined) summary.unit = g.unit;
  return summary;
}

export function growthRun(
  scenario: string,
  outputs: Record<string, Growth>,
  options: { from?: number; to?: number; title?: string } = {},
): RunResult {
  const from = options.from ?? 2020;
  const to = options.to ?? 2035;
  const times = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const result: RunResult = {
    scenario,
    trials: 2000,
    seed: 7,
    times,
    outputs: Object.fromEntries(Object.entries(outputs).map(([id, g]) => [id, summarize(g, times)])),
    targets: [],
    provenance: {
      engine: '0.1.0',
      document_sha256: '0'.repeat(64),
      seed: 7,
      trials: 2000,
      quantile_method: 'exact',
      elapsed_ms: 41,
    },
  };
  if (options.title !== undefined) result.title = options.title;
  return result;
}

/** The report's two headline trends: a talent pool growing 1.0M -> ~6M and VC inflow near 38B USD. */
export const baseline = growthRun(
  'baseline',
  {
    workforce: { unit: 'people', start: 1.0e6, growth: Math.log(6) / 15, spread: 0.07 },
    vc_inflow: { unit: 'USD', start: 38e9, growth: 0.01, spread: 0.09 },
  },
  { title: 'Shanghai tech talent and capital, baseline' },
);

export const decouplingSevere = growthRun('decoupling-severe', {
  workforce: { unit: 'people', start: 1.0e6, growth: 0.095, spread: 0.08 },
  vc_inflow: { unit: 'USD', start: 38e9, growth: -0.05, spread: 0.14 },
});

export const talentSqueeze = growthRun('talent-squeeze', {
  workforce: { unit: 'people', start: 1.0e6, growth: 0.075, spread: 0.06 },
  vc_inflow: { unit: 'USD', start: 38e9, growth: 0.0, spread: 0.1 },
});
