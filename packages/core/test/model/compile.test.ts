import { describe, expect, it } from 'vitest';
import { prepareText } from '../../src/index.js';
import { problems } from '../helpers.js';

const base = `format: 1
id: s
time: { start: 0, end: 2 }
`;

describe('compile problems', () => {
  it('names a cycle among variables', () => {
    const ps = problems(`${base}variables:\n  a: "b + 1"\n  b: "c * 2"\n  c: "a"\n  d: "1"\n`);
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ code: 'cycle', path: ['variables', 'a'], line: 5 });
    expect(ps[0]!.message).toBe('variables depend on each other in a cycle: a -> b -> c -> a');
  });

  it('names a cycle among initial values', () => {
    const ps = problems(`${base}stocks:\n  x: { initial: "y" }\n  y: { initial: "x + 1" }\n`);
    expect(ps[0]).toMatchObject({ code: 'cycle' });
    expect(ps[0]!.message).toContain('x -> y -> x');
  });

  it('positions an unknown symbol inside the expression text', () => {
    const ps = problems(`${base}variables:\n  a: "1 + growht * 2"\n`);
    expect(ps[0]).toMatchObject({ code: 'unknown-symbol', path: ['variables', 'a'], line: 5, column: 11 });
    expect(ps[0]!.message).toBe("unknown symbol 'growht'");
  });

  it('names a cycle between an initial value and the variables it reads', () => {
    const ps = problems(`${base}variables:\n  a: "x * 2"\nstocks:\n  x: { initial: "a" }\n`);
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ code: 'cycle', path: ['stocks', 'x', 'initial'] });
    expect(ps[0]!.message).toBe(
      'initial values depend on each other in a cycle: x -> a -> x (break it with active_initial)',
    );
  });

  it('checks target times and variables', () => {
    const ps = problems(
      `${base}variables:\n  a: "1"\ntargets:\n  - { variable: a, time: 1.5, value: 1 }\n  - { variable: nope, time: 1, value: 1 }\n`,
    );
    expect(ps.map((p) => p.code).sort()).toEqual(['schema', 'unknown-symbol']);
    expect(ps.find((p) => p.code === 'schema')!.message).toContain('1.5 is not a reporting time');
  });

  it('checks outputs and shock rate parameters, suggesting the id meant', () => {
    const ps = problems(
      `${base}parameters:\n  r: { dist: uniform, min: 0, max: 1, per: step }\n  rate_a: 0.1\nshocks:\n  s: { rate: r }\n  u: { rate: nope }\n  v: { rate: rate_b }\nstocks:\n  stock_one: { initial: 1 }\noutputs: [s, zz, stock_oen]\n`,
    );
    const msgs = ps.map((p) => p.message);
    expect(msgs).toEqual(
      expect.arrayContaining([
        "shock rate 'r' must be drawn per trial, not per step",
        "shock rate 'nope' is not a parameter",
        "shock rate 'rate_b' is not a parameter; did you mean 'rate_a'?",
        "output 'zz' is not a stock, variable, parameter, series or shock of 's'",
        "output 'stock_oen' is not a stock, variable, parameter, series or shock of 's'; did you mean 'stock_one'?",
      ]),
    );
  });

  it('suggests the symbol meant for an unknown one in an expression, and the function meant for an unknown call', () => {
    const ps = problems(
      `${base}stocks:\n  workforce: { initial: 1 }\nvariables:\n  v: "workforse * 2"\n  u: "sqr(2)"\n`,
    );
    expect(ps.map((p) => p.message)).toEqual([
      "unknown symbol 'workforse'; did you mean 'workforce'?",
      expect.stringMatching(/^unknown function 'sqr'; did you mean 'sqrt'\? The functions are abs, /),
    ]);
  });

  it("makes a problem with outputs requested for a run the request's, not a place in the file", () => {
    const text = `# a comment\n${base}stocks:\n  x: { initial: 1 }\nvariables:\n  y: "x"\noutputs:\n  - x\n  - y\n`;
    const r = prepareText(text.replace('  y: "x"', '  y: "x"\n  total: "x"'), 'req.yaml', {
      outputs: ['y', 'nope', 'totl'],
    });
    expect(r.ok ? [] : r.error).toEqual([
      {
        code: 'usage',
        message: "output 'nope' is not a stock, variable, parameter, series or shock of 's'",
        file: '<request>',
        path: ['outputs', 1],
        line: 1,
        column: 1,
      },
      {
        code: 'usage',
        message: "output 'totl' is not a stock, variable, parameter, series or shock of 's'; did you mean 'total'?",
        file: '<request>',
        path: ['outputs', 2],
        line: 1,
        column: 1,
      },
    ]);
    // The file's own outputs list keeps its positions.
    const own = prepareText(text.replace('  - y\n', '  - zz\n'), 'req.yaml');
    expect(own.ok ? [] : own.error.map((p) => [p.code, p.message, p.line, p.column])).toEqual([
      ['unknown-symbol', "output 'zz' is not a stock, variable, parameter, series or shock of 's'", 11, 5],
    ]);
  });

  it('keeps only the requested outputs a scenario defines with ownOutputs, as a comparison does', () => {
    const text = `${base}stocks:\n  x: { initial: 1 }\nvariables:\n  y: "x"\n`;
    const r = prepareText(text, 'own.yaml', { outputs: ['nope', 'y', 'x'], ownOutputs: true });
    expect(r.ok && r.value.outputs).toEqual(['y', 'x']);
    expect(prepareText(text, 'own.yaml', { outputs: ['nope'] }).ok).toBe(false);
  });

  it('rejects forbidden constructs with their position', () => {
    const ps = problems(`${base}variables:\n  a: "cos.constructor('x')()"\n  b: "import('fs')"\n  c: "x = 1"\n`);
    expect(ps.every((p) => p.code === 'forbidden' || p.code === 'syntax')).toBe(true);
    expect(ps.map((p) => p.path[1])).toEqual(expect.arrayContaining(['a', 'b', 'c']));
  });

  it('gives limit for a deeply nested expression, never a stack overflow', () => {
    const deep = `${'('.repeat(5000)}1${')'.repeat(5000)}`;
    const ps = problems(`${base}variables:\n  a: "${deep}"\n`);
    expect(ps[0]!.code).toBe('limit');
  });
});

