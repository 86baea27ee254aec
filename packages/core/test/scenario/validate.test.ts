import { describe, expect, it } from 'vitest';
import { problems } from '../helpers.js';

const base = `format: 1
id: s
time: { start: 0, end: 2 }
`;

describe('schema problems are positioned at the offending key', () => {
  it('names an unknown key with its line and column and suggests the known one', () => {
    const ps = problems(`${base}stocks:\n  w:\n    initial: 1\n    inflw: "w"\n`);
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({
      code: 'schema',
      path: ['stocks', 'w', 'inflw'],
      line: 7,
      column: 5,
      file: 'test.yaml',
    });
    expect(ps[0]!.message).toContain("did you mean 'inflow'");
  });

  it('reports every problem together, not only the first', () => {
    const ps = problems(
      `format: 1\nid: Bad_Id\ntime: { start: 5, end: 1 }\nparameters:\n  g: { dist: normal, mean: 1, sd: -1 }\n  h: { dist: triangular, min: 0, mode: 3, max: 2 }\n`,
    );
    const paths = ps.map((p) => p.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['id', 'time.end', 'parameters.g.sd', 'parameters.h.mode']));
    expect(ps.every((p) => p.code === 'schema')).toBe(true);
  });

  it('points a missing required key at its parent', () => {
    const ps = problems(`format: 1\nid: s\n`);
    expect(ps[0]).toMatchObject({ code: 'schema', path: ['time'] });
    expect(ps[0]!.message).toBe("missing required key 'time'");
  });

  it('rejects a normal with both parametrizations', () => {
    const ps = problems(`${base}parameters:\n  g: { dist: normal, mean: 1, sd: 1, p5: 0, p95: 2 }\n`);
    expect(ps[0]!.message).toContain('exactly one of { mean, sd } or { p5, p95 }');
  });

  it('rejects YAML syntax errors with code yaml and the position', () => {
    const ps = problems(`format: 1\nid: s\ntime: { start: 0, end: 2\n`);
    expect(ps[0]!.code).toBe('yaml');
    expect(ps[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('rejects duplicate keys', () => {
    const ps = problems(`${base}parameters:\n  a: 1\n  a: 2\n`);
    expect(ps[0]!.code).toBe('yaml');
    expect(ps[0]!.line).toBe(6);
  });

  it('reports invalid JSON in a .json file with code yaml', () => {
    const ps = problems('{ "format": 1, "id": "s", }', 's.json');
    expect(ps[0]).toMatchObject({ code: 'yaml', file: 's.json' });
  });

  it('rejects reserved ids in the schema', () => {
    const ps = problems(`${base}parameters:\n  constructor: 1\n`);
    expect(ps[0]).toMatchObject({ code: 'schema', line: 5 });
  });

  it('rejects ids that shadow built-in names', () => {
    const ps = problems(`${base}parameters:\n  sin: 2\n  t: 3\n`);
    const msgs = ps.map((p) => `${p.path.join('.')}: ${p.message}`);
    expect(msgs).toEqual(expect.arrayContaining([expect.stringContaining("'sin' shadows a built-in name")]));
    expect(msgs).toEqual(expect.arrayContaining([expect.stringContaining("'t' shadows a built-in name")]));
  });

  it('rejects an id defined in two sections', () => {
    const ps = problems(`${base}parameters:\n  g: 1\nvariables:\n  g: "2"\n`);
    expect(ps[0]).toMatchObject({ code: 'schema', path: ['variables', 'g'], line: 7 });
    expect(ps[0]!.message).toBe("id 'g' is defined twice: parameters.g and variables.g");
  });

  it('rejects a report interval that is not a multiple of dt', () => {
    const ps = problems(`format: 1\nid: s\ntime: { start: 0, end: 2, dt: 0.3, report: 1 }\n`);
    expect(ps.map((p) => p.path.join('.'))).toEqual(expect.arrayContaining(['time.report']));
  });
});

describe('every independent problem at once', () => {
  const codes = (text: string) =>
    problems(text)
      .map((p) => `${p.code} ${p.path.join('.')}`)
      .sort();

  it('checks the expressions of the rest while the time axis is refused, but not the times that depend on it', () => {
    expect(
      codes(
        `format: 1\nid: s\ntime: { start: 2020, end: 2030, dt: 0.3 }\nstocks:\n  w: { initial: 1, inflow: "w * nope" }\ntargets:\n  - { variable: w, time: 2025.5, value: 1 }\n  - { variable: zz, time: 2025, value: 1 }\n`,
      ),
    ).toEqual([
      'schema time.end',
      'schema time.report',
      'unknown-symbol stocks.w.inflow',
      'unknown-symbol targets.1.variable',
    ]);
  });

  it('keeps a refused entry declared, so what refers to it is not reported unknown', () => {
    expect(
      codes(
        `${base}parameters:\n  g: { dist: normal, mean: 1 }\nstocks:\n  w: { initial: [1], inflow: "w * g * (1" }\nvariables:\n  v: "w + g"\n`,
      ),
    ).toEqual(['schema parameters.g', 'schema stocks.w.initial', 'syntax stocks.w.inflow']);
  });

  it('checks the other keys of an entry with a misspelt one, and the other entries of a list', () => {
    expect(
      codes(
        `${base}stocks:\n  w: { initial: 1, inflw: "w", outflow: "w * k" }\ntargets:\n  - { variable: w, time: 1 }\n  - { variable: w, time: 1.5, value: 1 }\n`,
      ),
    ).toEqual([
      'schema stocks.w.inflw',
      'schema targets.0.value',
      'schema targets.1.time',
      'unknown-symbol stocks.w.outflow',
    ]);
  });

  it('declares the ids under a misspelt section, and checks the rest', () => {
    expect(codes(`${base}variabels:\n  v: "1"\nstocks:\n  w: { initial: 1, inflow: "v * x" }\n`)).toEqual([
      'schema variabels',
      'unknown-symbol stocks.w.inflow',
    ]);
    expect(problems(`${base}variabels:\n  v: "1"\nstocks:\n  w: { initial: 1, inflow: "v * x" }\n`)[1]!.message).toBe(
      "unknown symbol 'x'",
    );
  });

  it("checks a file's own shape when its parent cannot be found", () => {
    expect(
      codes('format: 1\nid: child\nextends: nowhere\nparameters:\n  g: { meen: 1 }\ntime: { end: soon }\n'),
    ).toEqual(['extends extends', 'schema parameters.g.meen', 'schema time.end']);
  });
});
