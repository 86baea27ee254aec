import type { RunResult } from '@foresight/core';
import { describe, expect, test } from 'vitest';
import { elements, expectWellFormed, type Attrs } from './svg-helpers.js';
import { renderFanChart } from '../src/index.js';
import { baseline, decouplingSevere, growthRun, talentSqueeze } from './fixtures.js';

const key = (p: Attrs): string => `${p['data-series']}|${p['data-output']}|${p['data-band']}`;

describe('renderFanChart, one scenario', () => {
  const svg = renderFanChart(baseline);

  test('is a valid standalone SVG: size, viewBox, white background, sans-serif', () => {
    expectWellFormed(svg);
    const root = elements(svg, 'svg')[0] ?? {};
    expect(root).toMatchObject({ xmlns: 'http://www.w3.org/2000/svg', width: '960', 'font-family': 'sans-serif' });
    expect(elements(svg, 'rect')[0]).toMatchObject({ x: '0', y: '0', width: '960', fill: '#ffffff' });
  });

  test('draws exactly one path per band and one median line per output', () => {
    const paths = elements(svg, 'path');
    expect(paths.map(key).sort()).toEqual([
      '0|vc_inflow|p25-p75',
      '0|vc_inflow|p5-p95',
      '0|vc_inflow|p50',
      '0|workforce|p25-p75',
      '0|workforce|p5-p95',
      '0|workforce|p50',
    ]);
    expect(paths.every((p) => p['data-scenario'] === 'baseline')).toBe(true);
    expect(paths.filter((p) => p['class'] === 'median')).toHaveLength(2);
  });

  test('labels axes for people: years, abbreviated values, units, panel titles', () => {
    const texts = svg.match(/>[^<>]+<\/text>/g)?.map((t) => t.slice(1, -7)) ?? [];
    expect(texts).toEqual(
      expect.arrayContaining([
        '2020',
        '2025',
        '2030',
        '2035',
        '0',
        '5M',
        '40B',
        'people',
        'USD',
        'workforce',
        'vc_inflow',
      ]),
    );
    expect(texts).toEqual(expect.arrayContaining(['median', 'middle 50% (p25–p75)', 'middle 90% (p5–p95)']));
  });

  test('is deterministic: same input, same bytes', () => {
    expect(renderFanChart(structuredClone(baseline))).toBe(svg);
  });

  test('matches the snapshot', async () => {
    await expect(svg).toMatchFileSnapshot('./__snapshots__/fan-chart.svg');
  });
});

describe('renderFanChart, an overlay of three scenarios', () => {
  const results = [baseline, decouplingSevere, talentSqueeze];
  const svg = renderFanChart(results);

  test('draws one path per band per scenario per panel, and one median each', () => {
    expectWellFormed(svg);
    const paths = elements(svg, 'path');
    expect(paths).toHaveLength(3 * 2 * 3);
    expect(new Set(paths.map(key)).size).toBe(paths.length);
    for (const [i, r] of results.entries()) {
      const own = paths.filter((p) => p['data-series'] === String(i));
      expect(own.every((p) => p['data-scenario'] === r.scenario)).toBe(true);
      expect(own.filter((p) => p['class'] === 'median')).toHaveLength(2);
    }
  });

  test('gives each scenario its own colour and draws every median above every band', () => {
    const paths = elements(svg, 'path');
    const medians = paths.filter((p) => p['class'] === 'median');
    expect(new Set(medians.map((p) => p['stroke'])).size).toBe(3);
    const bands = paths.filter((p) => p['class']?.startsWith('band'));
    expect(bands.every((p) => Number(p['fill-opacity']) > 0 && Number(p['fill-opacity']) < 0.5)).toBe(true);
    for (const output of ['workforce', 'vc_inflow']) {
      const inPanel = paths.filter((p) => p['data-output'] === output);
      const firstMedian = inPanel.findIndex((p) => p['class'] === 'median');
      expect(inPanel.slice(firstMedian).every((p) => p['class'] === 'median')).toBe(true);
    }
  });

  test('names every scenario in the legend', () => {
    const legend = svg.slice(svg.indexOf('<g class="legend">'), svg.indexOf('</g>'));
    for (const r of results) expect(legend).toContain(`>${r.scenario}</text>`);
  });

  test('is deterministic', async () => {
    expect(renderFanChart(results.map((r) => structuredClone(r)))).toBe(svg);
    await expect(svg).toMatchFileSnapshot('./__snapshots__/overlay.svg');
  });

  test('numbers a scenario that appears twice, so the legend tells them apart', () => {
    const twice = renderFanChart([baseline, baseline]);
    expect(twice).toContain('>baseline</text>');
    expect(twice).toContain('>baseline (2)</text>');
    expect(elements(twice, 'path').filter((p) => p['data-scenario'] === 'baseline')).toHaveLength(12);
  });
});

