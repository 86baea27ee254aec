/**
 * Each tool's built-in functions in terms of the scenario language's
 * (docs/import.md has the table). A mapping receives its arguments already
 * translated and returns the expression, or why it cannot. Names are upper
 * case with single spaces.
 */
import { atom, binary, type Code, call, conditional, num } from './code.js';

export interface Helpers {
  /** The model's start and stop times, as numbers. */
  readonly start: number;
  readonly stop: number;
  /** A constant argument's value (for an order that must be a whole number), or undefined. */
  constant(i: number): number | undefined;
}

export interface Mapping {
  readonly min: number;
  readonly max: number;
  readonly emit: (a: readonly Code[], h: Helpers) => Code | string;
}

/** A function of the scenario language with the same arguments. */
const fn = (name: string, min: number, max = min): Mapping => ({ min, max, emit: (a) => call(name, a) });

const mul = (a: Code, b: Code) => binary('*', a, b);

/** An order of DELAY N / SMOOTH N: a whole number from 1 to 100 (the engine's delays go as far). */
const isOrder = (order: number | undefined): order is number =>
  order !== undefined && Number.isInteger(order) && order >= 1 && order <= 100;
const orderProblem = (fn: string) =>
  `${fn} needs an order that is a whole number from 1 to 100 at the start of the run`;

/** delayn with the order as a number: its value at the start (DELAY N's order may be an expression of constants). */
function delayN(
  input: Code,
  time: Code,
  order: number | undefined,
  initial: Code | undefined,
  fn: string,
): Code | string {
  if (!isOrder(order)) return orderProblem(fn);
  return call('delayn', [input, time, num(order), ...(initial === undefined ? [] : [initial])]);
}

/**
 * An exponential smooth of order n: n first-order stages in a chain, each
 * with a time of time / n (SMOOTH3 is the case n = 3). The order is the
 * argument's value at the start, as Vensim takes it.
 */
function smoothN(
  input: Code,
  time: Code,
  initial: Code | undefined,
  order: number | undefined,
  fn: string,
): Code | string {
  if (!isOrder(order)) return orderProblem(fn);
  const tail = initial === undefined ? [] : [initial];
  if (order === 1) return call('smooth', [input, time, ...tail]);
  if (order === 3) return call('smooth3', [input, time, ...tail]);
  const stage = binary('/', time, num(order));
  let out = input;
  for (let i = 0; i < order; i++) out = call('smooth', [out, stage, ...tail]);
  return out;
}

const COMMON: Readonly<Record<string, Mapping>> = {
  ABS: fn('abs', 1),
  EXP: fn('exp', 1),
  LN: fn('log', 1),
  SQRT: fn('sqrt', 1),
  SIN: fn('sin', 1),
  COS: fn('cos', 1),
  TAN: fn('tan', 1),
  ARCSIN: fn('asin', 1),
  ARCCOS: fn('acos', 1),
  ARCTAN: fn('atan', 1),
  SINH: fn('sinh', 1),
  COSH: fn('cosh', 1),
  TANH: fn('tanh', 1),
  STEP: fn('step', 2),
  'IF THEN ELSE': { min: 3, max: 3, emit: (a) => conditional(a[0]!, a[1]!, a[2]!) },
  'ACTIVE INITIAL': { min: 2, max: 2, emit: (a) => call('active_initial', a) },
  DELAY1: fn('delay1', 2, 3),
  DELAY3: fn('delay3', 2, 3),
  TREND: { min: 3, max: 3, emit: (a) => call('trend', a) },
  FORECAST: { min: 3, max: 3, emit: (a) => call('forecast', a) },
};

