import { describe, expect, it } from 'vitest';
import { compileStandalone, type RunResult } from '../../src/index.js';
import { problems, relErr, run } from '../helpers.js';

/**
 * The builtins with memory against closed forms. Euler's recurrence of a
 * linear chain has a closed form too, so Euler cases are checked to rounding
 * (1e-12); the continuous solutions (exponential approach, Erlang responses)
 * are checked on RK4 runs with a small step, to 1e-6 relative, well inside
 * the 1e-4 the engine promises.
 */
const TIGHT = 1e-12;
const CONTINUOUS = 1e-6;

const doc = (time: string, variables: Record<string, string>, extra = '') =>
  `format: 1\nid: builtins\ntime: ${time}\ntrials: 1\n${extra}variables:\n${Object.entries(variables)
    .map(([id, e]) => `  ${id}: "${e}"`)
    .join('\n')}\n`;

const values = (r: RunResult, id: string): number[] => {
  const out = r.outputs[id];
  if (!out) throw new Error(`no output ${id}`);
  return out.mean;
};

/** Every value within `tol` relative (absolute below `floor`), or the first mismatches described. */
function expectClose(r: RunResult, id: string, want: (t: number) => number, tol: number, floor = 1e-9): void {
  const got = values(r, id);
  const bad = r.times
    .map((t, i) => ({ t, got: got[i]!, want: want(t) }))
    .filter((x) => !(relErr(x.got, x.want, floor) <= tol))
    .slice(0, 5)
    .map((x) => `t=${x.t}: ${x.got} vs ${x.want}`);
  expect(bad, id).toEqual([]);
}

/** 1 - e^(-x) (1 + x + ... + x^(n-1) / (n-1)!): the unit step response of an Erlang-n delay, x = n t / d. */
function erlangStep(n: number, t: number, d: number): number {
  const x = (n * t) / d;
  let term = 1;
  let sum = 1;
  for (let j = 1; j < n; j++) {
    term *= x / j;
    sum += term;
  }
  return 1 - Math.exp(-x) * sum;
}

describe('first-order delay and smooth of a step: exponential approach', () => {
  it('Euler: output_k = 1 - (1 - dt/d)^k exactly, for delay1, smooth and their initial forms', () => {
    const r = run(
      doc('{ start: 0, end: 10, dt: 0.25, report: 0.25 }', {
        d1: 'delay1(step(1, 0), 2, 0)',
        s1: 'smooth(step(1, 0), 2, 0)',
        d1i: 'delay1(step(1, 0), 2, 5)',
        s1i: 'smooth(step(1, 0), 2, 5)',
      }),
    );
    const k = (t: number) => t / 0.25;
    expectClose(r, 'd1', (t) => 1 - (1 - 0.25 / 2) ** k(t), TIGHT);
    expectClose(r, 's1', (t) => 1 - (1 - 0.25 / 2) ** k(t), TIGHT);
    // From 5 toward 1: 1 + 4 (1 - dt/d)^k.
    expectClose(r, 'd1i', (t) => 1 + 4 * (1 - 0.25 / 2) ** k(t), TIGHT);
    expectClose(r, 's1i', (t) => 1 + 4 * (1 - 0.25 / 2) ** k(t), TIGHT);
  });

  it('RK4: 1 - e^(-t/d) to 1e-6; without an initial value the output starts at the input', () => {
    const r = run(
      doc('{ start: 0, end: 10, dt: 0.03125, report: 0.5, method: rk4 }', {
        d1: 'delay1(step(1, 0), 2, 0)',
        s1: 'smooth(step(1, 0), 2, 0)',
        held: 'smooth(3, 2)',
      }),
    );
    expectClose(r, 'd1', (t) => 1 - Math.exp(-t / 2), CONTINUOUS);
    expectClose(r, 's1', (t) => 1 - Math.exp(-t / 2), CONTINUOUS);
    expectClose(r, 'held', () => 3, TIGHT);
  });
});

