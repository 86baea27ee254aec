import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunResult } from '@foresight/core';
import { cli, workspace } from './helpers.js';

const growth = `format: 1
id: growth
title: Growth
time: { start: 2020, end: 2025 }
trials: 200
seed: 4
parameters:
  g: { dist: normal, mean: 0.28, sd: 0.02, source: test }
stocks:
  w: { initial: 100, inflow: "w * g", unit: people }
variables:
  double: "2 * w"
targets:
  - { variable: w, time: 2025, relative_to: 2020, value: 3.436, tolerance: 0.1 }
`;
const child = `format: 1
id: child
title: Child
extends: growth
parameters:
  g: { mean: 0.1 }
`;
const broken = `format: 1
id: broken
time: { start: 0, end: 1 }
variables:
  a: "b + 1"
  c: "import('fs')"
`;

describe('foresight run', () => {
  const dir = workspace({ 'scenarios/growth.yaml': growth, 'scenarios/child.yaml': child });

  it('prints a table for a file path and exits 0 when targets pass', async () => {
    const r = await cli(['run', 'scenarios/growth.yaml'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('w');
    expect(r.stdout).toContain('2025');
    expect(r.stdout).toMatch(/p50/);
  });

  it('prints the result document for an id with --format json', async () => {
    const r = await cli(['run', 'growth', '--trials', '300', '--seed', '3', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    const doc = RunResult.parse(JSON.parse(r.stdout));
    expect(doc).toMatchObject({
      scenario: 'growth',
      trials: 300,
      seed: 3,
      times: [2020, 2021, 2022, 2023, 2024, 2025],
    });
    expect(Object.keys(doc.outputs)).toEqual(['w', 'double']);
    expect(doc.outputs['w']!.unit).toBe('people');
  });

  it('resolves extends across files and exits 1 when a target fails', async () => {
    const r = await cli(['run', 'child', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { targets: { pass: boolean }[] };
    expect(doc.targets[0]!.pass).toBe(false);
  });

  it('writes CSV to --out', async () => {
    const r = await cli(['run', 'growth', '--format', 'csv', '--out', 'result.csv', '--outputs', 'w'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const csv = readFileSync(join(dir, 'result.csv'), 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^output,unit,time,mean,sd,min,max,p5/);
    expect(csv.split('\n').filter((l) => l.startsWith('w,')).length).toBe(6);
  });

  it('names an unknown --outputs id as a mistake of the command line, not a place in the file', async () => {
    const r = await cli(['run', 'growth', '--outputs', 'w,nope,doubel'], dir);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toBe(
      [
        "<command line> usage output 'nope' is not a stock, variable, parameter, series or shock of 'growth' (at --outputs)",
        "<command line> usage output 'doubel' is not a stock, variable, parameter, series or shock of 'growth'; did you mean 'double'? (at --outputs)",
        '',
      ].join('\n'),
    );
  });

  it('refuses bad options with exit 2', async () => {
    expect((await cli(['run', 'growth', '--trials', '0'], dir)).code).toBe(2);
    expect((await cli(['run', 'growth', '--format', 'xml'], dir)).code).toBe(2);
    const missing = await cli(['run', 'nope'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("usage no scenario 'nope'");
  });
});

describe('foresight validate, list, schema', () => {
  it('validates a folder and prints every problem as file:line:column code message', async () => {
    const dir = workspace({ 'scenarios/growth.yaml': growth, 'scenarios/broken.yaml': broken });
    const r = await cli(['validate', 'scenarios'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('ok  scenarios/growth.yaml  (growth)');
    expect(r.stderr).toContain("scenarios/broken.yaml:5:7 unknown-symbol unknown symbol 'b'");
    expect(r.stderr).toMatch(/scenarios\/broken\.yaml:6:\d+ forbidden /);
  });

  it('reports every independent problem at once: schema, expressions, outputs, target times (issue 20)', async () => {
    // The example: a misspelt key, an impossible uniform, an unclosed parenthesis, an unknown
    // function, s.constructor, an unknown output and a target at a time that is not reported.
    const wrong = [
      'format: 1',
      'id: everything-wrong',
      'time: { start: 2020, end: 2030 }',
      'paramters:',
      '  growth: 0.1',
      'parameters:',
      '  spread: { dist: uniform, min: 2, max: 1 }',
      '  rate: 0.05',
      'stocks:',
      '  w: { initial: 100, inflow: "w * (rate + growth" }',
      'variables:',
      '  v: "sqr(w) * growth"',
      '  s: "w * spread"',
      '  x: "s.constructor"',
      'outputs: [w, v, x, workforse]',
      'targets:',
      '  - { variable: w, time: 2025.5, value: 150 }',
      '',
    ].join('\n');
    const r = await cli(
      ['validate', 'scenarios/everything-wrong.yaml'],
      workspace({ 'scenarios/everything-wrong.yaml': wrong }),
    );
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines.pop()).toBe('7 problems in scenarios/everything-wrong.yaml');
    const at = (line: string) =>
      /^scenarios\/everything-wrong\.yaml:(\d+:\d+) ([a-z-]+) .* \(at (.+)\)$/.exec(line)?.slice(1);
    expect(lines.map(at).sort()).toEqual(
      [
        ['4:1', 'schema', 'paramters'],
        ['7:41', 'schema', 'parameters.spread.max'],
        ['10:30', 'syntax', 'stocks.w.inflow'],
        ['12:7', 'unknown-symbol', 'variables.v'],
        ['14:7', 'forbidden', 'variables.x'],
        ['15:20', 'unknown-symbol', 'outputs[3]'],
        ['17:26', 'schema', 'targets[0].time'],
      ].sort(),
    );
    // `growth` stands under the misspelt key and `spread` is the refused uniform: neither is reported unknown.
    expect(r.stderr).not.toMatch(/unknown symbol '(growth|spread)'/);
    expect(r.stderr).toContain("unknown function 'sqr'; did you mean 'sqrt'?");
    expect(r.stderr).toContain("unknown key 'paramters'; did you mean 'parameters'?");
  });

  it('validates a clean folder with exit 0', async () => {
    const dir = workspace({ 'scenarios/growth.yaml': growth, 'scenarios/child.yaml': child });
    const r = await cli(['validate', 'scenarios/'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('lists id, title, extends, file', async () => {
    const dir = workspace({ 'scenarios/growth.yaml': growth, 'scenarios/child.yaml': child });
    const r = await cli(['list'], dir);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^id\s+title\s+extends\s+file$/);
    expect(lines.find((l) => l.startsWith('child'))).toMatch(/child\s+Child\s+growth\s+scenarios\/child\.yaml/);
  });

  it('prints the JSON Schema of files as written, and with --resolved that of resolved documents', async () => {
    const r = await cli(['schema'], workspace({}));
    const schema = JSON.parse(r.stdout) as { $id: string; $defs: Record<string, { required: string[] }> };
    expect(schema.$id).toBe('https://foresight.dev/schema/scenario.schema.json');
    expect(schema.$defs['whole']!.required).toEqual(['format', 'id', 'time']);
    expect(schema.$defs['extending']!.required).toEqual(['id', 'extends']);
    const resolved = await cli(['schema', '--resolved'], workspace({}));
    const doc = JSON.parse(resolved.stdout) as { $id: string; properties: Record<string, unknown>; required: string[] };
    expect(doc.$id).toBe('https://foresight.dev/schema/scenario.resolved.schema.json');
    expect(doc.required).toEqual(['format', 'id', 'time']);
    expect(Object.keys(doc.properties)).toEqual(expect.arrayContaining(['parameters', 'stocks', 'targets']));
  });

  it('answers --help and --version with exit 0', async () => {
    const help = await cli(['--help'], workspace({}));
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: foresight');
    expect((await cli(['--version'], workspace({}))).stdout.trim()).toBe('0.1.0');
  });
});
