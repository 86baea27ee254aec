import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckReport } from '@foresight/core';
import { cli, workspace } from './helpers.js';

const repo = resolve(import.meta.dirname, '../../..');

const broken = `
format: 1
id: broken
time: { start: 2020, end: 2030 }
parameters:
  growth: { dist: normal, mean: 0.05, sd: 0.02 }
stocks:
  x: { initial: 1, inflow: "x * growth" }
assumptions:
  - { name: x stays small, holds: "x < 1.5" }
  - { name: x stays positive, holds: "x > 0" }
`;

describe('foresight check', () => {
  it('finds every baseline assumption holding (exit 0) and reports its speed', async () => {
    const started = performance.now();
    const run = await cli(['check', 'baseline', '--format', 'json'], repo);
    const seconds = (performance.now() - started) / 1000;
    expect(run.stderr).toBe('');
    const report = CheckReport.parse(JSON.parse(run.stdout));
    const violated = report.assumptions.filter((a) => a.status === 'violated');
    expect(violated, JSON.stringify(violated, null, 2)).toEqual([]);
    expect(run.code).toBe(0);
    expect(report.assumptions.length).toBeGreaterThan(0);
    expect(report.runs).toBe(200);
    console.log(
      `baseline check: ${report.trials} trials in ${seconds.toFixed(2)} s, ${Math.round(report.trials / seconds)} trials/s`,
    );
  });

  it('prints a table and exits 1 on a violated assumption, reproducibly', async () => {
    const dir = workspace({ 'scenarios/broken.yaml': broken });
    const run = await cli(['check', 'broken', '--runs', '100', '--seed', '5'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/x stays small\s+violated/);
    expect(run.stdout).toMatch(/x stays positive\s+holds/);
    expect(run.stdout).toMatch(/first violation at t = \d+: x = /);
    expect(run.stdout).toMatch(/parameters: growth = /);
    const again = await cli(
      ['check', join(dir, 'scenarios/broken.yaml'), '--runs', '100', '--seed', '5', '--format', 'json'],
      dir,
    );
    const json = CheckReport.parse(JSON.parse(again.stdout));
    expect(json.violated).toBe(1);
    const third = await cli(['check', 'broken', '--runs', '100', '--seed', '5', '--format', 'json'], dir);
    expect(third.stdout).toBe(again.stdout);
    expect(readFileSync(join(dir, 'scenarios/broken.yaml'), 'utf8')).toBe(broken);
  });

  it('exits 2 on bad input', async () => {
    const dir = workspace({ 'scenarios/bad.yaml': 'format: 1\nid: bad\ntime: { start: 1, end: 0 }\n' });
    expect((await cli(['check', 'bad'], dir)).code).toBe(2);
    expect((await cli(['check', 'nope'], dir)).code).toBe(2);
    expect((await cli(['check', 'bad', '--runs', '0'], dir)).code).toBe(2);
    expect((await cli(['check', 'bad', '--format', 'csv'], dir)).code).toBe(2);
  });
});
