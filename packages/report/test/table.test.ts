import { expect, test } from 'vitest';
import { renderRunTable, renderTable } from '../src/index.js';
import { small } from './small.js';

test('renderRunTable: one block per output, numbers right-aligned, then targets', () => {
  expect(renderRunTable(small)).toBe(
    [
      'workforce (people)',
      'time     p5    p50    p95',
      '----  -----  -----  -----',
      '2020  1.00M  1.00M  1.00M',
      '2025  2.95M  3.44M  3.98M',
      '2030  3.90M  5.10M  6.70M',
      '',
      'vc_share',
      'time      p5     p50     p95',
      '----  ------  ------  ------',
      '2020   0.100   0.100   0.100',
      '2025  0.0700  0.0875   0.105',
      '2030  0.0123  0.0500  0.0850',
      '',
      'targets',
      'variable        time  stat  expected  actual  tolerance  result',
      '---------  ---------  ----  --------  ------  ---------  ------',
      'workforce  2025/2020  p50       3.44    3.44        ±5%  PASS',
      'vc_share        2030  mean    0.0800  0.0500       ±10%  FAIL',
      'vc_share   2030/2020  p5       0.500       -        ±5%  FAIL',
      '',
    ].join('\n'),
  );
});

test('renderRunTable: chosen outputs and statistics; absent ones are shown as absent', () => {
  const text = renderRunTable(
    { ...small, targets: [] },
    { outputs: ['vc_share', 'nope'], stats: ['mean', 'p25', 'p99'] },
  );
  expect(text).toBe(
    [
      'vc_share',
      'time    mean     p25  p99',
      '----  ------  ------  ---',
      '2020   0.100   0.100    -',
      '2025  0.0875  0.0800    -',
      '2030  0.0500  0.0400    -',
      '',
      'nope: absent from this result',
      '',
    ].join('\n'),
  );
});

test('renderRunTable: a NaN that reached the document is shown, not hidden', () => {
  const withNaN = structuredClone(small);
  const workforce = withNaN.outputs['workforce'];
  if (workforce === undefined) throw new Error('fixture lacks workforce');
  workforce.mean[1] = Number.NaN;
  expect(renderRunTable(withNaN, { outputs: ['workforce'], stats: ['mean'] })).toContain('2025    NaN');
});

test('renderTable pads by code points, trims trailing spaces and tolerates short rows', () => {
  const text = renderTable(
    ['name', 'value', 'note'],
    [
      ['α', '∞', 'first'],
      ['beta', '-2.50k'],
    ],
    ['left', 'right', 'left'],
  );
  expect(text).toBe(
    ['name   value  note', '----  ------  -----', 'α          ∞  first', 'beta  -2.50k', ''].join('\n'),
  );
});

test('renderRunTable: a target over a year says so in its time', () => {
  const yearly = {
    ...small,
    targets: [
      {
        variable: 'vc',
        time: 2025,
        over: 'year' as const,
        stat: 'p50',
        value: 38e9,
        actual: 3.8e10,
        tolerance: 0.05,
        pass: true,
      },
      {
        variable: 'workforce',
        time: 2025,
        relative_to: 2020,
        over: 'year' as const,
        stat: 'p50',
        value: 3.436,
        actual: 3.44,
        tolerance: 0.05,
        pass: true,
      },
    ],
  };
  expect(renderRunTable(yearly, { outputs: [] }).split('\n').slice(1, 5)).toEqual([
    'variable             time  stat  expected  actual  tolerance  result',
    '---------  --------------  ----  --------  ------  ---------  ------',
    'vc              year 2025  p50      38.0B   38.0B        ±5%  PASS',
    'workforce  year 2025/2020  p50       3.44    3.44        ±5%  PASS',
  ]);
});
