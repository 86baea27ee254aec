/**
 * The equations of a model put in the order the generated code runs them:
 * the initialisation (once per trial, at the start time) and the steps.
 *
 * The initialisation computes every stock's initial value, the model's own
 * and the hidden ones of delays and smooths, plus the cells of previous,
 * init and delay_fixed. An initial value may read variables: those are
 * computed first, at the start time, with `active_initial(expr, initial)`
 * taking its `initial`. Everything is ordered by what it reads; a cycle is an
 * error (active_initial is how a model breaks one).
 *
 * At each step the variables are computed in dependency order, reading the
 * stocks and hidden state as they stand; then every flow, memory and
 * pipeline input is computed from those values before any state is written.
 */
import type { KeyPath, ProblemCode } from '../errors.js';
import type { ExprTree } from './expression-tree.js';
import type { SymbolInfo } from './model.js';
import { dependencyOrder } from './order.js';
import { hiddenSlot, hiddenSymbol, resolveMode, treeSymbols, type HiddenState } from './stateful.js';

export type IntegrationMethod = 'euler' | 'rk4';

export interface StockEquation {
  readonly slot: number;
  /** A model stock's flows, or a hidden stock's net flow as `inflow`. */
  readonly inflow: ExprTree | undefined;
  readonly outflow: ExprTree | undefined;
  readonly min: number;
  readonly max: number;
  readonly hidden: boolean;
}

/** One assignment of the initialisation. */
export type InitItem =
  | { readonly kind: 'value'; readonly slot: number; readonly tree: ExprTree }
  | {
      readonly kind: 'pipeline';
      readonly out: number;
      readonly steps: number;
      readonly first: number;
      readonly capacity: number;
      readonly delay: ExprTree;
      readonly initial: ExprTree;
    };

export interface CompiledEquations {
  readonly method: IntegrationMethod;
  /** Variables in dependency order, as computed at every step (and stage); `id` is undefined for a lowered call's aux. */
  readonly variables: readonly { readonly id: string | undefined; readonly slot: number; readonly tree: ExprTree }[];
  /** The initialisation, in dependency order. */
  readonly initials: readonly InitItem[];
  /** The model's stocks, then the hidden ones. */
  readonly stocks: readonly StockEquation[];
  /** previous(): what each memory cell takes when a step is done. */
  readonly memories: readonly { readonly slot: number; readonly next: ExprTree }[];
  /** delay_fixed(): each pipeline's cells and the input stored at each step. */
  readonly pipelines: readonly {
    readonly out: number;
    readonly steps: number;
    readonly first: number;
    readonly base: number;
    readonly input: ExprTree;
  }[];
}

export interface EquationInputs {
  readonly method: IntegrationMethod;
  readonly symbols: ReadonlyMap<string, SymbolInfo>;
  /** Each variable's lowered tree, in the document's order. */
  readonly variables: ReadonlyMap<string, ExprTree>;
  /** The model's stocks in the document's order, trees lowered. */
  readonly stocks: readonly {
    readonly id: string;
    readonly initial: ExprTree;
    readonly inflow: ExprTree | undefined;
    readonly outflow: ExprTree | undefined;
    readonly min: number;
    readonly max: number;
  }[];
  readonly hidden: HiddenState;
}

type Report = (code: ProblemCode, message: string, path: KeyPath) => void;