describe('delay3, delayn and smooth3: Erlang responses', () => {
  it('delay3 of a unit step is the Erlang-3 step response', () => {
    const r = run(
      doc('{ start: 0, end: 20, dt: 0.03125, report: 0.5, method: rk4 }', {
        d3: 'delay3(step(1, 0), 6, 0)',
        s3: 'smooth3(step(1, 0), 6, 0)',
      }),
    );
    expectClose(r, 'd3', (t) => erlangStep(3, t, 6), CONTINUOUS, 1e-3);
    // A third-order smooth of a step is the same chain read at its last stock.
    expectClose(r, 's3', (t) => erlangStep(3, t, 6), CONTINUOUS, 1e-3);
  });

  it.each([1, 2, 5, 8])('delayn of order %i is the Erlang-n step response', (n) => {
    const r = run(
      doc('{ start: 0, end: 30, dt: 0.015625, report: 1, method: rk4 }', { dn: `delayn(step(1, 0), 10, ${n}, 0)` }),
    );
    expectClose(r, 'dn', (t) => erlangStep(n, t, 10), CONTINUOUS, 1e-3);
  });

  it('Euler: delay3 is three first-order stages, each a recurrence with dt/(d/3)', () => {
    const dt = 0.5;
    const d = 6;
    const r = run(doc(`{ start: 0, end: 12, dt: ${dt}, report: ${dt} }`, { d3: 'delay3(1, 6, 0)' }));
    // The chain by hand: three stocks holding material, each passing on stock / (d/3).
    const stage = d / 3;
    const s = [0, 0, 0];
    const expected: number[] = [];
    for (let k = 0; k <= 24; k++) {
      expected.push(s[2]! / stage);
      const out = s.map((x) => x / stage);
      s[0]! += dt * (1 - out[0]!);
      s[1]! += dt * (out[0]! - out[1]!);
      s[2]! += dt * (out[1]! - out[2]!);
    }
    values(r, 'd3').forEach((v, i) => expect(relErr(v, expected[i]!, 1e-12)).toBeLessThanOrEqual(TIGHT));
  });

  it('a delay time that changes moves the material out faster or slower, as the stocks hold material', () => {
    // A constant input held at 2 by a delay whose time doubles at t = 5: the
    // material (2 * 4) now leaves over 8 years, so the output halves at once.
    const r = run(doc('{ start: 0, end: 6, dt: 1 }', { out: 'delay1(2, 4 + step(4, 5))' }));
    expect(values(r, 'out')).toEqual([2, 2, 2, 2, 2, 1, 1.125]);
  });

  it('lowers the order of a chain whose stages would be shorter than dt, as Vensim does', () => {
    // delay 1.25 with dt 0.5: three stages of 0.417 would oscillate; two of 0.625 do not.
    const r = run(
      doc('{ start: 0, end: 5, dt: 0.5, report: 0.5 }', {
        three: 'delayn(step(1, 1), 1.25, 3, 0)',
        two: 'delayn(step(1, 1), 1.25, 2, 0)',
      }),
    );
    expect(values(r, 'three')).toEqual(values(r, 'two'));
    expect(Math.min(...values(r, 'three'))).toBeGreaterThanOrEqual(0);
  });
});

