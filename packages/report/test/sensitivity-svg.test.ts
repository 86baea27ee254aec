import { SensitivityResult, type SobolResult, type TornadoResult } from '@foresight/core';
import { describe, expect, test } from 'vitest';
import { elements, expectWellFormed } from './svg-helpers.js';
import { renderSensitivityChart, renderSobolChart, renderSobolTimeChart, renderTornadoChart } from '../src/index.js';
import { sobol, sobolAtOneTime, tornado } from './sensitivity-fixtures.js';

const texts = (svg: string): string[] => svg.match(/>[^<>]+<\/text>/g)?.map((t) => t.slice(1, -7)) ?? [];

describe('the fixtures are what core produces', () => {
  test.each([
    ['tornado', tornado],
    ['sobol', sobol],
    ['sobol at one time', sobolAtOneTime],
  ])('%s', (_, r) => {
    expect(SensitivityResult.parse(r)).toEqual(r);
  });
});

describe('renderTornadoChart', () => {
  const svg = renderTornadoChart(tornado);

  test('draws two bars per parameter from the base, in the order of the result', () => {
    expectWellFormed(svg);
    const bars = elements(svg, 'g').filter((g) => g['class'] === 'bar');
    expect(bars.map((b) => b['data-parameter'])).toEqual(tornado.bars.map((b) => b.parameter));
    const rects = elements(svg, 'rect').filter((r) => r['class']?.startsWith('end'));
    expect(rects).toHaveLength(2 * tornado.bars.length);
    // The no-swing bar is still a visible hairline at the base.
    expect(rects.slice(-2).map((r) => r['width'])).toEqual(['1', '1']);
  });

  test('bars reach from the base line: the low end blue, the high end vermillion', () => {
    const base = elements(svg, 'line').find((l) => l['stroke'] === '#222222' && l['stroke-width'] === '1.5')!;
    const bx = Number(base['x1']);
    const rects = elements(svg, 'rect').filter((r) => r['class']?.startsWith('end'));
    for (const r of rects) {
      const left = Number(r['x']);
      const right = left + Number(r['width']);
      expect(Math.min(Math.abs(left - bx), Math.abs(right - bx))).toBeLessThanOrEqual(0.01);
      expect(r['fill']).toBe(r['class'] === 'end end-low' ? '#0072B2' : '#D55E00');
    }
  });

  test('labels parameters, the values at the ends, the base, the unit, and explains the treatment of inputs', () => {
    const t = texts(svg);
    expect(t).toEqual(
      expect.arrayContaining(['workforce_2020', 'decoupling_rate *', '756k', '1.30M', 'base 52.7B', 'USD/year']),
    );
    expect(t).toEqual(
      expect.arrayContaining([
        '* moves its correlated parameters with it, to their conditional medians',
        'Poisson shocks at their median event count, evenly spread over the horizon (decoupling 4 events at the base)',
        'per-step parameters at their medians: noise',
      ]),
    );
  });

  test('shows the top bars and counts the rest', () => {
    const top = renderTornadoChart(tornado, { top: 2 });
    expect(elements(top, 'g').filter((g) => g['class'] === 'bar')).toHaveLength(2);
    expect(texts(top)).toContain('4 more parameters with smaller swings not shown');
  });

  test('is deterministic and matches the snapshot', async () => {
    expect(renderTornadoChart(structuredClone(tornado))).toBe(svg);
    await expect(svg).toMatchFileSnapshot('./__snapshots__/tornado.svg');
  });
});

