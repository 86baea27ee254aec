import { describe, expect, test } from 'vitest';
import type { SobolResult } from '@foresight/core';
import { renderSensitivityTable } from '../src/index.js';
import { sobol, sobolAtOneTime, tornado } from './sensitivity-fixtures.js';

describe('renderSensitivityTable', () => {
  test('a tornado: one row per parameter, largest swing first, partners, shocks and notes', async () => {
    const text = renderSensitivityTable(tornado);
    expect(text.split('\n').slice(0, 5)).toEqual([
      'vc_inflow at 2030 (USD/year): tornado, one parameter at a time',
      'base 52.7B with every parameter at its median; 11 runs',
      '',
      'parameter                p10     p90  output at p10  output at p90  swing  moves with',
      '--------------------  ------  ------  -------------  -------------  -----  -------------------',
    ]);
    expect(text).toContain(
      'decoupling_rate        0.122   0.492          61.0B          51.4B  9.60B  decoupling_severity\n',
    );
    expect(text).toContain('  - decoupling: 4 events at the base (rate 0.245 a year), at 2023, 2026, 2029, 2032\n');
    expect(text).toContain('  - tariffs: its fixed times (2025)\n');
    await expect(text).toMatchFileSnapshot('./__snapshots__/tornado-table.txt');
  });

  test('without correlated partners there is no "moves with" column', () => {
    const text = renderSensitivityTable({ ...tornado, bars: tornado.bars.filter((b) => b.moved_with.length === 0) });
    expect(text).not.toContain('moves with');
  });

  test('Sobol indices: one row per factor with intervals, then the total index over time, notes and warnings', async () => {
    const text = renderSensitivityTable(sobol);
    expect(text).toContain('1024 samples x (4 factors + 2) = 5,120 runs, seed 7; mean 3.40M, sd 500k\n');
    expect(text).toContain('rate + severity       -0.004  [-0.030, 0.021]  0.180  [0.150, 0.210]\n');
    expect(text).toContain('2020       -                -        -       -\n');
    expect(text).toContain('\nwarnings\n  - the 95% intervals of growth are wider than 0.1');
    await expect(text).toMatchFileSnapshot('./__snapshots__/sobol-table.txt');
  });

  test('an undefined index prints as -, and a result at one time has no over-time block', () => {
    const r: SobolResult = {
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
    const text = renderSensitivityTable(r);
    expect(text).toMatch(/^x +- +- +- +-$/m);
    expect(text).toContain('(1 factor + 2)');
    expect(text).not.toContain('over time');
  });
});
