import { formatProblem, prepareSource, runModel } from '@foresight/core';
import { describe, expect, it } from 'vitest';
import { importModel } from '../src/index.js';
import { VENSIM, XMILE } from '../src/translate/builtins.js';

/**
 * Every function of each tool's table, as the importer writes it. The rows
 * are checked against the tables themselves, so a mapping cannot be added
 * without its row here; each row's model must also compile in the engine.
 */
const VENSIM_ROWS: readonly (readonly [string, string])[] = [
  ['ABS(a - b)', 'abs(a - b)'],
  ['EXP(a)', 'exp(a)'],
  ['LN(a)', 'log(a)'],
  ['LOG(a, b)', 'log(a, b)'],
  ['SQRT(a)', 'sqrt(a)'],
  ['SIN(a)', 'sin(a)'],
  ['COS(a)', 'cos(a)'],
  ['TAN(a)', 'tan(a)'],
  ['ARCSIN(a)', 'asin(a)'],
  ['ARCCOS(a)', 'acos(a)'],
  ['ARCTAN(a)', 'atan(a)'],
  ['SINH(a)', 'sinh(a)'],
  ['COSH(a)', 'cosh(a)'],
  ['TANH(a)', 'tanh(a)'],
  ['MIN(a, b)', 'min(a, b)'],
  ['MAX(a, b)', 'max(a, b)'],
  ['INTEGER(a)', 'trunc(a)'],
  ['MODULO(a, b)', 'rem(a, b)'],
  ['POWER(a, b)', 'pow(a, b)'],
  ['QUANTUM(a, b)', 'b <= 0 ? a : b * trunc(a / b)'],
  ['IF THEN ELSE(a > b, a, b)', 'a > b ? a : b'],
  ['STEP(a, b)', 'step(a, b)'],
  ['PULSE(a, b)', 'pulse(a, b)'],
  ['PULSE(a, 0)', 'pulse(a, dt)'],
  ['PULSE TRAIN(a, b, c, d)', 'pulse_train(a, b, c, d)'],
  ['RAMP(a, b, c)', 'ramp(a, b, c)'],
  ['XIDZ(a, b, c)', 'xidz(a, b, c)'],
  ['ZIDZ(a, b)', 'zidz(a, b)'],
  ['INITIAL(a)', 'init(a)'],
  ['ACTIVE INITIAL(a, b)', 'active_initial(a, b)'],
  ['SMOOTH(a, b)', 'smooth(a, b)'],
  ['SMOOTHI(a, b, c)', 'smooth(a, b, c)'],
  ['SMOOTH3(a, b)', 'smooth3(a, b)'],
  ['SMOOTH3I(a, b, c)', 'smooth3(a, b, c)'],
  ['SMOOTH N(a, b, c, 1)', 'smooth(a, b, c)'],
  ['SMOOTH N(a, b, c, 2 + STEP(1, 10))', 'smooth(smooth(a, b / 2, c), b / 2, c)'],
  ['DELAY1(a, b)', 'delay1(a, b)'],
  ['DELAY1I(a, b, c)', 'delay1(a, b, c)'],
  ['DELAY3(a, b)', 'delay3(a, b)'],
  ['DELAY3I(a, b, c)', 'delay3(a, b, c)'],
  ['DELAY N(a, b, c, d)', 'delayn(a, b, 4, c)'],
  ['DELAY FIXED(a, b, c)', 'delay_fixed(a, b, c)'],
  ['TREND(a, b, c)', 'trend(a, b, c)'],
  ['FORECAST(a, b, c)', 'forecast(a, b, c)'],
  ['GAME(a)', 'a'],
];

const XMILE_ROWS: readonly (readonly [string, string])[] = [
  ['ABS(a)', 'abs(a)'],
  ['EXP(a)', 'exp(a)'],
  ['LN(a)', 'log(a)'],
  ['LOG10(a)', 'log10(a)'],
  ['SQRT(a)', 'sqrt(a)'],
  ['SIN(a)', 'sin(a)'],
  ['COS(a)', 'cos(a)'],
  ['TAN(a)', 'tan(a)'],
  ['ARCSIN(a)', 'asin(a)'],
  ['ARCCOS(a)', 'acos(a)'],
  ['ARCTAN(a)', 'atan(a)'],
  ['SINH(a)', 'sinh(a)'],
  ['COSH(a)', 'cosh(a)'],
  ['TANH(a)', 'tanh(a)'],
  ['MIN(a, b)', 'min(a, b)'],
  ['MIN(a)', 'a'],
  ['MAX(a, b)', 'max(a, b)'],
  ['MAX(a)', 'a'],
  ['INT(a)', 'floor(a)'],
  ['MOD(a, b)', 'mod(a, b)'],
  ['a MOD b', 'mod(a, b)'],
  ['ROUND(a)', 'round(a)'],
  ['SIGN(a)', 'sign(a)'],
  ['PI()', 'pi'],
  ['PI + STARTTIME + STOPTIME + DT', 'pi + 0 + 4 + dt'],
  ['IF_THEN_ELSE(a > b, a, b)', 'a > b ? a : b'],
  ['STEP(a, b)', 'step(a, b)'],
  ['RAMP(a, b)', 'ramp(a, b)'],
  ['RAMP(a, b, c)', 'ramp(a, b, c)'],
  ['PULSE(a, b)', 'a / dt * pulse(b, dt)'],
  ['PULSE(a, b, 0)', 'a / dt * pulse(b, dt)'],
  ['PULSE(a, b, c)', 'a / dt * (c > 0 ? pulse_train(b, dt, c, 5) : pulse(b, dt))'],
  ['SAFEDIV(a, b)', 'safediv(a, b)'],
  ['SAFEDIV(a, b, c)', 'safediv(a, b, c)'],
  ['INIT(a)', 'init(a)'],
  ['PREVIOUS(a, b)', 'previous(a, b)'],
  ['PREVIOUS(a)', 'previous(a, init(a))'],
  ['ACTIVE_INITIAL(a, b)', 'active_initial(a, b)'],
  ['DELAY(a, b)', 'delay_fixed(a, b, a)'],
  ['DELAY(a, b, c)', 'delay_fixed(a, b, c)'],
  ['DELAY1(a, b)', 'delay1(a, b)'],
  ['DELAY3(a, b, c)', 'delay3(a, b, c)'],
  ['DELAYN(a, b, 2)', 'delayn(a, b, 2)'],
  ['DELAYN(a, b, 2, c)', 'delayn(a, b, 2, c)'],
  ['SMTH1(a, b)', 'smooth(a, b)'],
  ['SMTH1(a, b, c)', 'smooth(a, b, c)'],
  ['SMTH3(a, b, c)', 'smooth3(a, b, c)'],
  ['SMTHN(a, b, 3)', 'smooth3(a, b)'],
  ['SMTHN(a, b, 2, c)', 'smooth(smooth(a, b / 2, c), b / 2, c)'],
  ['TREND(a, b)', 'trend(a, b, 0)'],
  ['TREND(a, b, c)', 'trend(a, b, c)'],
  ['FORECAST(a, b, c)', 'forecast(a, b, c)'],
];