describe('renderSobolChart', () => {
  const svg = renderSobolChart(sobolAtOneTime);

  test('draws a first-order and a total bar per factor with their intervals, largest total first', () => {
    expectWellFormed(svg);
    const groups = elements(svg, 'g').filter((g) => g['class'] === 'factor');
    expect(groups.map((g) => g['data-factor'])).toEqual(['growth', 'rate + severity', 'ceiling', 'unused']);
    expect(elements(svg, 'rect').filter((r) => r['class'] === 'index index-first')).toHaveLength(4);
    expect(elements(svg, 'rect').filter((r) => r['class'] === 'index index-total')).toHaveLength(4);
    expect(elements(svg, 'path').filter((p) => p['class']?.startsWith('interval'))).toHaveLength(8);
  });

  test('a negative estimate is drawn to the left of zero; values, warnings and the group are written out', () => {
    const first = elements(svg, 'rect').filter((r) => r['class'] === 'index index-first');
    const zero = Number(first[0]!['x']);
    expect(Number(first[1]!['x'])).toBeLessThan(zero);
    const t = texts(svg);
    expect(t).toEqual(
      expect.arrayContaining(['0.62', '0.70', '-0.004', '0.18', 'share of the output&apos;s variance']),
    );
    expect(t).toEqual(
      expect.arrayContaining(['a factor named a + b is a group of correlated parameters, varied together']),
    );
    expect(t.some((x) => x.startsWith('the 95% intervals of growth are wider than 0.1'))).toBe(true);
  });

  test('leaves out factors that explain nothing, after the first five, and says so', () => {
    const many: SobolResult = {
      ...sobolAtOneTime,
      factors: [
        ...sobolAtOneTime.factors.slice(0, 3),
        ...Array.from({ length: 6 }, (_, i) => ({
          id: `p${i}`,
          parameters: [`p${i}`],
          first: { estimate: 0, low: 0, high: 0 },
          total: { estimate: 0.001, low: 0, high: 0.002 },
        })),
      ],
    };
    const out = renderSobolChart(many);
    expect(elements(out, 'g').filter((g) => g['class'] === 'factor')).toHaveLength(5);
    expect(texts(out)).toContain('4 more factors not shown, total index 0.001 or less');
  });

  test('an undefined index is written as such, not drawn as zero', () => {
    const undefinedIndex: SobolResult = {
      ...sobolAtOneTime,
      factors: [
        {
          id: 'x',
          parameters: ['x'],
          first: { estimate: null, low: null, high: null },
          total: { estimate: null, low: null, high: null },
        },
      ],
    };
    const out = renderSobolChart(undefinedIndex);
    expectWellFormed(out);
    expect(texts(out).filter((t) => t === 'undefined')).toHaveLength(2);
    expect(elements(out, 'rect').filter((r) => r['class']?.startsWith('index'))).toHaveLength(0);
  });

  test('is deterministic and matches the snapshot', async () => {
    expect(renderSobolChart(structuredClone(sobolAtOneTime))).toBe(svg);
    await expect(svg).toMatchFileSnapshot('./__snapshots__/sobol.svg');
  });
});

