/**
 * The leaves of an expression: numeric constants and symbols. mathjs turns
 * `NaN`, `Infinity`, `true`, `null`, strings and overflowing literals such as
 * `1e999` into constants; only finite numbers are numbers here.
 */
import type { Locator, Place } from './expression-locate.js';
import type { RawNode } from './expression-parse.js';
import { ARITY, CONSTANTS, type ExprProblemCode, type ExprTree } from './expression-tree.js';

/** What leaf checks need from the checker. */
export interface Reporter {
  readonly text: string;
  readonly locator: Locator;
  readonly symbols: Set<string>;
  report(code: ExprProblemCode, message: string, at: Place | undefined): void;
}

/** A decimal literal, the one way to write a number that overflows to Infinity (1e999, or 400 digits). */
const BIG_LITERAL = /(?<![\w.$])(?:\d+\.?\d*|\.\d+)(?:[eE]\+?\d+)?/g;

export function constantTree(node: RawNode, r: Reporter): ExprTree | undefined {
  const v = node.value;
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return { kind: 'number', value: v };
    if (Number.isNaN(v)) {
      r.report('unknown-symbol', "'NaN' is not defined: expressions have no NaN constant", r.locator.word('NaN'));
      return undefined;
    }
    const named = r.locator.word('Infinity');
    if (named) {
      r.report('unknown-symbol', "'Infinity' is not defined: write a large finite number instead", named);
    } else {
      const literal = [...r.text.matchAll(BIG_LITERAL)].map((m) => m[0]).find((m) => !Number.isFinite(Number(m)));
      const at = literal === undefined ? undefined : r.locator.find(literal);
      const shown = at?.snippet ?? 'a number';
      r.report('limit', `${shown} is too large for a double (the largest is about 1.8e308)`, at);
    }
    return undefined;
  }
  if (typeof v === 'string') {
    const at = r.locator.node(node) ?? r.locator.find(`'${v}'`) ?? r.locator.place(node);
    r.report('forbidden', 'strings are not allowed: an expression computes a number', at);
  } else if (typeof v === 'boolean') {
    r.report('forbidden', `'${v}' is not a number here: write ${v ? 1 : 0}`, r.locator.word(String(v)));
  } else if (v === null) {
    r.report('forbidden', "'null' is not a number here", r.locator.word('null'));
  } else if (v === undefined) {
    const named = r.locator.word('undefined');
    if (named) r.report('forbidden', "'undefined' is not a number here", named);
    else r.report('syntax', 'the expression is empty: write a number or a formula', { index: 0, snippet: '' });
  } else {
    r.report('forbidden', 'only plain numbers are allowed as constants', r.locator.place(node));
  }
  return undefined;
}

export function symbolTree(node: RawNode, r: Reporter): ExprTree | undefined {
  const name = node.name;
  if (typeof name !== 'string') {
    r.report('forbidden', 'the parser produced a symbol without a name', undefined);
    return undefined;
  }
  const constant = CONSTANTS.get(name);
  if (constant !== undefined) return { kind: 'number', value: constant };
  const arity = ARITY.get(name);
  if (arity !== undefined) {
    r.report('unknown-symbol', `'${name}' is a function: call it as ${arity.form}`, r.locator.word(name));
    return undefined;
  }
  r.symbols.add(name);
  return { kind: 'symbol', name };
}