describe('delay_fixed: an exact shift by whole steps', () => {
  it('gives the input of delay/dt steps before, the initial value until then', () => {
    const r = run(
      doc('{ start: 0, end: 6, dt: 0.5, report: 0.5 }', {
        x: 't * t',
        shifted: 'delay_fixed(x, 1.5, -1)',
      }),
    );
    expectClose(r, 'shifted', (t) => (t < 1.5 ? -1 : (t - 1.5) ** 2), TIGHT);
  });

  it('rounds the delay to whole steps, halves up, at least one step (Vensim DELAY FIXED)', () => {
    const r = run(
      doc('{ start: 0, end: 8, dt: 1 }', {
        x: 't',
        zero: 'delay_fixed(x, 0, -1)',
        half: 'delay_fixed(x, 0.5, -1)',
        d12: 'delay_fixed(x, 1.2, -1)',
        d15: 'delay_fixed(x, 1.5, -1)',
        d37: 'delay_fixed(x, 3.7, -1)',
        fixed_at_start: 'delay_fixed(x, 2 + t, -1)',
      }),
    );
    const shift = (n: number) => r.times.map((t) => (t < n ? -1 : t - n));
    expect(values(r, 'zero')).toEqual(shift(1));
    expect(values(r, 'half')).toEqual(shift(1));
    expect(values(r, 'd12')).toEqual(shift(1));
    expect(values(r, 'd15')).toEqual(shift(2));
    expect(values(r, 'd37')).toEqual(shift(4));
    // The delay time is read once, at the start (2 + 0).
    expect(values(r, 'fixed_at_start')).toEqual(shift(2));
  });

  it('takes a delay drawn per trial, and one longer than the horizon gives the initial value throughout', () => {
    const r = run(
      `format: 1\nid: drawn\ntime: { start: 0, end: 10, dt: 1 }\ntrials: 50\nseed: 3\nparameters:\n  d: { dist: uniform, min: 1, max: 20 }\nvariables:\n  y: "delay_fixed(t, d, -1)"\n  ok: "y == (t < round(d) ? -1 : t - round(d))"\n  long: "round(d) > 10"\n`,
      { trials: 50 },
    );
    // Every trial, at every time, is shifted by its own delay.
    expect(r.outputs['ok']!.min).toEqual(r.times.map(() => 1));
    // Some trials drew a delay beyond the horizon: their output is the initial value throughout.
    expect(r.outputs['long']!.max[0]).toBe(1);
  });
});

describe('previous and init', () => {
  it('previous reads the value of the step before, its initial value at the first step', () => {
    const r = run(
      doc('{ start: 2000, end: 2002, dt: 0.25, report: 0.25 }', {
        before: 'previous(t, -1)',
        twice: 'previous(previous(t, -1), -2)',
        count: 'previous(count, 0) + 1',
        start: 'init(t)',
        self: 'previous(t)',
      }),
    );
    expectClose(r, 'before', (t) => (t === 2000 ? -1 : t - 0.25), TIGHT);
    expectClose(r, 'twice', (t) => (t === 2000 ? -2 : t === 2000.25 ? -1 : t - 0.5), TIGHT);
    // A variable may read its own previous value: the memory breaks the cycle.
    expectClose(r, 'count', (t) => (t - 2000) / 0.25 + 1, TIGHT);
    expectClose(r, 'start', () => 2000, TIGHT);
    // Without an initial value, previous starts from x at the start.
    expectClose(r, 'self', (t) => (t === 2000 ? 2000 : t - 0.25), TIGHT);
  });

  it('init holds a value computed at the start from stocks and variables (Vensim INITIAL)', () => {
    const r = run(
      'format: 1\nid: init\ntime: { start: 0, end: 4, dt: 1 }\nstocks:\n  s: { initial: 10, inflow: s }\nvariables:\n  first: "init(s * 2)"\n',
    );
    expect(values(r, 's')).toEqual([10, 20, 40, 80, 160]);
    expect(values(r, 'first')).toEqual([20, 20, 20, 20, 20]);
  });

  it('active_initial gives its initial value while stocks are initialised, its expression afterwards', () => {
    const r = run(
      'format: 1\nid: ai\ntime: { start: 0, end: 3, dt: 1 }\nstocks:\n  s: { initial: v, inflow: 1 }\nvariables:\n  v: "active_initial(t + s, 45)"\n',
    );
    expect(values(r, 's')).toEqual([45, 46, 47, 48]);
    expect(values(r, 'v')).toEqual([45, 47, 49, 51]);
  });

  it('an initial value may read variables computed at the start time', () => {
    const r = run(
      'format: 1\nid: iv\ntime: { start: 5, end: 6, dt: 1 }\nparameters:\n  k: 3\nstocks:\n  s: { initial: "a * 2" }\nvariables:\n  a: "k + t"\n',
    );
    expect(values(r, 's')).toEqual([16, 16]);
  });
});