describe('renderSobolTimeChart', () => {
  const svg = renderSobolTimeChart(sobol);

  test('two panels, one band and one line per factor in each, gaps where the output does not vary', () => {
    expectWellFormed(svg);
    expect(
      elements(svg, 'g')
        .filter((g) => g['class'] === 'panel')
        .map((g) => g['data-index']),
    ).toEqual(['first', 'total']);
    const lines = elements(svg, 'path').filter((p) => p['class'] === 'line');
    expect(lines.map((p) => p['data-factor'])).toEqual([
      'growth',
      'rate + severity',
      'ceiling',
      'unused',
      'growth',
      'rate + severity',
      'ceiling',
      'unused',
    ]);
    // 2020 is null: each line starts at 2021.
    const growth = lines[0]!['d']!;
    expect(growth.match(/M/g)).toHaveLength(1);
    expect(growth.split('L')).toHaveLength(5);
    expect(texts(svg)).toContain('gaps: times at which the output does not vary, so no index is defined');
    // A factor with no interval at all has an empty band, not a band at zero.
    const unused = elements(svg, 'path').filter((p) => p['class'] === 'band' && p['data-factor'] === 'unused');
    expect(unused.map((p) => p['d'])).toEqual(['', '']);
  });

  test('picks the factors whose total index peaks highest', () => {
    const top = renderSobolTimeChart(sobol, { top: 2 });
    expect(
      elements(top, 'path')
        .filter((p) => p['class'] === 'line')
        .map((p) => p['data-factor']),
    ).toEqual(['growth', 'rate + severity', 'growth', 'rate + severity']);
    expect(texts(top)).toContain('2 more factors with smaller total indices not shown');
  });

  test('a result without indices over time says how to get them', () => {
    const out = renderSobolTimeChart(sobolAtOneTime);
    expectWellFormed(out);
    expect(texts(out)).toContain('no indices over time in this result (run with --over-time)');
  });

  test('draws a long run: 20,000 reporting times (Math.min(...values) would overflow the argument stack)', () => {
    const T = 20_000;
    const times = Array.from({ length: T }, (_, i) => i);
    const series = (v: number) => Array.from({ length: T }, (_, i) => v * (1 + (i % 7) / 100));
    const factors = sobol.over_time!.factors.map((f, k) => ({
      id: f.id,
      first: series(0.1 * k),
      first_low: series(0.1 * k - 0.02),
      first_high: series(0.1 * k + 0.02),
      total: series(0.1 * k + 0.01),
      total_low: series(0.1 * k - 0.01),
      total_high: series(0.1 * k + 0.03),
    }));
    const long = { ...sobol, over_time: { times, mean: series(1), variance: series(1), factors } };
    const out = renderSobolTimeChart(long);
    expect(elements(out, 'path').filter((p) => p['class'] === 'line')).toHaveLength(2 * factors.length);
  });

  test('is deterministic and matches the snapshot', async () => {
    expect(renderSobolTimeChart(structuredClone(sobol))).toBe(svg);
    await expect(svg).toMatchFileSnapshot('./__snapshots__/sobol-over-time.svg');
  });
});

describe('renderSensitivityChart', () => {
  test('picks the chart that fits the result', () => {
    expect(renderSensitivityChart(tornado)).toBe(renderTornadoChart(tornado));
    expect(renderSensitivityChart(sobolAtOneTime)).toBe(renderSobolChart(sobolAtOneTime));
    expect(renderSensitivityChart(sobol)).toBe(renderSobolTimeChart(sobol));
  });

  test('escapes every text that comes from a scenario', () => {
    const nasty = 'a<&">\'b\u0001';
    const t: TornadoResult = {
      ...tornado,
      output: nasty,
      unit: nasty,
      scenario: nasty,
      bars: [{ ...tornado.bars[0]!, parameter: nasty }],
    };
    const s: SobolResult = { ...sobol, output: nasty, factors: [{ ...sobol.factors[0]!, id: nasty }] };
    for (const svg of [
      renderSensitivityChart(t),
      renderSobolChart(s),
      renderSobolTimeChart({
        ...s,
        over_time: { ...sobol.over_time!, factors: [{ ...sobol.over_time!.factors[0]!, id: nasty }] },
      }),
    ]) {
      expectWellFormed(svg);
      expect(svg).toContain('a&lt;&amp;&quot;&gt;&apos;b');
    }
  });

  test('degenerate results still render valid SVG', () => {
    const empty: TornadoResult = { ...tornado, bars: [], shocks: [], step_parameters: [] };
    const flat: TornadoResult = { ...tornado, bars: [{ ...tornado.bars[5]! }] };
    const none: SobolResult = { ...sobolAtOneTime, factors: [] };
    for (const svg of [
      renderTornadoChart(empty),
      renderTornadoChart(flat),
      renderSobolChart(none),
      renderTornadoChart(tornado, { width: -1, top: Number.NaN }),
    ]) {
      expectWellFormed(svg);
    }
    expect(texts(renderTornadoChart(empty))).toContain('no parameters to draw');
    expect(texts(renderSobolChart(none))).toContain('no factors to draw');
  });
});