/** Vensim's functions (`.mdl`). */
export const VENSIM: Readonly<Record<string, Mapping>> = {
  ...COMMON,
  LOG: { min: 2, max: 2, emit: (a) => call('log', a) },
  MIN: fn('min', 2),
  MAX: fn('max', 2),
  INTEGER: fn('trunc', 1),
  MODULO: fn('rem', 2),
  POWER: fn('pow', 2),
  // QUANTUM(x, q): x truncated to a multiple of q; x itself when q <= 0.
  QUANTUM: {
    min: 2,
    max: 2,
    emit: (a) =>
      conditional(binary('<=', a[1]!, num(0)), a[0]!, mul(a[1]!, call('trunc', [binary('/', a[0]!, a[1]!)]))),
  },
  // A PULSE of width 0 lasts one time step (Vensim's rule).
  PULSE: {
    min: 2,
    max: 2,
    emit: (a, h) => call('pulse', [a[0]!, h.constant(1) === 0 ? atom('dt') : a[1]!]),
  },
  'PULSE TRAIN': fn('pulse_train', 4),
  RAMP: fn('ramp', 3),
  XIDZ: fn('xidz', 3),
  ZIDZ: fn('zidz', 2),
  INITIAL: { min: 1, max: 1, emit: (a) => call('init', a) },
  SMOOTH: fn('smooth', 2, 2),
  SMOOTHI: fn('smooth', 3, 3),
  SMOOTH3: fn('smooth3', 2, 2),
  SMOOTH3I: fn('smooth3', 3, 3),
  // SMOOTH N(input, time, initial, order), the order taken at the start.
  'SMOOTH N': {
    min: 4,
    max: 4,
    emit: (a, h) => smoothN(a[0]!, a[1]!, a[2]!, h.constant(3), 'SMOOTH N'),
  },
  DELAY1I: fn('delay1', 3, 3),
  DELAY3I: fn('delay3', 3, 3),
  // DELAY N(input, time, initial, order) -> delayn(input, time, order, initial).
  'DELAY N': {
    min: 4,
    max: 4,
    emit: (a, h) => delayN(a[0]!, a[1]!, h.constant(3), a[2], 'DELAY N'),
  },
  'DELAY FIXED': fn('delay_fixed', 3, 3),
  GAME: { min: 1, max: 1, emit: (a) => a[0]! },
};

/** XMILE's functions (Stella/iThink and other tools' `.xmile`, `.stmx`). */
export const XMILE: Readonly<Record<string, Mapping>> = {
  ...COMMON,
  LOG10: fn('log10', 1),
  // One argument: XMILE's MIN/MAX over an array; of one number, that number.
  MIN: { min: 1, max: 2, emit: (a) => (a.length === 1 ? a[0]! : call('min', a)) },
  MAX: { min: 1, max: 2, emit: (a) => (a.length === 1 ? a[0]! : call('max', a)) },
  INT: fn('floor', 1),
  MOD: fn('mod', 2),
  ROUND: fn('round', 1),
  SIGN: fn('sign', 1),
  PI: { min: 0, max: 0, emit: () => atom('pi') },
  RAMP: { min: 2, max: 3, emit: (a) => call('ramp', a) },
  // PULSE(volume, first[, interval]): volume / DT at `first` and every `interval` after (none when interval <= 0).
  PULSE: {
    min: 2,
    max: 3,
    emit: (a, h) => {
      const height = binary('/', a[0]!, atom('dt'));
      const once = call('pulse', [a[1]!, atom('dt')]);
      if (a.length === 2 || h.constant(2) === 0) return mul(height, once);
      const train = call('pulse_train', [a[1]!, atom('dt'), a[2]!, num(h.stop + 1)]);
      return mul(height, atom(`(${conditional(binary('>', a[2]!, num(0)), train, once).text})`));
    },
  },
  SAFEDIV: { min: 2, max: 3, emit: (a) => call('safediv', a) },
  INIT: { min: 1, max: 1, emit: (a) => call('init', a) },
  // PREVIOUS without an initial value starts from the expression's own initial value.
  PREVIOUS: {
    min: 1,
    max: 2,
    emit: (a) => call('previous', [a[0]!, a[1] ?? call('init', [a[0]!])]),
  },
  DELAY: {
    min: 2,
    max: 3,
    emit: (a) => call('delay_fixed', [a[0]!, a[1]!, a[2] ?? a[0]!]),
  },
  DELAYN: {
    min: 3,
    max: 4,
    emit: (a, h) => delayN(a[0]!, a[1]!, h.constant(2), a[3], 'DELAYN'),
  },
  SMTH1: fn('smooth', 2, 3),
  SMTH3: fn('smooth3', 2, 3),
  SMTHN: {
    min: 3,
    max: 4,
    emit: (a, h) => smoothN(a[0]!, a[1]!, a[3], h.constant(2), 'SMTHN'),
  },
  TREND: { min: 2, max: 3, emit: (a) => call('trend', [a[0]!, a[1]!, a[2] ?? num(0)]) },
  FORECAST: { min: 3, max: 3, emit: (a) => call('forecast', a) },
};