export function orderEquations(inputs: EquationInputs, report: Report): CompiledEquations | undefined {
  const { symbols, hidden } = inputs;
  const slotOf = (id: string) => symbols.get(id)!.slot;
  let fine = true;

  // The steps: variables (and the auxes of lowered calls) read each other within a step;
  // hidden state, stocks and inputs come from before it.
  const stepTrees = new Map<string, ExprTree>();
  const labels = new Map<string, string>();
  for (const [id, tree] of inputs.variables) stepTrees.set(id, resolveMode(tree, 'step'));
  for (const a of hidden.auxes) {
    stepTrees.set(hiddenSymbol(a.slot), resolveMode(a.tree, 'step'));
    labels.set(hiddenSymbol(a.slot), a.label);
  }
  const stepDeps = new Map(
    [...stepTrees].map(([key, tree]) => [key, treeSymbols(tree).filter((s) => stepTrees.has(s))]),
  );
  const stepOrder = dependencyOrder([...stepTrees.keys()], stepDeps);
  for (const cycle of stepOrder.cycles) {
    fine = false;
    const named = cycle.map((k) => labels.get(k) ?? k);
    const first = cycle.find((k) => inputs.variables.has(k)) ?? cycle[0]!;
    report('cycle', `variables depend on each other in a cycle: ${named.join(' -> ')}`, ['variables', first]);
  }
  // The same cycle would be reported again among the initial values.
  if (!fine) return undefined;

  // The initialisation: a node per assignment, keyed by the entity's id or the hidden cell's symbol.
  interface InitNode {
    readonly item: InitItem | { readonly kind: 'variable'; readonly id: string };
    readonly trees: readonly ExprTree[];
    readonly label: string;
    readonly path: KeyPath | undefined;
  }
  const nodes = new Map<string, InitNode>();
  const value = (slot: number, tree: ExprTree): InitItem => ({ kind: 'value', slot, tree: resolveMode(tree, 'init') });
  for (const s of inputs.stocks) {
    nodes.set(s.id, {
      item: value(slotOf(s.id), s.initial),
      trees: [s.initial],
      label: s.id,
      path: ['stocks', s.id, 'initial'],
    });
  }
  const hiddenKey = new Map<number, string>();
  const addHidden = (slot: number, item: InitItem, trees: readonly ExprTree[], label: string) => {
    const key = hiddenSymbol(slot);
    hiddenKey.set(slot, key);
    nodes.set(key, { item, trees, label, path: undefined });
  };
  for (const s of hidden.stocks) addHidden(s.slot, value(s.slot, s.initial), [s.initial], s.label);
  for (const m of hidden.memories) addHidden(m.slot, value(m.slot, m.initial), [m.initial], m.label);
  for (const h of hidden.holds) addHidden(h.slot, value(h.slot, h.value), [h.value], h.label);
  for (const p of hidden.pipelines) {
    const item: InitItem = {
      kind: 'pipeline',
      out: p.out,
      steps: p.steps,
      first: p.first,
      capacity: p.capacity,
      delay: resolveMode(p.delay, 'init'),
      initial: resolveMode(p.initial, 'init'),
    };
    addHidden(p.out, item, [p.delay, p.initial], p.label);
  }
  const roots = [...nodes.keys()];
  for (const [id, tree] of inputs.variables) {
    nodes.set(id, { item: { kind: 'variable', id }, trees: [tree], label: id, path: ['variables', id] });
  }
  for (const a of hidden.auxes) {
    const key = hiddenSymbol(a.slot);
    hiddenKey.set(a.slot, key);
    nodes.set(key, { item: value(a.slot, a.tree), trees: [a.tree], label: a.label, path: undefined });
  }
  const initDeps = new Map<string, string[]>();
  const depsOf = (key: string): string[] => {
    let deps = initDeps.get(key);
    if (deps) return deps;
    deps = [];
    for (const tree of nodes.get(key)!.trees) {
      for (const name of treeSymbols(resolveMode(tree, 'init'))) {
        const slot = hiddenSlot(name);
        const dep = slot !== undefined ? hiddenKey.get(slot) : nodes.has(name) ? name : undefined;
        if (dep !== undefined && !deps.includes(dep)) deps.push(dep);
      }
    }
    initDeps.set(key, deps);
    return deps;
  };
  // Only the variables some initial value needs are computed at the start.
  const needed = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (needed.has(key)) continue;
    needed.add(key);
    stack.push(...depsOf(key));
  }
  const initOrder = dependencyOrder(
    [...nodes.keys()].filter((k) => needed.has(k)),
    initDeps,
  );
  for (const cycle of initOrder.cycles) {
    fine = false;
    // A chain's stocks share one label: name the call once where the cycle passes through several of them.
    const named = cycle.map((k) => nodes.get(k)!.label).filter((label, i, all) => i === 0 || label !== all[i - 1]);
    const first = cycle.map((k) => nodes.get(k)!.path).find((p) => p !== undefined) ?? ['stocks'];
    const hint = cycle.some((k) => hiddenSlot(k) !== undefined)
      ? ' (a delay or smooth without an initial value starts from its input: give it one, or break the cycle with active_initial)'
      : ' (break it with active_initial)';
    report('cycle', `initial values depend on each other in a cycle: ${named.join(' -> ')}${hint}`, first);
  }
  if (!fine) return undefined;

  const initials = initOrder.order.map((key): InitItem => {
    const { item } = nodes.get(key)!;
    return item.kind === 'variable' ? value(slotOf(item.id), inputs.variables.get(item.id)!) : item;
  });
  const step = (tree: ExprTree | undefined) => (tree === undefined ? undefined : resolveMode(tree, 'step'));
  return {
    method: inputs.method,
    variables: stepOrder.order.map((key) => {
      const slot = hiddenSlot(key);
      return { id: slot === undefined ? key : undefined, slot: slot ?? slotOf(key), tree: stepTrees.get(key)! };
    }),
    initials,
    stocks: [
      ...inputs.stocks.map((s) => ({
        slot: slotOf(s.id),
        inflow: step(s.inflow),
        outflow: step(s.outflow),
        min: s.min,
        max: s.max,
        hidden: false,
      })),
      ...hidden.stocks.map((s) => ({
        slot: s.slot,
        inflow: step(s.flow),
        outflow: undefined,
        min: -Infinity,
        max: Infinity,
        hidden: true,
      })),
    ],
    memories: hidden.memories.map((m) => ({ slot: m.slot, next: resolveMode(m.next, 'step') })),
    pipelines: hidden.pipelines.map((p) => ({
      out: p.out,
      steps: p.steps,
      first: p.first,
      base: p.base,
      input: resolveMode(p.input, 'step'),
    })),
  };
}
