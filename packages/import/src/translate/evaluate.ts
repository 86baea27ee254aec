/**
 * Numbers the translation must know before the run: the time settings of a
 * Vensim file (constants of each other: SAVEPER = TIME STEP) and the order
 * of DELAY N and SMOOTH N, which Vensim evaluates once, at the start
 * (`2 + STEP(1, 10)` is an order of 2). Only what has a single value at the
 * start evaluates; anything else is undefined.
 */
import type { Expr, Semantics } from '../model.js';
import { nameKey } from '../names.js';

export interface Env {
  /** The value of a name (by `nameKey`), or undefined when it has none at the start. */
  readonly name: (key: string) => number | undefined;
  /** TIME at the start; undefined where TIME has no single value (the time settings themselves). */
  readonly time: number | undefined;
  readonly semantics: Semantics;
}

const truth = (x: number) => (x !== 0 && !Number.isNaN(x) ? 1 : 0);

export function evaluate(e: Expr, env: Env): number | undefined {
  const ev = (x: Expr) => evaluate(x, env);
  switch (e.kind) {
    case 'number':
      return e.value;
    case 'name':
      return nameKey(e.name) === 'time' && env.time !== undefined ? env.time : env.name(nameKey(e.name));
    case 'unary': {
      const v = ev(e.arg);
      if (v === undefined) return undefined;
      return e.op === '-' ? -v : e.op === '+' ? v : 1 - truth(v);
    }
    case 'binary': {
      const a = ev(e.left);
      const b = ev(e.right);
      if (a === undefined || b === undefined) return undefined;
      switch (e.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return a / b;
        case '^':
          return a ** b;
        case '<':
          return a < b ? 1 : 0;
        case '<=':
          return a <= b ? 1 : 0;
        case '>':
          return a > b ? 1 : 0;
        case '>=':
          return a >= b ? 1 : 0;
        case '=':
          return a === b ? 1 : 0;
        case '<>':
          return a !== b ? 1 : 0;
        case 'and':
          return truth(a) && truth(b) ? 1 : 0;
        case 'or':
          return truth(a) || truth(b) ? 1 : 0;
        case 'mod':
          return env.semantics === 'vensim' ? a % b : a - b * Math.floor(a / b);
        default:
          return undefined;
      }
    }
    case 'if': {
      const test = ev(e.test);
      return test === undefined ? undefined : truth(test) ? ev(e.whenTrue) : ev(e.whenFalse);
    }
    case 'call':
      return call(
        e.fn
          .replace(/[\s_]+/g, ' ')
          .trim()
          .toUpperCase(),
        e.args,
        env,
      );
    default:
      return undefined;
  }
}

function call(fn: string, args: readonly Expr[], env: Env): number | undefined {
  const values = args.map((a) => evaluate(a, env));
  if (values.some((v) => v === undefined)) {
    // IF THEN ELSE needs only the branch it takes.
    if (fn !== 'IF THEN ELSE') return undefined;
  }
  const [a, b, c] = values;
  const t = env.time;
  switch (fn) {
    case 'IF THEN ELSE':
      return a === undefined ? undefined : truth(a) ? b : c;
    case 'ABS':
      return Math.abs(a!);
    case 'MIN':
      return values.length === 1 ? a : Math.min(a!, b!);
    case 'MAX':
      return values.length === 1 ? a : Math.max(a!, b!);
    case 'SQRT':
      return Math.sqrt(a!);
    case 'EXP':
      return Math.exp(a!);
    case 'LN':
      return Math.log(a!);
    case 'INTEGER':
      return Math.trunc(a!);
    case 'INT':
      return env.semantics === 'vensim' ? Math.trunc(a!) : Math.floor(a!);
    case 'MODULO':
      return a! % b!;
    case 'POWER':
      return a! ** b!;
    case 'STEP':
      return t === undefined ? undefined : t >= b! ? a : 0;
    case 'RAMP':
      return t === undefined ? undefined : t < b! ? 0 : a! * (Math.min(t, c ?? Infinity) - b!);
    default:
      return undefined;
  }
}

/** A number written as a literal, with signs. */
export function literalValue(e: Expr): number | undefined {
  if (e.kind === 'number') return e.value;
  if (e.kind === 'unary' && e.op !== 'not') {
    const v = literalValue(e.arg);
    return v === undefined ? undefined : e.op === '-' ? -v : v;
  }
  return undefined;
}
