import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SensitivityResult } from '@foresight/core';
import { cli, workspace } from './helpers.js';

const repo = resolve(import.meta.dirname, '../../..');

const linear = `
format: 1
id: linear
time: { start: 2020, end: 2025 }
seed: 3
parameters:
  a: { dist: uniform, min: 0, max: 10, unit: widgets }
  b: { dist: normal, mean: 1, sd: 2 }
  k: 4
variables:
  y: { expr: "2 * a - 3 * b + k * (t - 2020)", unit: units }
`;

const strip = (json: string) => {
  const r = SensitivityResult.parse(JSON.parse(json));
  return { ...r, provenance: { ...r.provenance, elapsed_ms: 0 } };
};

describe('foresight sensitivity, tornado', () => {
  it('prints each parameter at its p10 and p90, largest swing first (exit 0)', async () => {
    const dir = workspace({ 'scenarios/linear.yaml': linear });
    const run = await cli(['sensitivity', 'linear', '--output', 'y', '--at', '2022'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 7)).toEqual([
      'y at 2022 (units): tornado, one parameter at a time',
      'base 15.0 with every parameter at its median; 5 runs',
      '',
      'parameter    p10   p90  output at p10  output at p90  swing',
      '---------  -----  ----  -------------  -------------  -----',
      'a           1.00  9.00           7.00           23.0   16.0',
      'b          -1.56  3.56           22.7           7.31   15.4',
    ]);
  });

  it('prints the result document with --format json and writes a tornado chart', async () => {
    const dir = workspace({ 'scenarios/linear.yaml': linear });
    const run = await cli(
      ['sensitivity', 'linear', '--output', 'y', '--format', 'json', '--chart', 'tornado.svg'],
      dir,
    );
    expect(run.code).toBe(0);
    const r = strip(run.stdout);
    expect(r).toMatchObject({
      method: 'tornado',
      scenario: 'linear',
      output: 'y',
      unit: 'units',
      at: 2025,
      runs: 5,
      base: 27,
    });
    const svg = readFileSync(join(dir, 'tornado.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('<g class="tornado" data-output="y">');
    expect(svg.match(/<g class="bar" /g)).toHaveLength(2);
  });

  it("on the baseline: vc_inflow in 2030 is driven first by capital's elasticity to talent and the city's room", async () => {
    const run = await cli(
      ['sensitivity', 'baseline', '--output', 'vc_inflow', '--at', '2030', '--format', 'json'],
      repo,
    );
    expect(run.code).toBe(0);
    const r = strip(run.stdout);
    if (r.method !== 'tornado') throw new Error('not a tornado');
    expect(
      r.bars
        .slice(0, 2)
        .map((b) => b.parameter)
        .sort(),
    ).toEqual(['ceiling_multiple', 'vc_talent_elasticity']);
    expect(r.shocks).toEqual([expect.objectContaining({ shock: 'decoupling', treatment: 'median' })]);
  });
});

describe('foresight sensitivity, sobol', () => {
  it('states the run count before the indices, and is reproducible', async () => {
    const dir = workspace({ 'scenarios/linear.yaml': linear });
    const args = [
      'sensitivity',
      'linear',
      '--output',
      'y',
      '--method',
      'sobol',
      '--samples',
      '512',
      '--resamples',
      '200',
    ];
    const run = await cli(args, dir);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 3)).toEqual([
      'sobol: 512 samples x (2 factors + 2) = 2,048 model runs',
      '',
      'y at 2025 (units): Sobol indices',
    ]);
    expect(run.stdout).toMatch(/\na {4,}0\.\d{3} {2}\[0\.\d{3}, 0\.\d{3}\]/);
    const json1 = await cli([...args, '--format', 'json'], dir);
    const json2 = await cli([...args, '--format', 'json'], dir);
    expect(json1.stderr).toBe('');
    expect(strip(json1.stdout)).toEqual(strip(json2.stdout));
    const r = strip(json1.stdout);
    if (r.method !== 'sobol') throw new Error('not sobol');
    // y = 2a - 3b + const: shares 4 var(a) : 9 var(b) = 33.3 : 36.
    const share = (4 * 100) / 12 / ((4 * 100) / 12 + 36);
    const a = r.factors.find((f) => f.id === 'a')!;
    expect(a.total.low!).toBeLessThanOrEqual(share);
    expect(a.total.high!).toBeGreaterThanOrEqual(share);
  });

  it('--over-time gives indices at every reporting time and draws them as lines', async () => {
    const dir = workspace({ 'scenarios/linear.yaml': linear });
    const run = await cli(
      [
        'sensitivity',
        'linear',
        '--output',
        'y',
        '--method',
        'sobol',
        '--samples',
        '128',
        '--resamples',
        '50',
        '--over-time',
        '--chart',
        'sobol.svg',
        '--format',
        'json',
      ],
      dir,
    );
    expect(run.code).toBe(0);
    const r = strip(run.stdout);
    if (r.method !== 'sobol') throw new Error('not sobol');
    expect(r.over_time?.times).toEqual([2020, 2021, 2022, 2023, 2024, 2025]);
    const svg = readFileSync(join(dir, 'sobol.svg'), 'utf8');
    expect(svg).toContain('<g class="panel" data-index="first">');
    expect(svg).toContain('<g class="panel" data-index="total">');
  });
});

describe('foresight sensitivity, bad input (exit 2)', () => {
  const dir = workspace({ 'scenarios/linear.yaml': linear });
  it.each([
    [
      'an unknown output',
      ['--output', 'nope'],
      /^<command line> usage output 'nope' is not a stock, variable, parameter, series or shock of 'linear' \(at --output\)$/m,
    ],
    [
      'a time that is not reported',
      ['--output', 'y', '--at', '2022.5'],
      /^<command line> usage 2022.5 is not a reporting time of 'linear' .* \(at --at\)$/m,
    ],
    [
      'a Sobol option with a tornado',
      ['--output', 'y', '--samples', '100'],
      /usage samples applies to the sobol method, not tornado/,
    ],
    ['an unknown method', ['--output', 'y', '--method', 'morris'], /--method is one of tornado, sobol/],
    ['no --output', [], /required option '--output <id>' not specified/],
    ['a time that is not a number', ['--output', 'y', '--at', 'soon'], /--at must be a number/],
    [
      'too few samples',
      ['--output', 'y', '--method', 'sobol', '--samples', '1'],
      /^<command line> usage at least 2 \(at --samples\)$/m,
    ],
  ])('%s', async (_name, args, message) => {
    const run = await cli(['sensitivity', 'linear', ...args], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  it('an unknown scenario', async () => {
    const run = await cli(['sensitivity', 'missing', '--output', 'y'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^missing:1:1 usage no scenario 'missing'/);
  });
});
