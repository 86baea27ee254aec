/**
 * Shared types of the expression compiler. The checked tree is our own, not
 * mathjs's: mathjs nodes carry `evaluate()`/`compile()` methods wired to a
 * math instance, so none of them ever leaves the parsing module.
 */
import { BUILTIN_FUNCTIONS, STATEFUL_FUNCTIONS } from './builtins.js';

export type ExprProblemCode = 'syntax' | 'forbidden' | 'unknown-symbol' | 'limit';

/** One problem in one expression: `snippet` is the offending source text, `index` its offset in the expression (-1 if unknown). */
export interface ExprProblem {
  code: ExprProblemCode;
  message: string;
  snippet: string;
  index: number;
}

export type BuiltinFunction = (typeof BUILTIN_FUNCTIONS)[number];
export type UnaryOp = 'neg' | 'pos' | 'not';
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'and' | 'or';
export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

export type ExprTree =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'symbol'; readonly name: string }
  | { readonly kind: 'unary'; readonly op: UnaryOp; readonly arg: ExprTree }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: ExprTree; readonly right: ExprTree }
  /** `args.length === ops.length + 1`; a chain `a < b < c` means a < b and b < c. */
  | { readonly kind: 'compare'; readonly ops: readonly CompareOp[]; readonly args: readonly ExprTree[] }
  | { readonly kind: 'conditional'; readonly test: ExprTree; readonly then: ExprTree; readonly otherwise: ExprTree }
  | { readonly kind: 'call'; readonly fn: BuiltinFunction; readonly args: readonly ExprTree[] }
  | { readonly kind: 'lookup'; readonly id: string; readonly arg: ExprTree };

/** A node's operands, in source order. */
export function children(node: ExprTree): readonly ExprTree[] {
  switch (node.kind) {
    case 'number':
    case 'symbol':
      return [];
    case 'unary':
    case 'lookup':
      return [node.arg];
    case 'binary':
      return [node.left, node.right];
    case 'compare':
    case 'call':
      return node.args;
    case 'conditional':
      return [node.test, node.then, node.otherwise];
    default:
      return node satisfies never;
  }
}

/** The node with every operand replaced by `f(operand)`; the node itself when no operand changed. */
export function mapChildren(node: ExprTree, f: (child: ExprTree) => ExprTree): ExprTree {
  switch (node.kind) {
    case 'number':
    case 'symbol':
      return node;
    case 'unary':
    case 'lookup': {
      const arg = f(node.arg);
      return arg === node.arg ? node : { ...node, arg };
    }
    case 'binary': {
      const left = f(node.left);
      const right = f(node.right);
      return left === node.left && right === node.right ? node : { ...node, left, right };
    }
    case 'compare':
    case 'call': {
      const args = node.args.map(f);
      return args.every((a, i) => a === node.args[i]) ? node : { ...node, args };
    }
    case 'conditional': {
      const [test, then, otherwise] = [f(node.test), f(node.then), f(node.otherwise)];
      return test === node.test && then === node.then && otherwise === node.otherwise
        ? node
        : { ...node, test, then, otherwise };
    }
    default:
      return node satisfies never;
  }
}

/** The functions that read the current time `t` besides their arguments. */
export const TIME_FUNCTIONS: ReadonlySet<string> = new Set<BuiltinFunction>(['step', 'ramp', 'pulse', 'pulse_train']);

export type StatefulFunction = (typeof STATEFUL_FUNCTIONS)[number];
const STATEFUL: ReadonlySet<string> = new Set(STATEFUL_FUNCTIONS);
export const isStateful = (name: string): name is StatefulFunction => STATEFUL.has(name);

/** Accepted argument counts and the form shown when a call has the wrong number. */
export const ARITY: ReadonlyMap<string, { readonly min: number; readonly max: number; readonly form: string }> =
  new Map(
    (
      [
        ['abs', 1, 1, 'abs(x)'],
        ['sign', 1, 1, 'sign(x)'],
        ['sqrt', 1, 1, 'sqrt(x)'],
        ['cbrt', 1, 1, 'cbrt(x)'],
        ['exp', 1, 1, 'exp(x)'],
        ['log', 1, 2, 'log(x) or log(x, base)'],
        ['log10', 1, 1, 'log10(x)'],
        ['log2', 1, 1, 'log2(x)'],
        ['pow', 2, 2, 'pow(x, y)'],
        ['min', 2, Infinity, 'min(a, b, ...)'],
        ['max', 2, Infinity, 'max(a, b, ...)'],
        ['floor', 1, 1, 'floor(x)'],
        ['ceil', 1, 1, 'ceil(x)'],
        ['round', 1, 1, 'round(x)'],
        ['sin', 1, 1, 'sin(x)'],
        ['cos', 1, 1, 'cos(x)'],
        ['tan', 1, 1, 'tan(x)'],
        ['mod', 2, 2, 'mod(a, b)'],
        ['clamp', 3, 3, 'clamp(x, lo, hi)'],
        ['step', 2, 2, 'step(height, at)'],
        ['ramp', 2, 3, 'ramp(slope, from) or ramp(slope, from, to)'],
        ['pulse', 2, 2, 'pulse(at, width)'],
        ['sigmoid', 1, 1, 'sigmoid(x)'],
        ['trunc', 1, 1, 'trunc(x)'],
        ['rem', 2, 2, 'rem(a, b)'],
        ['asin', 1, 1, 'asin(x)'],
        ['acos', 1, 1, 'acos(x)'],
        ['atan', 1, 1, 'atan(x)'],
        ['atan2', 2, 2, 'atan2(y, x)'],
        ['sinh', 1, 1, 'sinh(x)'],
        ['cosh', 1, 1, 'cosh(x)'],
        ['tanh', 1, 1, 'tanh(x)'],
        ['xidz', 3, 3, 'xidz(a, b, x)'],
        ['zidz', 2, 2, 'zidz(a, b)'],
        ['safediv', 2, 3, 'safediv(a, b) or safediv(a, b, x)'],
        ['pulse_train', 4, 4, 'pulse_train(start, width, interval, end)'],
        ['active_initial', 2, 2, 'active_initial(expr, initial)'],
        ['delay1', 2, 3, 'delay1(input, delay_time) or delay1(input, delay_time, initial)'],
        ['delay3', 2, 3, 'delay3(input, delay_time) or delay3(input, delay_time, initial)'],
        ['delayn', 3, 4, 'delayn(input, delay_time, order) or delayn(input, delay_time, order, initial)'],
        ['delay_fixed', 3, 3, 'delay_fixed(input, delay_time, initial)'],
        ['smooth', 2, 3, 'smooth(input, time) or smooth(input, time, initial)'],
        ['smooth3', 2, 3, 'smooth3(input, time) or smooth3(input, time, initial)'],
        ['trend', 2, 3, 'trend(input, average_time) or trend(input, average_time, initial_trend)'],
        ['forecast', 3, 3, 'forecast(input, average_time, horizon)'],
        ['previous', 1, 2, 'previous(x) or previous(x, initial)'],
        ['init', 1, 1, 'init(x)'],
      ] satisfies readonly (readonly [BuiltinFunction, number, number, string])[]
    ).map(([name, min, max, form]) => [name, { min, max, form }]),
  );

// A builtin without an arity entry would be unreachable: fail at load, not silently.
for (const name of BUILTIN_FUNCTIONS) {
  if (!ARITY.has(name)) throw new Error(`internal: no arity for built-in function ${name}`);
}

export const isBuiltinFunction = (name: string): name is BuiltinFunction => ARITY.has(name);

/** Built-in constants, emitted as literals. */
export const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
]);
