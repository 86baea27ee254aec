/**
 * The whitelist: turns a mathjs tree into our own tree, or into problems.
 * Every node kind, operator and function is matched by name against what the
 * language allows; anything else, including shapes we have never seen, is a
 * problem. All problems are collected, not only the first.
 */
import { constantTree, symbolTree, type Reporter } from './expression-leaves.js';
import { Locator, type Place } from './expression-locate.js';
import {
  BLOCK_MESSAGE,
  DANGEROUS_FUNCTIONS,
  FORBIDDEN_NODES,
  FUNCTION_LIST,
  INDEX_MESSAGE,
  OPERATOR_MESSAGES,
  PROPERTY_MESSAGE,
  unknownFunctionMessage,
} from './expression-messages.js';
import { isRawNode, type RawNode } from './expression-parse.js';
import {
  ARITY,
  TIME_FUNCTIONS,
  isBuiltinFunction,
  type BinaryOp,
  type CompareOp,
  type ExprProblem,
  type ExprProblemCode,
  type ExprTree,
  type UnaryOp,
} from './expression-tree.js';

const UNARY: ReadonlyMap<string, UnaryOp> = new Map([
  ['unaryMinus', 'neg'],
  ['unaryPlus', 'pos'],
  ['not', 'not'],
] as const);
const BINARY: ReadonlyMap<string, BinaryOp> = new Map([
  ['add', 'add'],
  ['subtract', 'sub'],
  ['multiply', 'mul'],
  ['divide', 'div'],
  ['pow', 'pow'],
  ['and', 'and'],
  ['or', 'or'],
] as const);
const COMPARE: ReadonlyMap<string, CompareOp> = new Map([
  ['smaller', '<'],
  ['smallerEq', '<='],
  ['larger', '>'],
  ['largerEq', '>='],
  ['equal', '=='],
  ['unequal', '!='],
] as const);

export interface Checked {
  readonly tree: ExprTree | undefined;
  readonly symbols: readonly string[];
  readonly calls: readonly string[];
}

export function checkTree(root: RawNode, text: string, lookups: ReadonlySet<string>, problems: ExprProblem[]): Checked {
  const checker = new Checker(text, lookups, problems);
  const tree = checker.convert(root);
  return { tree, symbols: [...checker.symbols], calls: [...checker.calls] };
}

class Checker implements Reporter {
  readonly symbols = new Set<string>();
  readonly calls = new Set<string>();
  readonly locator: Locator;
  // mathjs shares one node between two parents for `x + 10%` (x + x * 10/100): convert each once.
  private readonly seen = new Set<RawNode>();

  constructor(
    readonly text: string,
    private readonly lookups: ReadonlySet<string>,
    private readonly problems: ExprProblem[],
  ) {
    this.locator = new Locator(text);
  }

  convert(node: RawNode): ExprTree | undefined {
    if (this.seen.has(node)) return undefined;
    this.seen.add(node);
    switch (node.type) {
      case 'ConstantNode':
        return constantTree(node, this);
      case 'SymbolNode':
        return symbolTree(node, this);
      case 'ParenthesisNode':
        return this.sub(node.content);
      case 'OperatorNode':
        return this.operator(node);
      case 'RelationalNode':
        return this.relational(node);
      case 'ConditionalNode': {
        const [test, then, otherwise] = [this.sub(node.condition), this.sub(node.trueExpr), this.sub(node.falseExpr)];
        return test && then && otherwise ? { kind: 'conditional', test, then, otherwise } : undefined;
      }
      case 'FunctionNode':
        return this.call(node);
      case 'BlockNode': {
        // A YAML block scalar ends in a line break, which makes mathjs wrap the one formula in a block: that is fine.
        const blocks: unknown[] = [];
        node.forEach((child) => blocks.push(child));
        if (blocks.length === 1) return this.sub(blocks[0]);
        const found = this.text.trim().search(/[;\n]/);
        const at = found < 0 ? -1 : found + this.text.length - this.text.trimStart().length;
        this.report(
          'forbidden',
          BLOCK_MESSAGE,
          at < 0 ? { index: -1, snippet: '' } : { index: at, snippet: this.text[at]! },
        );
        for (const child of blocks) this.sub(child);
        return undefined;
      }
      case 'AccessorNode': {
        const index: unknown = node.index;
        const dot = isRawNode(index) && index.dotNotation === true;
        this.report('forbidden', dot ? PROPERTY_MESSAGE : INDEX_MESSAGE, this.locator.place(node, dot ? '.' : '['));
        return undefined;
      }
      default: {
        const known = FORBIDDEN_NODES.get(node.type);
        this.report(
          'forbidden',
          known?.message ?? `'${node.type}' is not allowed in an expression`,
          this.locator.place(node, known?.anchor),
        );
        return undefined;
      }
    }
  }