describe('trend and forecast', () => {
  const g = 0.1;
  const T = 3;
  it('trend of exponential growth is the growth rate: exactly from the start with that initial trend, approached otherwise', () => {
    const r = run(
      doc('{ start: 0, end: 20, dt: 0.03125, report: 1, method: rk4 }', {
        x: `exp(${g} * t)`,
        steady: `trend(x, ${T}, ${g})`,
        from_zero: `trend(x, ${T}, 0)`,
        sum: `forecast(x, ${T}, 5)`,
      }),
    );
    expectClose(r, 'steady', () => g, CONTINUOUS);
    // The average S solves S' = (e^(gt) - S) / T from S(0) = 1:
    // S = e^(gt) / (1 + gT) + (1 - 1 / (1 + gT)) e^(-t/T).
    const average = (t: number) => Math.exp(g * t) / (1 + g * T) + (1 - 1 / (1 + g * T)) * Math.exp(-t / T);
    const trend = (t: number) => (Math.exp(g * t) - average(t)) / (T * average(t));
    expectClose(r, 'from_zero', trend, CONTINUOUS);
    // forecast = input * (1 + trend * horizon), with an initial trend of 0.
    expectClose(r, 'sum', (t) => Math.exp(g * t) * (1 + trend(t) * 5), CONTINUOUS);
  });

  it('trend of a quantity averaging 0 is 0 (zidz), not NaN', () => {
    const r = run(doc('{ start: 0, end: 3, dt: 1 }', { z: 'trend(0, 2)' }));
    expect(values(r, 'z')).toEqual([0, 0, 0, 0]);
  });
});

describe('functions of time and arithmetic', () => {
  it('pulse_train: 1 for width at each interval from start, until end (exclusive)', () => {
    const r = run(doc('{ start: 0, end: 14, dt: 0.5, report: 0.5 }', { p: 'pulse_train(7, 1, 2, 12)' }));
    expectClose(r, 'p', (t) => (t >= 7 && t < 12 && (t - 7) % 2 < 1 ? 1 : 0), 0);
  });

  it('pulse_train on a grid of 0.1 keeps every pulse despite rounding', () => {
    const r = run(doc('{ start: 0, end: 3, dt: 0.1, report: 0.1 }', { p: 'pulse_train(0.3, 0.1, 0.3, 3)' }));
    const ones = r.times.filter((_, i) => values(r, 'p')[i] === 1);
    expect(ones).toEqual([0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.1, 2.4, 2.7]);
  });

  it('ramp without an end keeps rising', () => {
    const r = run(doc('{ start: 0, end: 5, dt: 1 }', { a: 'ramp(2, 1)', b: 'ramp(2, 1, 3)' }));
    expect(values(r, 'a')).toEqual([0, 0, 2, 4, 6, 8]);
    expect(values(r, 'b')).toEqual([0, 0, 2, 4, 4, 4]);
  });

  const fn = (text: string, names: string[] = []) => {
    const c = compileStandalone(text, names);
    if (!c.ok) throw new Error(c.error.map((p) => p.message).join('; '));
    return (...xs: number[]) => c.value(Float64Array.from(xs));
  };

  it('xidz, zidz and safediv divide, or give their fallback where the divisor is exactly 0', () => {
    expect(fn('xidz(11, 0, 4)')()).toBe(4);
    expect(fn('xidz(11, 2, 4)')()).toBe(5.5);
    expect(fn('xidz(11, 1e-300, 4)')()).toBe(1.1e301);
    expect(fn('zidz(11, 0)')()).toBe(0);
    expect(fn('zidz(-3, 4)')()).toBe(-0.75);
    expect(fn('safediv(1, 0)')()).toBe(0);
    expect(fn('safediv(1, 0, 7)')()).toBe(7);
    expect(fn('safediv(1, 4, 7)')()).toBe(0.25);
  });

  it('trunc and rem truncate toward zero (Vensim INTEGER, MODULO); floor and mod floor (XMILE INT, MOD)', () => {
    const rows: [number, number, number, number, number, number][] = [
      // a, b, trunc(a), floor(a), rem(a, b), mod(a, b)
      [7, 3, 7, 7, 1, 1],
      [-7, 3, -7, -7, -1, 2],
      [7, -3, 7, 7, 1, -2],
      [-7.5, 2, -7, -8, -1.5, 0.5],
      [-9.9, 3, -9, -10, -0.9, 2.1],
      [2.5, 1, 2, 2, 0.5, 0.5],
    ];
    const trunc = fn('trunc(a)', ['a']);
    const floor = fn('floor(a)', ['a']);
    const rem = fn('rem(a, b)', ['a', 'b']);
    const mod = fn('mod(a, b)', ['a', 'b']);
    for (const [a, b, t, f, r, m] of rows) {
      expect(trunc(a)).toBe(t);
      expect(floor(a)).toBe(f);
      expect(relErr(rem(a, b), r)).toBeLessThan(1e-12);
      expect(relErr(mod(a, b), m)).toBeLessThan(1e-12);
    }
  });

  it('inverse and hyperbolic trigonometry are the Math functions', () => {
    const x = 0.3;
    expect(fn('asin(x)', ['x'])(x)).toBe(Math.asin(x));
    expect(fn('acos(x)', ['x'])(x)).toBe(Math.acos(x));
    expect(fn('atan(x)', ['x'])(x)).toBe(Math.atan(x));
    expect(fn('atan2(y, x)', ['y', 'x'])(-1, -1)).toBe(-0.75 * Math.PI);
    expect(fn('sinh(x)', ['x'])(x)).toBe(Math.sinh(x));
    expect(fn('cosh(x)', ['x'])(x)).toBe(Math.cosh(x));
    expect(fn('tanh(x)', ['x'])(x)).toBe(Math.tanh(x));
    expect(fn('asin(2)')()).toBeNaN();
  });
});