test('escapes every text that comes from a scenario', () => {
  const nasty = 'a<&">\'b\u0001';
  const run = growthRun(nasty, { [nasty]: { unit: nasty, start: 1, growth: 0.1, spread: 0.1 } }, { title: nasty });
  for (const svg of [renderFanChart(run), renderFanChart([run, run], { title: nasty })]) {
    expectWellFormed(svg);
    // The parser decodes entities: what comes back is the id itself, minus the control character XML cannot hold.
    expect(new Set(elements(svg, 'path').map((p) => p['data-output']))).toEqual(new Set(['a<&">\'b\uFFFD']));
    expect(svg).toContain('a&lt;&amp;&quot;&gt;&apos;b');
  }
});

/** A copy of the baseline with one output's arrays replaced. */
function withColumns(
  patch: (times: number[]) => Partial<Record<'all' | 'p50', unknown[]>>,
  times = baseline.times,
): RunResult {
  const run = structuredClone(baseline);
  run.times = times;
  const cols = patch(times);
  const all = cols.all as number[];
  run.outputs = {
    x: {
      unit: 'u',
      mean: all,
      sd: all,
      min: all,
      max: all,
      quantiles: { p5: all, p25: all, p50: (cols.p50 ?? all) as number[], p75: all, p95: all },
    },
  };
  return run;
}

describe('degenerate data still renders valid SVG', () => {
  const cases: [string, RunResult][] = [
    ['all values equal', withColumns((t) => ({ all: t.map(() => 42) }))],
    ['all zeros', withColumns((t) => ({ all: t.map(() => 0) }))],
    ['negative values', withColumns((t) => ({ all: t.map((_, i) => -1000 * i) }))],
    ['one time point', withColumns(() => ({ all: [5] }), [2020])],
    ['no time points', withColumns(() => ({ all: [] }), [])],
    [
      'NaN and null gaps',
      withColumns((t) => ({ all: t.map((_, i) => (i % 4 === 1 ? Number.NaN : i % 4 === 2 ? null : i)) })),
    ],
    ['every value missing', withColumns((t) => ({ all: t.map(() => null) }))],
    ['infinities', withColumns((t) => ({ all: t.map((_, i) => (i === 3 ? Infinity : i)) }))],
    ['huge magnitudes', withColumns((t) => ({ all: t.map((_, i) => (i - 7) * 1e300) }))],
    ['tiny differences', withColumns((t) => ({ all: t.map((_, i) => 1 + i * 1e-15) }))],
    ['arrays shorter than times', withColumns(() => ({ all: [1, 2] }))],
    ['no outputs', { ...baseline, outputs: {} }],
  ];
  test.each(cases)('%s', (_, run) => {
    const svg = renderFanChart(run);
    expectWellFormed(svg);
    expect(renderFanChart([run, baseline])).toBe(renderFanChart([structuredClone(run), baseline]));
  });

  test('no results at all', () => {
    expectWellFormed(renderFanChart([]));
  });

  test('options out of range are clamped', () => {
    expectWellFormed(renderFanChart(baseline, { width: -5, panelHeight: Number.NaN }));
  });
});

