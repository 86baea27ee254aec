/**
 * What both expression parsers share: left-associative operator levels and
 * the guards that keep a hostile file from nesting or chaining deep enough
 * to overflow the stack (the engine refuses such trees too).
 */
import { IMPORT_LIMITS } from './limits.js';
import type { BinaryOp, Expr, Offset } from './model.js';

/** The token stream of one parser, seen by the helpers below. */
export interface TokenStream<T> {
  peek(): T;
  next(): T;
  /** Where a token stands in the file. */
  offset(t: T): Offset;
  /** Report a `limit` problem there and stop reading the expression. */
  limit(message: string, at: Offset): never;
}

/**
 * One level of left-associative binary operators: `op` names the operator a
 * token is, if any; `right` reads the operands after the first. A chain
 * `a + b + ...` builds a tree as deep as it is long, so it is bounded.
 */
export function binaryLevel<T>(
  s: TokenStream<T>,
  operand: () => Expr,
  op: (t: T) => BinaryOp | undefined,
  right = operand,
): Expr {
  let left = operand();
  for (let links = 1; ; links++) {
    const t = s.peek();
    const found = op(t);
    if (found === undefined) return left;
    const at = s.offset(t);
    if (links > IMPORT_LIMITS.maxChain) {
      s.limit(
        `more than ${IMPORT_LIMITS.maxChain} operands in one chain of operators (maxChain); split it into several variables`,
        at,
      );
    }
    s.next();
    left = { kind: 'binary', op: found, left, right: right(), at };
  }
}

/** Parentheses, arguments and signs nested past maxExpressionDepth are refused before the stack is. */
export class Nesting {
  private depth = 0;

  constructor(private readonly limit: (message: string, at: Offset) => never) {}

  within<R>(at: Offset, read: () => R): R {
    if (++this.depth > IMPORT_LIMITS.maxExpressionDepth) {
      this.depth = 0;
      this.limit(
        `the expression nests more than ${IMPORT_LIMITS.maxExpressionDepth} deep (maxExpressionDepth); split it into several variables`,
        at,
      );
    }
    try {
      return read();
    } finally {
      this.depth = Math.max(0, this.depth - 1);
    }
  }

  reset(): void {
    this.depth = 0;
  }
}