describe('problems with the builtins', () => {
  const base = 'format: 1\nid: p\ntime: { start: 0, end: 2 }\n';

  it('checks argument counts, with the accepted forms', () => {
    const ps = problems(`${base}variables:\n  a: "delay1(1)"\n  b: "delayn(1, 2)"\n  c: "previous(1, 2, 3)"\n`);
    expect(ps.map((p) => [p.code, p.path.join('.'), p.message])).toEqual([
      [
        'syntax',
        'variables.a',
        "delay1 takes 2 or 3 arguments: delay1(input, delay_time) or delay1(input, delay_time, initial); 'delay1(1)' has 1",
      ],
      [
        'syntax',
        'variables.b',
        "delayn takes 3 or 4 arguments: delayn(input, delay_time, order) or delayn(input, delay_time, order, initial); 'delayn(1, 2)' has 2",
      ],
      [
        'syntax',
        'variables.c',
        "previous takes 1 or 2 arguments: previous(x) or previous(x, initial); 'previous(1, 2, 3)' has 3",
      ],
    ]);
  });

  it("requires delayn's order to be a whole number known before the run, and says where", () => {
    const ps = problems(
      `${base}parameters:\n  k: { dist: uniform, min: 1, max: 3 }\n  two: 2\nstocks:\n  s: { initial: 1 }\nvariables:\n  a: "delayn(1, 2, k)"\n  b: "delayn(1, 2, s)"\n  c: "delayn(1, 2, 2.5)"\n  d: "delayn(1, 2, 0)"\n  f: "delayn(1, 2, 101)"\n  ok: "delayn(1, 2, two + step(1, 5))"\n`,
    );
    expect(ps.map((p) => [p.code, p.path.join('.'), p.line, p.message])).toEqual([
      [
        'forbidden',
        'variables.a',
        10,
        "delayn's order must be a constant whole number known before the run: 'k' is drawn at random",
      ],
      [
        'forbidden',
        'variables.b',
        11,
        "delayn's order must be a constant whole number known before the run: 's' is a stock",
      ],
      ['schema', 'variables.c', 12, "delayn's order is 2.5: it must be a whole number from 1 to 100 (maxDelayOrder)"],
      ['schema', 'variables.d', 13, "delayn's order is 0: it must be a whole number from 1 to 100 (maxDelayOrder)"],
      ['limit', 'variables.f', 14, "delayn's order is 101: it must be a whole number from 1 to 100 (maxDelayOrder)"],
    ]);
    expect(ps[0]!.column).toBe(7);
  });

  it('names a cycle that passes through a call without memory of its input', () => {
    const ps = problems(`${base}variables:\n  x: "trend(x * 2, 3)"\n`);
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ code: 'cycle', path: ['variables', 'x'] });
    expect(ps[0]!.message).toBe('variables depend on each other in a cycle: x -> trend(...) in variables.x -> x');
  });

  it('names a cycle among initial values through a smooth whose initial value is its input', () => {
    const ps = problems(`${base}variables:\n  x: "smooth(x + 1, 3)"\n`);
    expect(ps).toHaveLength(1);
    expect(ps[0]!.message).toBe(
      'initial values depend on each other in a cycle: smooth(...) in variables.x -> x -> smooth(...) in variables.x' +
        ' (a delay or smooth without an initial value starts from its input: give it one, or break the cycle with active_initial)',
    );
    // With an initial value the smooth is an ordinary feedback loop.
    expect(run(`${base}variables:\n  x: "smooth(x + 1, 1, 0)"\n`).outputs['x']!.mean).toEqual([0, 1, 2]);
  });

  it('refuses calls with memory in a holds condition and in standalone expressions', () => {
    const ps = problems(`${base}variables:\n  x: "t"\nassumptions:\n  - { name: a, holds: "smooth(x, 2) > -1" }\n`);
    expect(ps.map((p) => [p.code, p.path.join('.'), p.message])).toEqual([
      [
        'forbidden',
        'assumptions.0.holds',
        'smooth keeps state between steps, and a condition is checked without memory: compute it in a variable and test that',
      ],
    ]);
    const c = compileStandalone('1 + previous(x, 0)', ['x']);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.error[0]).toMatchObject({ code: 'forbidden', snippet: 'previous(x, 0)', index: 4 });
    // active_initial needs no memory: standalone, it is its expression.
    const a = compileStandalone('active_initial(x, 5)', ['x']);
    expect(a.ok && a.value(Float64Array.of(2))).toBe(2);
  });

  it('names a delay chain once in a cycle through its stocks', () => {
    const ps = problems(`${base}variables:\n  x: "1 + late"\n  late: "delay3(x, 2)"\n`);
    expect(ps.map((p) => p.message)).toEqual([
      'initial values depend on each other in a cycle: delay3(...) in variables.late -> x -> late -> delay3(...) in variables.late' +
        ' (a delay or smooth without an initial value starts from its input: give it one, or break the cycle with active_initial)',
    ]);
  });

  it('refuses more hidden stocks than the limit', () => {
    const calls = Array.from({ length: 101 }, (_, i) => `  v${i}: "delayn(1, 200, 100)"`).join('\n');
    const ps = problems(`${base}variables:\n${calls}\n`);
    expect(ps[0]).toMatchObject({ code: 'limit', path: ['variables', 'v100'] });
    expect(ps[0]!.message).toContain('more than 10000 hidden stocks (maxHiddenStocks)');
  });

  it('compiles deep nests in time proportional to their size (shared arguments are computed once)', () => {
    let e = 'exp(t)';
    for (let i = 0; i < 30; i++) e = `forecast(trend(${e}, 2), 3, 1)`;
    const r = run(`${base}variables:\n  x: "${e}"\n`);
    expect(r.outputs['x']!.mean.every(Number.isFinite)).toBe(true);
  });
});