const vensimModel = (call: string) =>
  [
    'a = 1 ~~|',
    'b = 2 ~~|',
    'c = 3 ~~|',
    'd = 4 ~~|',
    `y = ${call} ~~|`,
    'INITIAL TIME = 0 ~~|',
    'FINAL TIME = 4 ~~|',
    'TIME STEP = 1 ~~|',
  ].join('\n');

const xmileModel = (call: string, product = 'Stella') => `<xmile xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
<header><product>${product}</product></header>
<sim_specs><start>0</start><stop>4</stop><dt>1</dt></sim_specs>
<model><variables>
<aux name="a"><eqn>1</eqn></aux><aux name="b"><eqn>2</eqn></aux><aux name="c"><eqn>3</eqn></aux>
<aux name="y"><eqn>${call.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</eqn></aux>
</variables></model></xmile>`;

function translated(text: string, file: string): { expr: string; run: (id: string) => number[] } {
  const r = importModel(text, file);
  if (!r.ok) throw new Error(r.error.map(formatProblem).join('\n'));
  const doc = r.value.document as { variables?: Record<string, { expr: string }> };
  const model = prepareSource(r.value.source, { outputs: ['y'] });
  if (!model.ok) throw new Error(model.error.map(formatProblem).join('\n'));
  return {
    expr: doc.variables?.y?.expr ?? '',
    run: (id) => {
      const result = runModel(model.value, { trials: 1, outputs: [id] });
      if (!result.ok) throw new Error(result.error.map(formatProblem).join('\n'));
      return result.value.outputs[id]!.mean;
    },
  };
}

const fnOf = (call: string) => /^([A-Z][A-Z0-9 _]*?)\s*\(/.exec(call)?.[1]?.replace(/_/g, ' ').trim();

describe('the builtin mappings', () => {
  it.each(VENSIM_ROWS)('Vensim %s -> %s', (call, expected) => {
    expect(translated(vensimModel(call), 'm.mdl').expr).toBe(expected);
  });

  it.each(XMILE_ROWS)('XMILE %s -> %s', (call, expected) => {
    expect(translated(xmileModel(call), 'm.xmile').expr).toBe(expected);
  });

  it('has a row for every function of both tables', () => {
    const covered = (rows: readonly (readonly [string, string])[]) => new Set(rows.map(([call]) => fnOf(call)));
    expect(Object.keys(VENSIM).filter((fn) => !covered(VENSIM_ROWS).has(fn))).toEqual([]);
    expect(Object.keys(XMILE).filter((fn) => !covered(XMILE_ROWS).has(fn))).toEqual([]);
  });
});

describe("each tool's meaning of the integer functions", () => {
  // Vensim's INTEGER and MODULO truncate; XMILE's INT and MOD are floored (and keep Vensim's meaning in files Vensim wrote).
  it('truncates in Vensim', () => {
    const m = translated(vensimModel('INTEGER(-2.5) * 10 + MODULO(-7, 3)'), 'm.mdl');
    expect(m.run('y')[0]).toBe(-20 + -1);
  });

  it('floors in XMILE, and truncates in XMILE written by Vensim', () => {
    expect(translated(xmileModel('INT(-2.5) * 10 + (-7 MOD 3)'), 'm.xmile').run('y')[0]).toBe(-30 + 2);
    expect(translated(xmileModel('INT(-2.5) * 10 + (-7 MOD 3)', 'Vensim'), 'm.xmile').run('y')[0]).toBe(-20 + -1);
  });

  it('QUANTUM truncates to a multiple, and leaves the value when the quantum is not positive', () => {
    expect(translated(vensimModel('QUANTUM(-7.5, 2) + QUANTUM(7.5, 0) / 100'), 'm.mdl').run('y')[0]).toBe(-6 + 0.075);
  });

  it("XMILE's PULSE is a volume spread over one step, every interval", () => {
    // dt = 1: PULSE(10, 1, 2) is 10 at t = 1 and t = 3.
    expect(translated(xmileModel('PULSE(10, 1, 2)'), 'm.xmile').run('y')).toEqual([0, 10, 0, 10, 0]);
  });
});