  private sub(x: unknown): ExprTree | undefined {
    if (isRawNode(x)) return this.convert(x);
    this.report('forbidden', 'the parser produced something that is not an expression', { index: -1, snippet: '' });
    return undefined;
  }

  private subs(xs: unknown): (ExprTree | undefined)[] | undefined {
    if (!Array.isArray(xs)) return undefined;
    return xs.map((x) => this.sub(x));
  }

  private operator(node: RawNode): ExprTree | undefined {
    const fn = typeof node.fn === 'string' ? node.fn : '';
    const op = typeof node.op === 'string' ? node.op : fn;
    const args = this.subs(node.args) ?? [];
    // The pre-scan has already reported every '%' with its exact position.
    if (node.isPercentage === true || op === '%') return undefined;
    const unary = UNARY.get(fn);
    const binary = BINARY.get(fn);
    const compare = COMPARE.get(fn);
    if (unary !== undefined && args.length === 1) {
      const [arg] = args;
      return arg && { kind: 'unary', op: unary, arg };
    }
    if ((binary !== undefined || compare !== undefined) && args.length === 2) {
      const [left, right] = args;
      if (!left || !right) return undefined;
      if (binary !== undefined) return { kind: 'binary', op: binary, left, right };
      return { kind: 'compare', ops: [compare!], args: [left, right] };
    }
    const message = OPERATOR_MESSAGES.get(fn) ?? `operator '${op}' is not supported`;
    this.report('forbidden', message, this.locator.place(node, op));
    return undefined;
  }

  private relational(node: RawNode): ExprTree | undefined {
    const args = this.subs(node.params) ?? [];
    const ops = Array.isArray(node.conditionals) ? node.conditionals.map((c) => COMPARE.get(String(c))) : [];
    if (ops.length === 0 || ops.length + 1 !== args.length || ops.some((o) => o === undefined)) {
      this.report('forbidden', 'unsupported comparison: use < <= > >= == !=', this.locator.place(node));
      return undefined;
    }
    if (args.some((a) => a === undefined)) return undefined;
    return { kind: 'compare', ops: ops as CompareOp[], args: args as ExprTree[] };
  }

  private call(node: RawNode): ExprTree | undefined {
    const callee = node.fn;
    if (!isRawNode(callee) || callee.type !== 'SymbolNode' || typeof callee.name !== 'string') {
      const what =
        isRawNode(callee) && callee.type === 'AccessorNode'
          ? 'calling a property'
          : 'calling anything but a named function';
      this.report(
        'forbidden',
        `${what} is not allowed: only the listed functions and lookups can be called`,
        this.locator.place(node),
      );
      return undefined;
    }
    const name = callee.name;
    const where = () =>
      this.locator.call(name) ?? this.locator.node(node) ?? this.locator.word(name) ?? this.locator.place(node);
    if (node.optional === true) {
      this.report('forbidden', `optional calls ('?.(') are not allowed: write ${name}(...)`, where());
      return undefined;
    }
    const builtin = isBuiltinFunction(name);
    const lookup = !builtin && this.lookups.has(name);
    if (!builtin && !lookup && DANGEROUS_FUNCTIONS.has(name)) {
      this.report(
        'forbidden',
        `'${name}' cannot be called in an expression: the functions are ${FUNCTION_LIST}, and lookups`,
        where(),
      );
      return undefined;
    }
    const args = this.subs(node.args) ?? [];
    if (!builtin && !lookup) {
      this.report('unknown-symbol', unknownFunctionMessage(name, this.lookups), this.locator.word(name) ?? where());
      return undefined;
    }
    const arity = builtin ? ARITY.get(name)! : { min: 1, max: 1, form: `${name}(x)` };
    if (args.length < arity.min || args.length > arity.max) {
      const takes =
        arity.min === arity.max
          ? `${arity.min}`
          : arity.max === Infinity
            ? `${arity.min} or more`
            : `${arity.min} or ${arity.max}`;
      const noun = arity.max === 1 ? 'argument' : 'arguments';
      const at = where();
      this.report('syntax', `${name} takes ${takes} ${noun}: ${arity.form}; '${at.snippet}' has ${args.length}`, at);
      return undefined;
    }
    if (!args.every((a) => a !== undefined)) return undefined;
    const checked = args as ExprTree[];
    if (lookup) {
      this.calls.add(name);
      return { kind: 'lookup', id: name, arg: checked[0]! };
    }
    if (!isBuiltinFunction(name)) return undefined;
    if (TIME_FUNCTIONS.has(name)) this.symbols.add('t');
    return { kind: 'call', fn: name, args: checked };
  }

  report(code: ExprProblemCode, message: string, at: Place | undefined): void {
    this.problems.push({ code, message, snippet: at?.snippet ?? '', index: at?.index ?? -1 });
  }
}
