/**
 * Values known before a run: what a delayn's order is computed from (and a
 * fixed delay's pipeline sized by). They are evaluated once, at compile time,
 * the way Vensim evaluates DELAY N's order at initialisation: from numbers,
 * constant parameters, `t` (the start time), `dt`, lookups and variables made
 * of these. Stocks, drawn parameters, series, shocks and functions with
 * memory are not known before the run. The evaluation goes through the same
 * code generator as the model itself, so the value is the one a step would
 * compute.
 */
import type { ExprTree } from './expression-tree.js';
import { emitTree } from './expression-emit.js';
import type { SymbolInfo } from './model.js';
import { runtime } from './runtime.js';
import { firstStatefulCall, hiddenSlot, resolveMode, treeSymbols } from './stateful.js';

export interface ConstantSources {
  readonly symbols: ReadonlyMap<string, SymbolInfo>;
  /** The value of each parameter that is a constant. */
  readonly constants: ReadonlyMap<string, number>;
  /** Each variable's checked tree, before lowering. */
  readonly variables: ReadonlyMap<string, ExprTree>;
  readonly lookups: ReadonlyMap<string, (x: number) => number>;
  readonly start: number;
  readonly dt: number;
}

export type Known = { readonly value: number } | { readonly why: string };

/** A function giving the value of a tree when it is known before the run, or why it is not. */
export function constantFolder(src: ConstantSources): (tree: ExprTree) => Known {
  const memo = new Map<string, Known>();
  const visiting = new Set<string>();
  const lookupIds = [...src.lookups.keys()];
  const lookupFns = [...src.lookups.values()];

  const symbolValue = (name: string): Known => {
    if (name === 't') return { value: src.start };
    if (name === 'dt') return { value: src.dt };
    if (hiddenSlot(name) !== undefined) return { why: 'it calls a function that keeps state between steps' };
    const known = src.constants.get(name);
    if (known !== undefined) return { value: known };
    const sym = src.symbols.get(name);
    switch (sym?.kind) {
      case 'parameter':
        return { why: `'${name}' is drawn at random` };
      case 'variable':
        return variableValue(name);
      case 'stock':
      case 'series':
      case 'shock':
        return { why: `'${name}' is a ${sym.kind}` };
      default:
        return { why: `'${name}' is not known before the run` };
    }
  };

  const variableValue = (id: string): Known => {
    const cached = memo.get(id);
    if (cached) return cached;
    if (visiting.has(id)) return { why: `'${id}' depends on itself` };
    const tree = src.variables.get(id);
    if (!tree) return { why: `'${id}' is not defined` };
    visiting.add(id);
    const stateful = firstStatefulCall(tree);
    const known: Known = stateful
      ? { why: `'${id}' calls ${stateful}, which keeps state between steps` }
      : evaluate(resolveMode(tree, 'init'));
    visiting.delete(id);
    memo.set(id, known);
    return known;
  };

  const evaluate = (tree: ExprTree): Known => {
    // step, ramp, pulse and pulse_train read t without naming it.
    const names = [...new Set(['t', ...treeSymbols(tree)])];
    const values = new Float64Array(names.length);
    for (let i = 0; i < names.length; i++) {
      const known = symbolValue(names[i]!);
      if ('why' in known) return known;
      values[i] = known.value;
    }
    const code = emitTree(
      tree,
      (name) => `c[${names.indexOf(name)}]`,
      (id) => `L[${lookupIds.indexOf(id)}]`,
    );
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- source built from a checked tree only
    const fn = new Function('R', 'L', 'c', `"use strict"; return ${code};`) as (
      r: typeof runtime,
      l: readonly ((x: number) => number)[],
      c: Float64Array,
    ) => number;
    return { value: fn(runtime, lookupFns, values) };
  };

  return (tree) => evaluate(resolveMode(tree, 'init'));
}
