/**
 * The expression language: mathjs syntax, plain IEEE double arithmetic.
 * mathjs only parses; a whitelist turns its tree into ours and code
 * generation turns ours into JavaScript over `Float64Array` slots.
 *
 * Where the meaning differs from mathjs's own evaluation (on purpose):
 * - comparisons are exact (`0.1 + 0.2 == 0.3` is 0; mathjs says true), and
 *   min/max are Math.min/Math.max (`max(0, 5e-324)` is 5e-324; mathjs says 0);
 * - comparisons and `and`/`or`/`not` give 1 or 0, never booleans;
 * - a value is true when non-zero and not NaN (so `not NaN` is 1);
 * - `sqrt(-1)`, `log(-1)`, `(-8) ^ (1/3)` are NaN, never complex; the engine
 *   reports non-finite values when a run produces them;
 * - `%` is rejected (mathjs reads `10%` as 0.1 and `x + 10%` as x * 1.1);
 *   `mod(a, b)` is floored with the sign of b (see runtime.ts);
 * - `round` is half away from zero; `log(x, b)` is ln x / ln b.
 */
import { err, ok, type Result } from '../result.js';
import { checkTree } from './expression-check.js';
import { emitTree } from './expression-emit.js';
import { Locator } from './expression-locate.js';
import { parseRaw, treeDepthExceeds } from './expression-parse.js';
import { scanExpression } from './expression-scan.js';
import { children, type ExprProblem, type ExprTree } from './expression-tree.js';
import { runtime } from './runtime.js';
import { firstStatefulCall, resolveMode } from './stateful.js';

export type { ExprProblem, ExprProblemCode, ExprTree } from './expression-tree.js';
export { makeLookup, runtime, type Runtime } from './runtime.js';

export interface ParsedExpression {
  readonly text: string;
  /** Distinct symbols read as values, in order of first use; `pi` and `e` are not symbols, and `t` is one whenever step, ramp or pulse is called. */
  readonly symbols: readonly string[];
  /** Distinct lookup ids called as functions. */
  readonly calls: readonly string[];
  /** The checked tree: opaque to callers, read by `emitExpression` and by the lowering of calls with memory (stateful.ts). */
  readonly tree: ExprTree;
  /** What one evaluation costs in operations (a node each, more for calls and powers), for work limits. */
  readonly size: number;
}

export const EXPRESSION_LIMITS = Object.freeze({
  /** Characters in one expression. */
  maxLength: 10_000,
  /** Source nesting: brackets, `?:`/`=` chains, runs of unary operators and `^`. Keeps mathjs's recursive parser far from a stack overflow. */
  maxDepth: 100,
  /** Depth of the parsed tree (a chain `a + b + ...` is as deep as it is long). Keeps our recursion and V8's compile of the generated code safe. */
  maxTreeDepth: 500,
});

/**
 * Each '%' can double mathjs's parsing time (see expression-scan.ts). Every
 * '%' is already a problem, so past a few the parse is skipped: the other
 * problems in the text then wait for the '%' to be fixed.
 */
const MAX_PARSED_PERCENTS = 4;

