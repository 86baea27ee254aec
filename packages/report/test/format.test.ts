import { describe, expect, test } from 'vitest';
import { formatCell, formatNumber, formatTime } from '../src/index.js';
import { countFactors, formatCount, formatPercent, formatTick } from '../src/format.js';

describe('formatNumber', () => {
  test.each([
    [0, '0'],
    [-0, '0'],
    [Number.NaN, 'NaN'],
    [Infinity, '∞'],
    [-Infinity, '-∞'],
    [3.436, '3.44'],
    [0.0123, '0.0123'],
    [0.000123456, '0.000123'],
    [12, '12.0'],
    [450, '450'],
    [999.4, '999'],
    // Rounding decides the suffix: 999.6 is 1.00k, not 1000.
    [999.6, '1.00k'],
    [450_000, '450k'],
    [-2_500, '-2.50k'],
    [1_200_000, '1.20M'],
    [1_234_567, '1.23M'],
    [999_600, '1.00M'],
    [38e9, '38.0B'],
    [38.04e9, '38.0B'],
    [4.2e12, '4.20T'],
    [1.5e15, '1.50e15'],
    [1e-9, '1.00e-9'],
  ])('%s -> %s', (x, expected) => {
    expect(formatNumber(x)).toBe(expected);
  });
});

describe('formatTick', () => {
  test.each([
    [0, '0'],
    [500_000, '500k'],
    [1_000_000, '1M'],
    [1_500_000, '1.5M'],
    [7.5e6, '7.5M'],
    [-20_000, '-20k'],
    [0.1 + 0.2, '0.3'],
    [2.5, '2.5'],
    [80e9, '80B'],
  ])('%s -> %s', (x, expected) => {
    expect(formatTick(x)).toBe(expected);
  });
});

test('formatTime writes times as a scenario would', () => {
  expect([2020, 2020.25, 2020 + 0.1 + 0.2].map(formatTime)).toEqual(['2020', '2020.25', '2020.3']);
});

test('formatPercent', () => {
  expect([0.05, 0.1, 0.025, 1 / 3].map(formatPercent)).toEqual(['5%', '10%', '2.5%', '33.3%']);
});

test('formatCell shows a missing value as "-", never as 0', () => {
  expect([formatCell(null), formatCell(undefined), formatCell(0), formatCell(1.5e6)]).toEqual(['-', '-', '0', '1.50M']);
});

test('formatCount groups thousands, countFactors agrees in number', () => {
  expect([0, 7, 999, 1000, 41_984, 167_936, 10_000_000, -1234].map(formatCount)).toEqual([
    '0',
    '7',
    '999',
    '1,000',
    '41,984',
    '167,936',
    '10,000,000',
    '-1,234',
  ]);
  expect(formatCount(1.5)).toBe('1.50');
  expect([1, 2].map(countFactors)).toEqual(['1 factor', '2 factors']);
});
