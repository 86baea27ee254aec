import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ComparisonResult, ComparisonSummary } from '@foresight/core';
import { cli, workspace } from './helpers.js';

const growth = (id: string, mean: number, extra = ''): string => `format: 1
id: ${id}
title: Growth ${id}
time: { start: 2020, end: 2025 }
trials: 200
seed: 4
parameters:
  g: { dist: normal, mean: ${mean}, sd: 0.02 }
stocks:
  w: { initial: 100, inflow: "w * g", unit: people }
variables:
  double: "2 * w"
${extra}`;

const repo = resolve(__dirname, '../../..');

describe('foresight compare', () => {
  const dir = workspace({
    'scenarios/slow.yaml': growth('slow', 0.1),
    'scenarios/fast.yaml': growth('fast', 0.2, '  only_fast: "w + 1"\noutputs: [w, double, only_fast]\n'),
  });

  it('prints a table per output and year: medians, median paired difference, P(alt > base)', async () => {
    const r = await cli(['compare', 'slow', 'fast', 'slow'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('200 paired trials, seed 4');
    expect(r.stdout).toContain('w: fast vs slow (people)');
    expect(r.stdout).toMatch(/time\s+slow p50\s+fast p50\s+diff p50\s+rel diff p50\s+P\(alt>base\)/);
    expect(r.stdout).toMatch(/2025\s+\S+\s+\S+\s+\S+\s+\S+\s+100%/);
    expect(r.stdout).toContain('only_fast: fast vs slow\n  absent from the base (slow)');
    // the base against itself: every difference 0, P = 0
    expect(r.stdout).toMatch(/w: slow vs slow \(people\)\n.*\n.*\n2020\s+100\s+100\s+0\s+0%\s+0%/);
  });

  it('prints the comparison document with --format json', async () => {
    const r = await cli(['compare', 'slow', 'fast', '--format', 'json', '--trials', '50', '--seed', '9'], dir);
    expect(r.code).toBe(0);
    const doc = ComparisonResult.parse(JSON.parse(r.stdout));
    expect(doc).toMatchObject({ base: 'slow', trials: 50, seed: 9 });
    expect(doc.runs.map((x) => x.scenario)).toEqual(['slow', 'fast']);
    expect(doc.comparisons[0]!.outputs['only_fast']).toEqual({ absent: 'base' });
    const w = doc.comparisons[0]!.outputs['w']!;
    expect('difference' in w && w.difference.p_greater[5]).toBe(1);
  });

  it('writes CSV with empty numbers for absent outputs', async () => {
    const r = await cli(['compare', 'slow', 'fast', '--format', 'csv'], dir);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'base,alternative,output,unit,time,absent,base_p50,alternative_p50,diff_mean,diff_p5,diff_p25,diff_p50,diff_p75,diff_p95,relative_p50,p_greater',
    );
    expect(lines).toHaveLength(1 + 3 * 6);
    expect(lines).toContain('slow,fast,only_fast,,2020,base,,,,,,,,,,');
    expect(lines.filter((l) => l.startsWith('slow,fast,w,people,2020,,100,100,0,'))).toHaveLength(1);
  });

  it('narrows to --outputs, an id only one scenario has being absent from the other', async () => {
    const r = await cli(['compare', 'slow', 'fast', '--outputs', 'only_fast,w', '--format', 'json'], dir);
    expect(r.stderr).toBe('');
    const doc = ComparisonResult.parse(JSON.parse(r.stdout));
    expect(Object.keys(doc.comparisons[0]!.outputs)).toEqual(['only_fast', 'w']);
    expect(doc.comparisons[0]!.outputs['only_fast']).toEqual({ absent: 'base' });
  });

  it('writes an overlaid fan chart: valid XML, one path per band per scenario', async () => {
    const r = await cli(['compare', 'slow', 'fast', '--chart', 'cmp.svg', '--outputs', 'w,double'], dir);
    expect(r.code).toBe(0);
    const svg = readFileSync(join(dir, 'cmp.svg'), 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    for (const scenario of ['slow', 'fast']) {
      for (const output of ['w', 'double']) {
        for (const band of ['p5-p95', 'p25-p75']) {
          const paths = svg.match(
            new RegExp(
              `<path class="band[^"]*" data-scenario="${scenario}" data-series="\\d+" data-output="${output}" data-band="${band}"`,
              'g',
            ),
          );
          expect(paths, `${scenario} ${output} ${band}`).toHaveLength(1);
        }
      }
    }
    expect(svg).not.toContain('data-output="only_fast"');
  });

  it('run --chart draws only --outputs', async () => {
    const r = await cli(['run', 'slow', '--chart', 'run.svg', '--outputs', 'w'], dir);
    expect(r.code).toBe(0);
    const svg = readFileSync(join(dir, 'run.svg'), 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('data-output="w"');
    expect(svg).not.toContain('data-output="double"');
  });

  it('exits 2 on bad input: a missing scenario, an unknown output, no alternative', async () => {
    const missing = await cli(['compare', 'slow', 'nope'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope/);
    const unknown = await cli(['compare', 'slow', 'fast', '--outputs', 'zz'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      "<command line> usage output 'zz' is not an output of any compared scenario (at --outputs)\n",
    );
    expect((await cli(['compare', 'slow'], dir)).code).toBe(2);
  });

  it('--summary: one screen of medians, 90% bands and paired changes; its document with --format json', async () => {
    const table = await cli(['compare', 'slow', 'fast', '--summary'], dir);
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^200 paired trials, seed 4\. Per time: median, 90% band/);
    // A 2020-2025 grid: the summary times are its last and the one a third of the horizon before.
    expect(table.stdout).toMatch(/w \(people\)\nfuture\s+2023 p50\s+p5 - p95\s+change\s+P\(>\)\s+P\(<\)\s+2025 p50/);
    expect(table.stdout).toMatch(/\nfast\s+\S+\s+\S+ - \S+\s+\+\S+%\s+100%\s+0%\s+\S+/);
    const json = await cli(['compare', 'slow', 'fast', '--summary', '--format', 'json', '--outputs', 'w'], dir);
    expect(json.code).toBe(0);
    const summary = ComparisonSummary.parse(JSON.parse(json.stdout));
    expect(summary).toMatchObject({ base: 'slow', times: [2023, 2025] });
    expect(summary.outputs.map((o) => o.id)).toEqual(['w']);
    expect(summary.outputs[0]!.futures[1]!.at[1]!.change).toMatchObject({ p_greater: 1, p_less: 0 });
    const csv = await cli(['compare', 'slow', 'fast', '--summary', '--format', 'csv'], dir);
    expect(csv.code).toBe(2);
    expect(csv.stderr).toBe('error: --summary prints a table or JSON (--format table or json), not CSV\n');
  });

  it('severe decoupling lowers VC inflow in 2030 against the baseline, trial by trial', async () => {
    const r = await cli(
      ['compare', 'baseline', 'decoupling-severe', '--trials', '300', '--outputs', 'vc_inflow', '--format', 'json'],
      repo,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = ComparisonResult.parse(JSON.parse(r.stdout));
    const c = doc.comparisons[0]!;
    const vc = c.outputs['vc_inflow']!;
    if ('absent' in vc) throw new Error('vc_inflow absent');
    const i = c.times.indexOf(2030);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(vc.difference.quantiles['p50']![i]).toBeLessThan(0);
    expect(vc.difference.p_greater[i]).toBe(0);
    expect(vc.difference.p_less[i]).toBeGreaterThan(0.9);
  });
});