export function parseExpression(text: string, lookups: ReadonlySet<string>): Result<ParsedExpression, ExprProblem[]> {
  const scan = scanExpression(text, EXPRESSION_LIMITS);
  const problems = [...scan.problems];
  if (scan.fatal) return err(problems);
  if (text.trim() === '')
    return err([
      { code: 'syntax', message: 'the expression is empty: write a number or a formula', snippet: '', index: 0 },
    ]);
  if (scan.percents > MAX_PARSED_PERCENTS) return err(problems);

  // mathjs rejects a carriage return outright; a space keeps every offset where it was.
  const parsed = parseRaw(text.replace(/\r/g, ' '));
  if (!parsed.ok) {
    if (parsed.overflow) {
      problems.push({
        code: 'limit',
        message: 'the expression is too deeply nested to parse; split it into several variables',
        snippet: '',
        index: -1,
      });
    } else {
      const snippet = parsed.index < 0 ? '' : (/^\s*(\w+|\S)/.exec(text.slice(parsed.index))?.[1] ?? '');
      problems.push({
        code: 'syntax',
        message: `cannot parse: ${lowerFirst(parsed.message)}`,
        snippet,
        index: parsed.index,
      });
    }
    return err(problems);
  }
  if (treeDepthExceeds(parsed.node, EXPRESSION_LIMITS.maxTreeDepth)) {
    problems.push({
      code: 'limit',
      message: `the expression is more than ${EXPRESSION_LIMITS.maxTreeDepth} operations deep (maxTreeDepth); split it into several variables`,
      snippet: '',
      index: -1,
    });
    return err(problems);
  }
  const checked = checkTree(parsed.node, text, lookups, problems);
  if (problems.length > 0) return err(problems);
  if (!checked.tree) throw new Error(`internal: expression rejected without a problem: ${text}`);
  return ok({ text, symbols: checked.symbols, calls: checked.calls, tree: checked.tree, size: treeSize(checked.tree) });
}

/** Math calls and powers (exp, log, sin, pow) take about ten times an add or a multiply. */
const CALL_COST = 10;

export function treeSize(root: ExprTree): number {
  let size = 0;
  const stack: ExprTree[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    size +=
      node.kind === 'call' || node.kind === 'lookup' || (node.kind === 'binary' && node.op === 'pow') ? CALL_COST : 1;
    stack.push(...children(node));
  }
  return size;
}

/**
 * JavaScript source for one expression. `ref(name)` gives a symbol's slot
 * (`ref('t')` the current time) and `lookupRef(id)` a lookup function; both
 * must return self-delimiting code such as `v[3]` or `L0`. The code also uses
 * `Math` and the helpers of `runtime` as `R`.
 */
export function emitExpression(
  expr: ParsedExpression,
  ref: (symbol: string) => string,
  lookupRef: (lookupId: string) => string,
): string {
  return emitTree(expr.tree, ref, lookupRef);
}

/**
 * One expression as a function of `values`, where `symbols[i]` reads
 * `values[i]`: for tests and for checking conditions outside a model.
 */
export function compileStandalone(
  text: string,
  symbols: readonly string[],
  lookups: ReadonlyMap<string, (x: number) => number> = new Map(),
): Result<(values: Float64Array) => number, ExprProblem[]> {
  const parsed = parseExpression(text, new Set(lookups.keys()));
  if (!parsed.ok) return parsed;
  const problems: ExprProblem[] = [];
  const locator = new Locator(text);
  for (const name of parsed.value.symbols) {
    if (symbols.includes(name)) continue;
    const where = locator.word(name) ?? { snippet: '', index: -1 };
    const message = lookups.has(name)
      ? `'${name}' is a lookup: call it as ${name}(x)`
      : name === 't' && where.index < 0
        ? 'step, ramp, pulse and pulse_train read the time t, which is not available here'
        : `unknown symbol '${name}'`;
    problems.push({ code: 'unknown-symbol', message, ...where });
  }
  // Standalone expressions are evaluated one value at a time, without a model's steps to remember.
  const stateful = firstStatefulCall(parsed.value.tree);
  if (stateful) {
    problems.push({
      code: 'forbidden',
      message: `${stateful} keeps state between steps, which an expression evaluated on its own cannot: use it in a scenario's variable`,
      ...(locator.call(stateful) ?? { snippet: stateful, index: -1 }),
    });
  }
  if (problems.length > 0) return err(problems);
  const lookupIds = [...lookups.keys()];
  const code = emitTree(
    resolveMode(parsed.value.tree, 'step'),
    (name) => `v[${symbols.indexOf(name)}]`,
    (id) => `L[${lookupIds.indexOf(id)}]`,
  );
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- source built from a checked tree only
  const factory = new Function('R', 'L', `"use strict"; return function expression(v) { return ${code}; };`) as (
    r: typeof runtime,
    l: readonly ((x: number) => number)[],
  ) => (values: Float64Array) => number;
  return ok(factory(runtime, [...lookups.values()]));
}

const lowerFirst = (s: string) => (s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s);
