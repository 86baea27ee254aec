import { describe, expect, it } from 'vitest';
import {
  compareModels,
  ComparisonSummary,
  prepareText,
  summarizeComparison,
  summaryTimes,
  type ComparisonResult,
} from '../../src/index.js';

/** `only`: an output only this scenario has. */
const doc = (id: string, growth: string, only = false) => `format: 1
id: ${id}
title: ${id} growth
time: { start: 2020, end: 2035 }
trials: 300
seed: 4
parameters:
  g: { dist: normal, mean: ${growth}, sd: 0.02 }
  shift: { dist: normal, mean: 0, sd: 1 }
stocks:
  w: { initial: 100, inflow: "w * g", unit: people }
variables:
  s: "shift"
${only ? '  only: "w * 2"\n' : ''}outputs: [w, s${only ? ', only' : ''}]
`;

function compared(...texts: string[]): ComparisonResult {
  const models = texts.map((t) => {
    const m = prepareText(t, 'c.yaml');
    if (!m.ok) throw new Error(m.error.map((p) => p.message).join('\n'));
    return m.value;
  });
  const c = compareModels(models[0]!, models.slice(1), {});
  if (!c.ok) throw new Error('compare failed');
  return c.value;
}

describe('summaryTimes', () => {
  it('takes the last reporting time and the one nearest a third of the horizon before it', () => {
    expect(
      summaryTimes([2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2035]),
    ).toEqual([2030, 2035]);
    expect(summaryTimes([0, 2, 4, 6, 8, 10])).toEqual([6, 10]);
    expect(summaryTimes([5])).toEqual([5]);
    expect(summaryTimes([])).toEqual([]);
  });
});

describe('summarizeComparison', () => {
  const result = compared(doc('base', '0.05'), doc('fast', '0.08'), doc('slow', '0.02', true));
  const summary = summarizeComparison(result);

  it('is a document its zod schema accepts, at 2030 and 2035 by default', () => {
    expect(ComparisonSummary.parse(JSON.parse(JSON.stringify(summary)))).toEqual(summary);
    expect(summary).toMatchObject({ base: 'base', trials: 300, seed: 4, times: [2030, 2035] });
    expect(summary.outputs.map((o) => o.id)).toEqual(['w', 's', 'only']);
  });

  it('gives each future its median and 90% band, the base first and without a change', () => {
    const w = summary.outputs[0]!;
    expect(w.unit).toBe('people');
    expect(w.futures.map((f) => [f.scenario, f.title])).toEqual([
      ['base', 'base growth'],
      ['fast', 'fast growth'],
      ['slow', 'slow growth'],
    ]);
    const base = result.runs[0]!.outputs['w']!;
    expect(w.futures[0]!.at).toEqual([
      { time: 2030, p50: base.quantiles['p50']![10], p5: base.quantiles['p5']![10], p95: base.quantiles['p95']![10] },
      { time: 2035, p50: base.quantiles['p50']![15], p5: base.quantiles['p5']![15], p95: base.quantiles['p95']![15] },
    ]);
  });

  it('takes the paired change, with P(alt > base) and P(alt < base), from the comparison', () => {
    const [, fast, slow] = summary.outputs[0]!.futures;
    const entry = result.comparisons[0]!.outputs['w']!;
    if ('absent' in entry) throw new Error('absent');
    expect(fast!.at[1]!.change).toEqual({
      p50: entry.difference.quantiles['p50']![15],
      relative_p50: entry.difference.relative_p50[15],
      p_greater: 1,
      p_less: 0,
    });
    expect(slow!.at[1]!.change).toMatchObject({ p_greater: 0, p_less: 1 });
    // The same draws of `shift` in every future: no trial differs.
    expect(summary.outputs[1]!.futures[2]!.at[0]!.change).toMatchObject({ p50: 0, p_greater: 0, p_less: 0 });
  });

  it('marks what a future lacks with nulls, and honours chosen times and outputs', () => {
    const only = summary.outputs[2]!;
    expect(only.futures[0]!.at[0]).toEqual({ time: 2030, p50: null, p5: null, p95: null });
    expect(only.futures[1]!.at[0]).toEqual({ time: 2030, p50: null, p5: null, p95: null, change: null });
    expect(only.futures[2]!.at[0]!.p50).toBeGreaterThan(0);
    const chosen = summarizeComparison(result, { times: [2025, 2040], outputs: ['s'] });
    expect(chosen.times).toEqual([2025, 2040]);
    expect(chosen.outputs.map((o) => o.id)).toEqual(['s']);
    expect(chosen.outputs[0]!.futures[1]!.at[1]).toEqual({ time: 2040, p50: null, p5: null, p95: null, change: null });
  });
});
