import { describe, expect, it } from 'vitest';
import type { ComparisonSummary } from '@foresight/core';
import { renderComparisonSummary } from '../src/index.js';

const summary: ComparisonSummary = {
  base: 'baseline',
  trials: 2000,
  seed: 7,
  times: [2030, 2035],
  outputs: [
    {
      id: 'workforce',
      unit: 'people',
      futures: [
        {
          scenario: 'baseline',
          at: [
            { time: 2030, p50: 2.88e6, p5: 2.3e6, p95: 3.5e6 },
            { time: 2035, p50: 3.2e6, p5: 2.6e6, p95: 3.9e6 },
          ],
        },
        {
          scenario: 'decoupling-severe',
          at: [
            {
              time: 2030,
              p50: 2.86e6,
              p5: 2.3e6,
              p95: 3.5e6,
              change: { p50: -2e4, relative_p50: -0.0097, p_greater: 0, p_less: 0.962 },
            },
            { time: 2035, p50: null, p5: null, p95: null, change: null },
          ],
        },
      ],
    },
    {
      id: 'zero',
      futures: [
        {
          scenario: 'baseline',
          at: [
            { time: 2030, p50: 0, p5: 0, p95: 0 },
            { time: 2035, p50: 0, p5: 0, p95: 0 },
          ],
        },
        {
          scenario: 'decoupling-severe',
          at: [
            {
              time: 2030,
              p50: 1,
              p5: 0,
              p95: 2,
              change: { p50: 1, relative_p50: null, p_greater: 0.5, p_less: 0.004 },
            },
            { time: 2035, p50: 0, p5: 0, p95: 0, change: { p50: 0, relative_p50: 0, p_greater: 0, p_less: 0 } },
          ],
        },
      ],
    },
  ],
};

describe('renderComparisonSummary', () => {
  it('prints one block per output, one row per future, the base first and without a change', () => {
    expect(renderComparisonSummary(summary)).toBe(
      [
        '2,000 paired trials, seed 7. Per time: median, 90% band, median paired change against baseline, share of trials above (P(>)) and below (P(<)) it.',
        '',
        'workforce (people)',
        'future             2030 p50       p5 - p95  change  P(>)   P(<)  2035 p50       p5 - p95  change  P(>)  P(<)',
        '-----------------  --------  -------------  ------  ----  -----  --------  -------------  ------  ----  ----',
        'baseline              2.88M  2.30M - 3.50M                          3.20M  2.60M - 3.90M',
        'decoupling-severe     2.86M  2.30M - 3.50M  -0.97%    0%  96.2%         -              -       -     -     -',
        '',
        'zero',
        'future             2030 p50  p5 - p95  change  P(>)  P(<)  2035 p50  p5 - p95  change  P(>)  P(<)',
        '-----------------  --------  --------  ------  ----  ----  --------  --------  ------  ----  ----',
        'baseline                  0     0 - 0                             0     0 - 0',
        'decoupling-severe      1.00  0 - 2.00   +1.00   50%  0.4%         0     0 - 0      0%    0%    0%',
        '',
      ].join('\n'),
    );
  });

  it('says when there is nothing to summarize', () => {
    expect(renderComparisonSummary({ ...summary, outputs: [] })).toBe('nothing to summarize\n');
  });
});
