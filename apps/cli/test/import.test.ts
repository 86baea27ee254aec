import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunResult } from '@foresight/core';
import { describe, expect, it } from 'vitest';
import { cli, workspace } from './helpers.js';

const teacup = `{UTF-8}
Characteristic Time= 10 ~ Minutes ~ How long it takes. |
Heat Loss to Room= (Teacup Temperature - Room Temperature) / Characteristic Time ~ Degrees/Minute ~ |
Room Temperature= 70 ~ Degrees ~ |
Teacup Temperature= INTEG (-Heat Loss to Room, 180) ~ Degrees ~ |
FINAL TIME = 3 ~ Minute ~ |
INITIAL TIME = 0 ~ Minute ~ |
SAVEPER = 1 ~ Minute ~ |
TIME STEP = 0.5 ~ Minute ~ |
`;

const teacupXmile = `<?xml version="1.0" encoding="utf-8"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
  <header><name>Teacup</name></header>
  <sim_specs><start>0</start><stop>3</stop><dt>0.5</dt></sim_specs>
  <model><variables>
    <stock name="Teacup Temperature"><eqn>180</eqn><outflow>Heat_Loss_to_Room</outflow></stock>
    <flow name="Heat Loss to Room"><eqn>(Teacup_Temperature - Room_Temperature) / Characteristic_Time</eqn></flow>
    <aux name="Room Temperature"><eqn>70</eqn></aux>
    <aux name="Characteristic Time"><eqn>10</eqn></aux>
  </variables></model>
</xmile>
`;

const uncertain = `format: 1
id: uncertain
time: { start: 0, end: 2 }
parameters:
  k: { dist: normal, mean: 1, sd: 0.1 }
variables:
  y: "k * t"
`;

const files = {
  'teacup.mdl': teacup,
  'teacup.xmile': teacupXmile,
  'broken.mdl': 'x = (1 + ~~|\ny[a] = 1 ~~|\n',
  'notes.txt': 'not a model',
  'uncertain.yaml': uncertain,
};

const means = (stdout: string) => {
  const doc = RunResult.parse(JSON.parse(stdout));
  return Object.fromEntries(Object.entries(doc.outputs).map(([id, o]) => [id, o.mean]));
};

describe('foresight import', () => {
  const dir = workspace(files);

  it('prints the scenario as YAML', async () => {
    const r = await cli(['import', 'teacup.mdl'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`format: 1
id: teacup
title: teacup.mdl
description: Imported from teacup.mdl (Vensim).
time:
  start: 0
  end: 3
  dt: 0.5
  report: 1
trials: 1
parameters:
  characteristic_time:
    value: 10
    label: Characteristic Time
    unit: Minutes
    description: How long it takes.
    source: "teacup.mdl:2 variable 'Characteristic Time'"
  room_temperature:
    value: 70
    label: Room Temperature
    unit: Degrees
    source: "teacup.mdl:4 variable 'Room Temperature'"
stocks:
  teacup_temperature:
    initial: "180"
    inflow: "-heat_loss_to_room"
    label: Teacup Temperature
    unit: Degrees
    source: "teacup.mdl:5 stock 'Teacup Temperature'"
variables:
  heat_loss_to_room:
    expr: "(teacup_temperature - room_temperature) / characteristic_time"
    label: Heat Loss to Room
    unit: Degrees/Minute
    source: "teacup.mdl:3 variable 'Heat Loss to Room'"
`);
  });

  it('writes --out, and the file runs as the model does', async () => {
    const w = await cli(['import', 'teacup.xmile', '--out', 'teacup-imported.yaml'], dir);
    expect(w.code).toBe(0);
    expect(w.stderr).toBe('teacup.xmile -> teacup-imported.yaml: 1 stock, 1 variable, 2 parameters, 0 lookups\n');
    const fromFile = await cli(['run', 'teacup-imported.yaml', '--format', 'json'], dir);
    const fromModel = await cli(['run', 'teacup.xmile', '--format', 'json'], dir);
    expect(fromFile.code).toBe(0);
    expect(means(fromFile.stdout)).toEqual(means(fromModel.stdout));
    // Euler at dt 0.5: T <- T - 0.5 (T - 70) / 10, reported every step (XMILE has no saving interval).
    const expected = [180, 174.5, 169.275, 164.31125, 159.5956875, 155.115903125, 150.86010796875];
    means(fromModel.stdout)['teacup_temperature']!.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 10));
  });

  it("refuses a file that is not a model, and prints a model's problems with their lines", async () => {
    const notModel = await cli(['import', 'notes.txt'], dir);
    expect(notModel.code).toBe(2);
    expect(notModel.stderr).toBe(
      "notes.txt:1:1 usage 'notes.txt' is not a model file: foresight import reads .xmile, .stmx, .itmx, .xml, .mdl\n",
    );
    const broken = await cli(['import', 'broken.mdl', '--out', 'never.yaml'], dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toBe(
      [
        'broken.mdl:1:1 import the model has no INITIAL TIME equation (a Vensim control variable)',
        'broken.mdl:1:1 import the model has no FINAL TIME equation (a Vensim control variable)',
        'broken.mdl:1:1 import the model has no TIME STEP equation (a Vensim control variable)',
        "broken.mdl:1:10 import expected a number, a name or '(', found '~'",
        "broken.mdl:2:2 unsupported subscripts (arrays) do not import yet: 'y[...]'",
        '',
      ].join('\n'),
    );
    expect(() => readFileSync(join(dir, 'never.yaml'))).toThrow();
  });
});

