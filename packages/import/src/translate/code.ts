/**
 * Expression text in the scenario language (mathjs syntax) with the
 * precedence of its top operator, so parentheses are written only where the
 * meaning needs them. mathjs's precedence, lowest first: `?:`, `or`, `and`,
 * comparisons (which chain: `a < b < c` means `a < b and b < c`, so a
 * comparison inside another is always parenthesized), `+ -`, `* /`, unary
 * `- + not`, `^` (right-associative).
 */
export const PREC = {
  conditional: 0,
  or: 1,
  and: 2,
  compare: 3,
  add: 4,
  mul: 5,
  unary: 6,
  pow: 7,
  atom: 9,
} as const;

export interface Code {
  readonly text: string;
  readonly prec: number;
}

export const atom = (text: string): Code => ({ text, prec: PREC.atom });

/** The code, parenthesized unless its precedence is at least `min`. */
export function wrap(code: Code, min: number): string {
  return code.prec >= min ? code.text : `(${code.text})`;
}

/** A number literal: the shortest text that reads back as the same double. */
export function num(x: number): Code {
  if (Object.is(x, -0) || x === 0) return atom('0');
  const text = String(x);
  return x < 0 ? { text, prec: PREC.unary } : atom(text);
}

export function call(fn: string, args: readonly Code[]): Code {
  return atom(`${fn}(${args.map((a) => a.text).join(', ')})`);
}

export function binary(op: string, left: Code, right: Code): Code {
  switch (op) {
    case '^':
      // Written left to right: (a ^ b) ^ c keeps its parentheses, mathjs's ^ being right-associative.
      return { text: `${wrap(left, PREC.atom)} ^ ${wrap(right, PREC.pow)}`, prec: PREC.pow };
    case '*':
    case '/':
      return { text: `${wrap(left, PREC.mul)} ${op} ${wrap(right, PREC.unary)}`, prec: PREC.mul };
    case '+':
    case '-':
      return { text: `${wrap(left, PREC.add)} ${op} ${wrap(right, PREC.mul)}`, prec: PREC.add };
    case 'and':
    case 'or': {
      const p = op === 'and' ? PREC.and : PREC.or;
      return { text: `${wrap(left, p)} ${op} ${wrap(right, p + 1)}`, prec: p };
    }
    default:
      // Comparisons: each side above a comparison, so no chain forms.
      return { text: `${wrap(left, PREC.add)} ${op} ${wrap(right, PREC.add)}`, prec: PREC.compare };
  }
}

export function unary(op: '-' | 'not', arg: Code): Code {
  if (op === 'not') return { text: `not ${wrap(arg, PREC.atom)}`, prec: PREC.unary };
  return { text: `-${wrap(arg, PREC.pow)}`, prec: PREC.unary };
}

export function conditional(test: Code, then: Code, otherwise: Code): Code {
  return {
    text: `${wrap(test, PREC.or)} ? ${wrap(then, PREC.or)} : ${wrap(otherwise, PREC.or)}`,
    prec: PREC.conditional,
  };
}