describe('what gets drawn follows what was summarized', () => {
  test('a band whose quantiles are absent is skipped', () => {
    const run = structuredClone(baseline);
    for (const s of Object.values(run.outputs)) {
      delete s.quantiles['p25'];
      delete s.quantiles['p75'];
    }
    const svg = renderFanChart(run);
    expect(elements(svg, 'path').map((p) => p['data-band'])).toEqual(['p5-p95', 'p50', 'p5-p95', 'p50']);
    expect(svg).not.toContain('p25–p75');
  });

  test('without p50 the centre line is the mean', () => {
    const run = structuredClone(baseline);
    for (const s of Object.values(run.outputs)) delete s.quantiles['p50'];
    const medians = elements(renderFanChart(run), 'path').filter((p) => p['class'] === 'median');
    expect(medians.map((p) => p['data-band'])).toEqual(['mean', 'mean']);
  });

  test('an output a scenario lacks is drawn as absent, not as zero', () => {
    const partial = growthRun('partial', { workforce: { unit: 'people', start: 1e6, growth: 0.1, spread: 0.05 } });
    const svg = renderFanChart([baseline, partial], { outputs: ['workforce', 'vc_inflow', 'missing'] });
    expectWellFormed(svg);
    const paths = elements(svg, 'path');
    expect(paths.filter((p) => p['data-series'] === '1').map((p) => p['data-output'])).toEqual([
      'workforce',
      'workforce',
      'workforce',
    ]);
    expect(paths.filter((p) => p['data-output'] === 'missing')).toHaveLength(0);
    expect(svg).toContain('absent in partial');
    expect(svg).toContain('>no data</text>');
  });
});

describe('charts drawn side by side', () => {
  /** The value-axis tick labels of one panel, bottom to top. */
  const ticks = (svg: string, output: string): string[] => {
    const panel = svg.slice(svg.indexOf(`<g class="panel" data-output="${output}">`));
    return [...panel.slice(0, panel.indexOf('</g>')).matchAll(/text-anchor="end"[^>]*>([^<]*)<\/text>/g)].map(
      (m) => m[1]!,
    );
  };

  test('a scenario keeps its palette colour when drawn alone', () => {
    const alone = elements(renderFanChart(decouplingSevere, { colour: 1 }), 'path').filter(
      (p) => p['class'] === 'median',
    );
    const overlaid = elements(renderFanChart([baseline, decouplingSevere]), 'path').filter(
      (p) => p['class'] === 'median' && p['data-series'] === '1',
    );
    expect(alone.map((p) => p['stroke'])).toEqual(overlaid.map((p) => p['stroke']));
    expect(alone[0]?.['stroke']).not.toBe(
      elements(renderFanChart(decouplingSevere), 'path').find((p) => p['class'] === 'median')?.['stroke'],
    );
  });

  test('scaleWith gives every chart the value axis of the widest, drawing nothing more', () => {
    const group = [baseline, decouplingSevere, talentSqueeze];
    const own = group.map((r) => ticks(renderFanChart(r), 'vc_inflow'));
    const shared = group.map((r) => ticks(renderFanChart(r, { scaleWith: group }), 'vc_inflow'));
    expect(new Set(own.map((t) => t.join())).size).toBeGreaterThan(1);
    expect(shared[1]).toEqual(shared[0]);
    expect(shared[2]).toEqual(shared[0]);
    expect(ticks(renderFanChart(group), 'vc_inflow')).toEqual(shared[0]);
    for (const r of group) {
      const svg = renderFanChart(r, { scaleWith: group });
      expectWellFormed(svg);
      expect(elements(svg, 'path').map(key)).toEqual(elements(renderFanChart(r), 'path').map(key));
    }
  });
});