describe('commands that take model files directly', () => {
  const dir = workspace(files);

  it('run shows outputs under their original names', async () => {
    const r = await cli(['run', 'teacup.mdl', '--outputs', 'teacup_temperature'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Teacup Temperature (Degrees)');
    const csv = await cli(['run', 'teacup.mdl', '--format', 'csv', '--outputs', 'heat_loss_to_room'], dir);
    expect(csv.stdout.split('\n')[1]).toBe('Heat Loss to Room,Degrees/Minute,0,11,0,11,11,11,11,11,11,11');
  });

  it('worker threads run the imported model to the same bytes', async () => {
    // Workers parse the imported scenario's YAML: the document, and so every number, is the same.
    const one = await cli(['run', 'teacup.xmile', '--format', 'csv', '--trials', '4'], dir);
    const two = await cli(['run', 'teacup.xmile', '--format', 'csv', '--trials', '4', '--workers', '2'], dir);
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });

  it('compare, check and sensitivity read models as they read scenarios', async () => {
    const compare = await cli(['compare', 'teacup.mdl', 'teacup.xmile', '--format', 'json'], dir);
    expect(compare.code).toBe(0);
    expect(compare.stdout).toContain('"teacup_temperature"');
    const check = await cli(['check', 'teacup.xmile'], dir);
    expect(check.code).toBe(0);
    const sensitivity = await cli(['sensitivity', 'teacup.mdl', '--output', 'teacup_temperature', '--at', '3'], dir);
    // An imported model's constants are not uncertain: the command says so, as for any such scenario.
    expect(sensitivity.code).toBe(2);
    expect(sensitivity.stderr).toMatch(/^teacup\.mdl:\d+:\d+ /);
  });
});

describe('foresight export', () => {
  const dir = workspace(files);

  it('writes XMILE that imports back to the same outputs', async () => {
    const x = await cli(['export', 'teacup.mdl', '--to', 'xmile', '--out', 'exported.xmile'], dir);
    expect(x.code).toBe(0);
    const text = readFileSync(join(dir, 'exported.xmile'), 'utf8');
    expect(text).toContain('<stock name="Teacup Temperature">');
    expect(text).toContain('<outflow>Heat_Loss_to_Room</outflow>');
    const again = await cli(['run', 'exported.xmile', '--format', 'json'], dir);
    const first = await cli(['run', 'teacup.mdl', '--format', 'json'], dir);
    const a = means(first.stdout);
    const b = means(again.stdout);
    // The export reports every dt (XMILE has no saving interval): compare at the original's times.
    expect(b['teacup_temperature']!.filter((_, i) => i % 2 === 0)).toEqual(a['teacup_temperature']);
  });

  it('names what XMILE cannot hold, and needs --to', async () => {
    const x = await cli(['export', 'uncertain.yaml', '--to', 'xmile'], dir);
    expect(x.code).toBe(2);
    expect(x.stderr).toBe(
      "uncertain.yaml:5:6 unsupported the parameter 'k' is drawn from a distribution; XMILE models are deterministic (give it a value to export) (at parameters.k)\n",
    );
    const missing = await cli(['export', 'uncertain.yaml'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--to <format>' not specified");
  });
});
