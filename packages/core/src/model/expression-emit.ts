/**
 * Our checked tree as JavaScript source. Only four things reach the output:
 * fixed operator and helper text, number literals from `numberLiteral`, and
 * whatever the caller's `ref`/`lookupRef` return for a name. User text never
 * does. Every emitted piece is self-delimiting (a literal, a call, `v[i]` or
 * parenthesized), so pieces compose without precedence surprises.
 */
import { TIME_FUNCTIONS, type BuiltinFunction, type CompareOp, type ExprTree } from './expression-tree.js';
import { numberLiteral, RUNTIME_SCRATCH_CELLS } from './runtime.js';

/** Builtins that are exactly a Math function (IEEE results, NaN for out-of-domain input, never complex). */
const MATH: Partial<Record<BuiltinFunction, string>> = {
  abs: 'Math.abs',
  sign: 'Math.sign',
  sqrt: 'Math.sqrt',
  cbrt: 'Math.cbrt',
  exp: 'Math.exp',
  log10: 'Math.log10',
  log2: 'Math.log2',
  pow: 'Math.pow',
  min: 'Math.min',
  max: 'Math.max',
  floor: 'Math.floor',
  ceil: 'Math.ceil',
  sin: 'Math.sin',
  cos: 'Math.cos',
  tan: 'Math.tan',
  trunc: 'Math.trunc',
  asin: 'Math.asin',
  acos: 'Math.acos',
  atan: 'Math.atan',
  atan2: 'Math.atan2',
  sinh: 'Math.sinh',
  cosh: 'Math.cosh',
  tanh: 'Math.tanh',
};

/** Builtins implemented in `runtime`; the time functions also get the current time as last argument. */
const HELPER: Partial<Record<BuiltinFunction, string>> = {
  mod: 'R.mod',
  round: 'R.round',
  clamp: 'R.clamp',
  sigmoid: 'R.sigmoid',
  step: 'R.step',
  ramp: 'R.ramp',
  pulse: 'R.pulse',
  pulse_train: 'R.pulseTrain',
  rem: 'R.rem',
  xidz: 'R.xidz',
  zidz: 'R.zidz',
  safediv: 'R.xidz',
};

/** `===`, not mathjs's tolerance: 0.1 + 0.2 == 0.3 is 0 here. */
const JS_COMPARE: Record<CompareOp, string> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=', '==': '===', '!=': '!==' };

export function emitTree(
  tree: ExprTree,
  ref: (symbol: string) => string,
  lookupRef: (lookupId: string) => string,
): string {
  let scratch = 0;
  const emit = (node: ExprTree): string => {
    switch (node.kind) {
      case 'number':
        return numberLiteral(node.value);
      case 'symbol':
        return ref(node.name);
      case 'unary': {
        const a = emit(node.arg);
        // `not x` is 1 exactly when x is 0 or NaN, like the conditional's test.
        return node.op === 'neg' ? `(-${a})` : node.op === 'pos' ? `(+${a})` : `(${a}?0:1)`;
      }
      case 'binary': {
        const a = emit(node.left);
        const b = emit(node.right);
        switch (node.op) {
          case 'add':
            return `(${a}+${b})`;
          case 'sub':
            return `(${a}-${b})`;
          case 'mul':
            return `(${a}*${b})`;
          case 'div':
            return `(${a}/${b})`;
          case 'pow':
            return `Math.pow(${a},${b})`;
          case 'and':
            return `(${a}&&${b}?1:0)`;
          case 'or':
            return `(${a}||${b}?1:0)`;
        }
        break;
      }
      case 'compare':
        return compare(node.ops, node.args);
      case 'conditional':
        // A number is truthy in JS exactly when it is non-zero and not NaN.
        return `(${emit(node.test)}?${emit(node.then)}:${emit(node.otherwise)})`;
      case 'call': {
        const args = node.args.map(emit);
        if (node.fn === 'log') return args.length === 2 ? `R.logb(${args[0]},${args[1]})` : `Math.log(${args[0]})`;
        const math = MATH[node.fn];
        if (math !== undefined) return `${math}(${args.join(',')})`;
        const helper = HELPER[node.fn];
        if (helper === undefined) throw new Error(`internal: no code for ${node.fn}`);
        if (node.fn === 'ramp' && args.length === 2) args.push('Infinity');
        if (node.fn === 'safediv' && args.length === 2) args.push('0');
        if (TIME_FUNCTIONS.has(node.fn)) args.push(ref('t'));
        return `${helper}(${args.join(',')})`;
      }
      case 'lookup':
        return `${lookupRef(node.id)}(${emit(node.arg)})`;
    }
    throw new Error('internal: unknown expression node');
  };

  /**
   * `a < b <= c` is `a < b and b <= c` with b evaluated once: a middle operand
   * that is not a plain literal or slot goes through a scratch cell, since
   * writing it twice would double the code at each level of nesting.
   */
  const compare = (ops: readonly CompareOp[], operands: readonly ExprTree[]): string => {
    const code = operands.map(emit);
    if (ops.length === 1) return `(${code[0]}${JS_COMPARE[ops[0]!]}${code[1]}?1:0)`;
    const stores: string[] = [];
    const value = code.map((c, i) => {
      const simple = operands[i]!.kind === 'number' || operands[i]!.kind === 'symbol';
      if (i === 0 || i === code.length - 1 || simple) return c;
      if (scratch >= RUNTIME_SCRATCH_CELLS) throw new Error('internal: out of scratch cells');
      const cell = `R.tmp[${scratch++}]`;
      stores.push(`${cell}=${c}`);
      return cell;
    });
    const tests = ops.map((op, i) => `${value[i]}${JS_COMPARE[op]}${value[i + 1]}`);
    return `(${stores.map((s) => `${s},`).join('')}${tests.join('&&')}?1:0)`;
  };

  return emit(tree);
}