/**
 * Functions that exist in the tools but need what does not import yet, by
 * the construct to name in the problem.
 */
export const NOT_YET: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    [
      'SUM',
      'PROD',
      'VMIN',
      'VMAX',
      'ELMCOUNT',
      'VECTOR SELECT',
      'VECTOR ELM MAP',
      'VECTOR SORT ORDER',
      'VECTOR REORDER',
      'VECTOR RANK',
      'VECTOR LOOKUP',
      'ALLOCATE AVAILABLE',
      'ALLOCATE BY PRIORITY',
      'INVERT MATRIX',
      'MATRIX PRODUCT',
      'SIZE',
      'STDDEV',
      'MEAN',
      'RANK',
    ].map((n) => [n, 'subscripts (arrays)']),
  ),
  ...Object.fromEntries(
    [
      'GET XLS DATA',
      'GET XLS CONSTANTS',
      'GET XLS LOOKUPS',
      'GET XLS SUBSCRIPT',
      'GET DIRECT DATA',
      'GET DIRECT CONSTANTS',
      'GET DIRECT LOOKUPS',
      'GET DIRECT SUBSCRIPT',
      'GET DATA AT TIME',
      'GET DATA BETWEEN TIMES',
      'GET DATA LAST TIME',
      'GET DATA FIRST TIME',
      'GET DATA MAX',
      'GET DATA MIN',
      'GET DATA MEAN',
      'GET VDF DATA',
      'GET VDF CONSTANTS',
      'GET VDF LOOKUPS',
      'GET 123 DATA',
      'GET 123 CONSTANTS',
      'GET 123 LOOKUPS',
      'TIME BASE',
    ].map((n) => [n, 'data from external files (spreadsheets, .vdf)']),
  ),
  ...Object.fromEntries(
    [
      'RANDOM UNIFORM',
      'RANDOM NORMAL',
      'RANDOM 0 1',
      'RANDOM EXPONENTIAL',
      'RANDOM POISSON',
      'RANDOM TRIANGULAR',
      'RANDOM LOGNORMAL',
      'RANDOM BETA',
      'RANDOM GAMMA',
      'RANDOM BINOMIAL',
      'RANDOM WEIBULL',
      'RANDOM PINK NOISE',
      'RANDOM',
      'NORMAL',
      'UNIFORM',
      'POISSON',
      'EXPRND',
      'LOGNORMAL',
      'TRIANGULAR',
      'BETA',
      'GAMMA',
      'WEIBULL',
      'BINOMIAL',
      'NEGBINOMIAL',
      'GEOMETRIC',
      'LOGISTIC',
      'PARETO',
    ].map((n) => [n, 'random functions (a scenario draws its uncertainty from parameters with distributions)']),
  ),
  'A FUNCTION OF': 'an unfinished equation (A FUNCTION OF)',
  'GET TIME VALUE': 'GET TIME VALUE (calendar time)',
  'SAMPLE IF TRUE': 'SAMPLE IF TRUE',
  'FIND ZERO': 'FIND ZERO',
  NPV: 'NPV',
  NPVE: 'NPV',
  INF: 'INF (an infinite value)',
};
