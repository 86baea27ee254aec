/*
 * The evidence commands end to end, in process: observations from a CSV
 * series beside the scenario, `calibrate` writing a posterior sample, a
 * scenario drawing from it with `parameters_from`, `run --per-trial`
 * streaming one row per trial, and `explore`; the same bytes on threads.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CalibrationResult, ExploreResult, RunResult } from '@foresight/core';
import { describe, expect, it } from 'vitest';
import { cli, workspace } from './helpers.js';

const band = `format: 1
id: band
time: { start: 0, end: 3 }
parameters:
  a: { dist: uniform, min: 0, max: 10 }
  b: { dist: normal, mean: 0, sd: 1 }
  rate: { dist: uniform, min: 0.2, max: 1 }
shocks:
  hit: { rate: rate }
variables:
  y: a + b
  z: y - hit
observations:
  - { variable: y, time: 1, value: 5, tolerance: 0.1, source: "a survey" }
  - { variable: y, file: history.csv, sd: 0.5 }
`;
const posteriorRun = `format: 1
id: posterior-run
extends: band
parameters_from: posterior.csv
outputs: [y]
`;

const setUp = () =>
  workspace({
    'scenarios/band.yaml': band,
    'scenarios/history.csv': '# years after the start\ntime,value\n2,5.2\n3,5.3\n',
    'scenarios/posterior-run.yaml': posteriorRun,
  });

describe('foresight calibrate', () => {
  it('conditions on the observations and the CSV series, and writes the posterior for parameters_from', async () => {
    const dir = setUp();
    const r = await cli(
      ['calibrate', 'band', '--trials', '400', '--format', 'json', '--out', 'scenarios/posterior.csv'],
      dir,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = CalibrationResult.parse(JSON.parse(r.stdout));
    expect(doc.method).toBe('abc-smc');
    expect(doc.observations.map((o) => o.at)).toEqual([
      'observations[0]',
      'observations[1].points[0]',
      'observations[1].points[1]',
    ]);
    expect(doc.observations[0]!.posterior_fit).toBe(1);
    const csv = readFileSync(join(dir, 'scenarios/posterior.csv'), 'utf8').split('\n');
    expect(csv[0]).toMatch(/^# posterior of band: 400 draws, seed 1, abc-smc/);
    expect(csv[1]).toBe('a,b,rate');
    expect(csv.length).toBe(400 + 3);
    // Every draw, every digit: the sample file holds the document's rows exactly.
    expect(csv.slice(2, -1).map((l) => l.split(',').map(Number))).toEqual(doc.sample.rows);

    // A run on the posterior: y@1 inside the band in every trial, reproducibly, on threads too.
    const run = await cli(['run', 'posterior-run', '--trials', '3000', '--format', 'json'], dir);
    expect(run.stderr).toBe('');
    const result = RunResult.parse(JSON.parse(run.stdout));
    expect(result.outputs['y']!.min[1]).toBeGreaterThanOrEqual(4.5);
    expect(result.outputs['y']!.max[1]).toBeLessThanOrEqual(5.5);
    const threaded = await cli(['run', 'posterior-run', '--trials', '3000', '--format', 'json', '--workers', '2'], dir);
    const noElapsed = (s: string) => s.replace(/"elapsed_ms": \d+/, '');
    expect(noElapsed(threaded.stdout)).toBe(noElapsed(run.stdout));
    // Joint rows: each trial's (a, b) is one row of the sample.
    const rows = await cli(['run', 'posterior-run', '--trials', '200', '--per-trial', 'rows.csv', '--at', '1'], dir);
    expect(rows.code).toBe(0);
    const drawn = readFileSync(join(dir, 'rows.csv'), 'utf8').trim().split('\n');
    expect(drawn[0]).toBe('trial,a,b,rate,hit_events,y@1');
    const sample = new Set(doc.sample.rows.map((row) => `${row[0]},${row[1]},${row[2]}`));
    for (const line of drawn.slice(1)) expect(sample.has(line.split(',').slice(1, 4).join(','))).toBe(true);
  });

  it('prints the table: rounds, prior against posterior, the fit of every observation', async () => {
    const dir = setUp();
    const r = await cli(['calibrate', 'band', '--trials', '200', '--seed', '3'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^calibration of band \(abc-smc\): 200 posterior draws from [\d,]+ model runs/);
    expect(r.stdout).toContain('parameter  prior p5');
    expect(r.stdout).toMatch(/y@1 +5\.00 +±10%/);
  });

  it('names the observations that conflict with the priors, exit 1', async () => {
    const dir = workspace({
      'scenarios/bad.yaml': `${band.replace('id: band', 'id: bad').replace(/ {2}- \{ variable: y, file.*\n/, '')}  - { variable: y, time: 2, value: 40, tolerance: 0.05 }\n`,
    });
    const r = await cli(['calibrate', 'bad', '--trials', '100', '--max-runs', '2000'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+ conflict the evidence conflicts with the priors .*y@2 = 40 ± 5%/);
  });

  it('bad input: no observations, a missing series file, an unknown sample column', async () => {
    const dir = workspace({
      'scenarios/none.yaml':
        'format: 1\nid: none\ntime: { start: 0, end: 1 }\nparameters: { a: { dist: uniform, min: 0, max: 1 } }\nvariables: { y: a }\n',
      'scenarios/missing.yaml': `${band.replace('id: band', 'id: missing')}`,
      'scenarios/strange.yaml':
        'format: 1\nid: strange\ntime: { start: 0, end: 1 }\nparameters: { a: 1 }\nparameters_from: s.csv\n',
      'scenarios/s.csv': 'a,c\n1,2\n',
    });
    const none = await cli(['calibrate', 'none'], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      "usage 'none' has no observations: add observations, or calibrate on its targets (--targets)",
    );
    const missing = await cli(['calibrate', 'missing'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /missing\.yaml:15:26 io cannot read 'history\.csv': ENOENT \(at observations\[1\]\.file\)/,
    );
    const strange = await cli(['run', 'strange'], dir);
    expect(strange.code).toBe(2);
    expect(strange.stderr).toContain("unknown-symbol sample column 'c' is not a parameter of the scenario");
  });
});

describe('foresight run --per-trial', () => {
  it('writes one row per trial, in trial order, the same bytes on any worker count', async () => {
    const dir = setUp();
    const one = await cli(
      ['run', 'band', '--trials', '5000', '--outputs', 'y,z', '--at', '1,3', '--per-trial', 'one.csv'],
      dir,
    );
    expect(one.code).toBe(0);
    const two = await cli(
      [
        'run',
        'band',
        '--trials',
        '5000',
        '--outputs',
        'y,z',
        '--at',
        '1,3',
        '--per-trial',
        'two.csv',
        '--workers',
        '2',
      ],
      dir,
    );
    expect(two.code).toBe(0);
    const text = readFileSync(join(dir, 'one.csv'), 'utf8');
    expect(readFileSync(join(dir, 'two.csv'), 'utf8')).toBe(text);
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('trial,a,b,rate,hit_events,y@1,y@3,z@1,z@3');
    expect(lines.length).toBe(5001);
    lines.slice(1).forEach((l, i) => {
      const v = l.split(',').map(Number);
      expect(v[0]).toBe(i);
      expect(v[5]).toBe(v[1]! + v[2]!); // y = a + b
      expect(Number.isInteger(v[4])).toBe(true);
    });
    // The rows' values are the run's: their median is the run's median.
    const run = RunResult.parse(
      JSON.parse((await cli(['run', 'band', '--trials', '5000', '--format', 'json'], dir)).stdout),
    );
    const ys = lines
      .slice(1)
      .map((l) => Number(l.split(',')[6]))
      .sort((x, y) => x - y);
    expect((ys[2499]! + ys[2500]!) / 2).toBe(run.outputs['y']!.quantiles['p50']![3]);
  });
});

describe('foresight explore', () => {
  it('finds the inputs that lead to the condition; table, JSON and SVG; same bytes on threads', async () => {
    const dir = setUp();
    writeFileSync(join(dir, 'scenarios/band.yaml'), band.replace(/observations:[\s\S]*$/, ''));
    const args = ['explore', 'band', '--where', 'y@2 < 3', '--trials', '2000', '--bootstrap', '4'];
    const json = await cli([...args, '--format', 'json', '--chart', 'box.svg'], dir);
    expect(json.stderr).toBe('');
    const doc = ExploreResult.parse(JSON.parse(json.stdout));
    expect(doc.inputs).toEqual(['a', 'b', 'rate', 'hit_events']);
    expect(doc.box.restrictions[0]!.input).toBe('a');
    expect(doc.box.density).toBeGreaterThan(0.6);
    expect(readFileSync(join(dir, 'box.svg'), 'utf8')).toMatch(/^<svg[\s\S]*the box[\s\S]*<\/svg>\n$/);
    const threaded = await cli([...args, '--format', 'json', '--workers', '2'], dir);
    const noElapsed = (s: string) => s.replace(/"elapsed_ms": \d+/, '');
    expect(noElapsed(threaded.stdout)).toBe(noElapsed(json.stdout));
    const table = await cli(args, dir);
    expect(table.stdout).toMatch(/^explore band: y@2 < 3\.00 in [\d,]+ of 2,000 trials/);
    expect(table.stdout).toMatch(/\na +a < \d/);
    const bad = await cli(['explore', 'band', '--where', 'y at 2 < 3'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'y at 2 < 3' is not a condition such as 'robotaxi_fleet@2030 < 20000'");
  });
});