describe('non-finite values', () => {
  it('names the variable, trial and time', () => {
    const ps = problems(`${base}stocks:\n  x: { initial: 1, outflow: 2 }\nvariables:\n  y: "sqrt(x)"\n`);
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ code: 'non-finite', path: ['variables', 'y'], line: 7 });
    expect(ps[0]!.message).toBe("variable 'y' is NaN at t=1 in trial 0 (seed 1)");
  });
});

describe('size limits before any work', () => {
  it('refuses a horizon of 10^12 steps with limit instead of building its time grid', () => {
    // The grid used to be built first: one array entry per reporting time aborted Node
    // ("invalid size error"), which no try/catch can stop.
    for (const time of [
      '{ start: 0, end: 1e12 }',
      '{ start: 0, end: 1e300, dt: 1e290 }',
      '{ start: 0, end: 1e6, report: 1e6 }',
    ]) {
      const ps = problems(`format: 1\nid: s\ntime: ${time}\n`);
      expect(ps).toEqual([
        expect.objectContaining({ code: 'limit', path: ['time'], message: expect.stringContaining('(maxSteps)') }),
      ]);
    }
    const ps = problems(`format: 1\nid: s\ntime: { start: 0, end: 50000, dt: 0.5, report: 0.5 }\n`);
    expect(ps).toEqual([
      expect.objectContaining({
        code: 'limit',
        path: ['time', 'report'],
        message: expect.stringContaining('(maxReportTimes)'),
      }),
    ]);
  });

  it('refuses shock time lists longer than the events a shock may have, rather than cutting them silently', () => {
    const at = Array.from({ length: 10_001 }, (_, i) => i / 10_000).join(', ');
    const ps = problems(`${base}shocks:\n  s: { at: [${at}] }\n`);
    expect(ps).toEqual([expect.objectContaining({ code: 'limit', path: ['shocks', 's', 'at'], line: 5 })]);
  });
});

describe('series point times', () => {
  it('must be finite: 1e400 is Infinity and made every interpolated value NaN', () => {
    const ps = problems(`${base}series:\n  s: { points: { "-1e400": 1, "1e400": 2 } }\noutputs: [s]\n`);
    expect(ps.map((p) => [p.code, p.path.join('.'), p.message])).toEqual([
      ['schema', 'series.s.points.-1e400', 'a series point time must be a finite number'],
      ['schema', 'series.s.points.1e400', 'a series point time must be a finite number'],
    ]);
  });

  it('must be distinct times, however they are written', () => {
    const ps = problems(`${base}series:\n  s: { points: { "1": 1, "1.0": 2, "1e0": 3 } }\n`);
    expect(ps.map((p) => p.message)).toEqual(["'1.0' is the same time as '1'", "'1e0' is the same time as '1'"]);
  });
});
