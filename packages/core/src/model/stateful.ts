/**
 * Functions with memory (delays, smooths, trend, forecast, previous, init)
 * lowered to hidden state beside the model's own stocks. Each call site gets
 * its own slots after the model's symbols in the trial's value vector, and
 * the call itself is replaced by an ordinary expression that reads them:
 *
 * - delay1, delay3, delayn, smooth, smooth3, trend and forecast become hidden
 *   stocks, integrated with the model's method (Euler or RK4) like any stock;
 * - previous(x, initial) is a memory cell: it reads the cell, and x (at the
 *   step's own time) is stored in it when the step is done;
 * - init(x) is a cell set once, when the model is initialised;
 * - delay_fixed is a pipeline of whole steps (a ring of cells).
 *
 * Hidden slots appear in trees as symbols named `#<slot>`, which no scenario
 * text can produce (mathjs cannot parse a `#`). A hidden read is never a
 * dependency within a step: the state is set before the step's variables run.
 * `active_initial` is not lowered here: it stays a call until `resolveMode`
 * picks one of its arguments for the initialisation or for the steps.
 */
import type { ProblemCode } from '../errors.js';
import type { ExprTree, StatefulFunction } from './expression-tree.js';
import { children, isStateful, mapChildren } from './expression-tree.js';
import { runtime } from './runtime.js';

export const hiddenSymbol = (slot: number): string => `#${slot}`;

/** The slot a `#<slot>` symbol names, or undefined for any other symbol. */
export function hiddenSlot(name: string): number | undefined {
  return name.startsWith('#') ? Number(name.slice(1)) : undefined;
}

/** A stock the engine integrates beside the model's own: `flow` is its net flow. */
export interface HiddenStock {
  readonly slot: number;
  readonly initial: ExprTree;
  readonly flow: ExprTree;
  /** The call it implements and the entity it was written in, for messages. */
  readonly label: string;
}

/**
 * An argument a lowered call reads in several places (a delay's stage time,
 * a trend's input), computed once per step among the variables and read from
 * its slot. Without it a nest like trend(trend(trend(x, 1), 1), 1) would
 * copy each input into its caller twice, doubling the code at every level.
 */
export interface HiddenAux {
  readonly slot: number;
  readonly tree: ExprTree;
  readonly label: string;
}

/** previous(x, initial): `initial` at the first step, then `next` as it was at the step before. */
export interface HiddenMemory {
  readonly slot: number;
  readonly initial: ExprTree;
  readonly next: ExprTree;
  readonly label: string;
}

/** init(x): x when the model is initialised, held. */
export interface HiddenHold {
  readonly slot: number;
  readonly value: ExprTree;
  readonly label: string;
}

/**
 * delay_fixed(input, delay, initial): `input` as it was a whole number of
 * steps ago (the delay over dt, rounded, fixed at initialisation), `initial`
 * before. The ring's cells are `base .. base + capacity - 1`; the input of
 * step k is stored in cell k mod steps, read again at step k + steps.
 */
export interface HiddenPipeline {
  /** The slot expressions read: the delayed value at the current step. */
  readonly out: number;
  /** The pipeline's length in steps this trial (set at initialisation). */
  readonly steps: number;
  /** The initial value (set at initialisation). */
  readonly first: number;
  readonly base: number;
  readonly capacity: number;
  readonly delay: ExprTree;
  readonly initial: ExprTree;
  readonly input: ExprTree;
  readonly label: string;
}

export interface HiddenState {
  readonly auxes: HiddenAux[];
  readonly stocks: HiddenStock[];
  readonly memories: HiddenMemory[];
  readonly holds: HiddenHold[];
  readonly pipelines: HiddenPipeline[];
}

export const emptyHiddenState = (): HiddenState => ({ auxes: [], stocks: [], memories: [], holds: [], pipelines: [] });

/** Largest order of delayn: each order is a hidden stock with its own code. */
export const MAX_DELAY_ORDER = 100;

/** Hidden stocks in one model: each is a few lines of generated code, at every stage of every step. */
export const MAX_HIDDEN_STOCKS = 10_000;

export interface LowerContext {
  /** The next free slot, advanced as hidden state is allocated. */
  nextSlot: number;
  readonly state: HiddenState;
  /** Steps of the time grid: no fixed delay needs a longer pipeline than steps + 1. */
  readonly steps: number;
  readonly dt: number;
  /** Where the calls come from (`variables.x`), for labels. */
  owner: string;
  /** An argument's value when it is known before the run, or why it is not. */
  constant(tree: ExprTree): { readonly value: number } | { readonly why: string };
  /** A problem with a call of `fn` (located at the function's name). */
  problem(code: ProblemCode, fn: string, message: string): void;
}

const num = (value: number): ExprTree => ({ kind: 'number', value });
const hidden = (slot: number): ExprTree => ({ kind: 'symbol', name: hiddenSymbol(slot) });
const add = (left: ExprTree, right: ExprTree): ExprTree => ({ kind: 'binary', op: 'add', left, right });
const sub = (left: ExprTree, right: ExprTree): ExprTree => ({ kind: 'binary', op: 'sub', left, right });
const mul = (left: ExprTree, right: ExprTree): ExprTree => ({ kind: 'binary', op: 'mul', left, right });
const div = (left: ExprTree, right: ExprTree): ExprTree => ({ kind: 'binary', op: 'div', left, right });

/**
 * A hidden stock that integrates `input` from the start, with the model's
 * method like any stock: what a target with `over: year` reads at both ends
 * of its year. Returns its slot.
 */
export function accumulator(ctx: LowerContext, input: ExprTree, label: string): number {
  const s = ctx.nextSlot++;
  ctx.state.stocks.push({ slot: s, initial: num(0), flow: input, label });
  return s;
}

/**
 * The tree with every stateful call replaced by what reads its hidden state
 * (allocated in `ctx`), or undefined when a call's constant argument is not
 * acceptable (reported through `ctx.problem`). Inner calls are lowered first,
 * so `smooth(delay1(x, 2), 3)` smooths the delay's output.
 */
export function lowerTree(tree: ExprTree, ctx: LowerContext): ExprTree | undefined {
  let failed = false;
  const walk = (node: ExprTree): ExprTree => {
    const mapped = mapChildren(node, walk);
    if (mapped.kind !== 'call' || !isStateful(mapped.fn)) return mapped;
    const lowered = lowerCall(mapped.fn, mapped.args, ctx);
    if (lowered !== undefined) return lowered;
    failed = true;
    return num(0);
  };
  const result = walk(tree);
  return failed ? undefined : result;
}

function lowerCall(fn: StatefulFunction, args: readonly ExprTree[], ctx: LowerContext): ExprTree | undefined {
  const label = `${fn}(...) in ${ctx.owner}`;
  const slot = () => ctx.nextSlot++;
  /** A tree read in several places: a leaf as it is, anything else through an aux slot. */
  const share = (tree: ExprTree): ExprTree => {
    if (tree.kind === 'number' || tree.kind === 'symbol') return tree;
    const s = slot();
    ctx.state.auxes.push({ slot: s, tree, label });
    return hidden(s);
  };
  const stocks = (n: number): boolean => {
    if (ctx.state.stocks.length + n <= MAX_HIDDEN_STOCKS) return true;
    ctx.problem(
      'limit',
      fn,
      `delays, smooths, trend and forecast need more than ${MAX_HIDDEN_STOCKS} hidden stocks (maxHiddenStocks); use lower orders or fewer of them`,
    );
    return false;
  };
  const [input, second, third, fourth] = args as [ExprTree, ExprTree | undefined, ExprTree | undefined, ExprTree?];
  switch (fn) {
    case 'delay1':
    case 'delay3':
    case 'delayn': {
      const written = fn === 'delay1' ? 1 : fn === 'delay3' ? 3 : wholeOrder(third!, ctx);
      if (written === undefined) return undefined;
      const order = stableOrder(written, second!, ctx);
      return stocks(order)
        ? delayChain(input, second!, order, fn === 'delayn' ? fourth : third, label, ctx, share)
        : undefined;
    }
    case 'smooth':
    case 'smooth3': {
      const order = fn === 'smooth' ? 1 : 3;
      return stocks(order) ? smoothChain(input, second!, order, third, label, ctx, share) : undefined;
    }
    case 'trend':
    case 'forecast': {
      if (!stocks(1)) return undefined;
      // The average of the input, a first-order smooth; the trend is its
      // fractional rate of change, (input - average) / (time * |average|).
      const value = share(input);
      const time = share(second!);
      const s = slot();
      const average = hidden(s);
      const initialTrend = fn === 'trend' ? (third ?? num(0)) : num(0);
      ctx.state.stocks.push({
        slot: s,
        initial: div(value, add(num(1), mul(initialTrend, time))),
        flow: div(sub(value, average), time),
        label,
      });
      const trend: ExprTree = {
        kind: 'call',
        fn: 'zidz',
        args: [sub(value, average), mul(time, { kind: 'call', fn: 'abs', args: [average] })],
      };
      return fn === 'trend' ? trend : mul(value, add(num(1), mul(trend, third!)));
    }
    case 'previous': {
      const s = slot();
      ctx.state.memories.push({ slot: s, initial: second ?? input, next: input, label });
      return hidden(s);
    }
    case 'init': {
      const s = slot();
      ctx.state.holds.push({ slot: s, value: input, label });
      return hidden(s);
    }
    case 'delay_fixed': {
      const delay = second!;
      const known = ctx.constant(delay);
      const longest = ctx.steps + 1;
      // A delay known before the run needs exactly its own length; one drawn
      // per trial can need up to the whole horizon.
      const capacity =
        'value' in known && Number.isFinite(known.value)
          ? Math.max(1, runtime.fixedSteps(known.value, ctx.dt, longest))
          : longest;
      const out = slot();
      const steps = slot();
      const first = slot();
      const base = ctx.nextSlot;
      ctx.nextSlot += capacity;
      ctx.state.pipelines.push({ out, steps, first, base, capacity, delay, initial: third!, input, label });
      return hidden(out);
    }
    default:
      return fn satisfies never;
  }
}

/**
 * A material delay of order n (Vensim's DELAY1, DELAY3, DELAY N; XMILE's
 * DELAY1, DELAY3, DELAYN): n stocks in a chain, each holding the material of
 * one n-th of the delay, the output being the last one's outflow. Each stock
 * starts at initial * delay / n (initial defaults to the input), so the
 * output starts at the initial value.
 */
function delayChain(
  input: ExprTree,
  delay: ExprTree,
  order: number,
  initial: ExprTree | undefined,
  label: string,
  ctx: LowerContext,
  share: (tree: ExprTree) => ExprTree,
): ExprTree {
  const stage = stageTime(delay, order, share);
  let inflow = input;
  let start = mul(initial ?? input, stage);
  for (let j = 0; j < order; j++) {
    const s = ctx.nextSlot++;
    const outflow = div(hidden(s), stage);
    ctx.state.stocks.push({ slot: s, initial: start, flow: sub(inflow, outflow), label });
    // Every stage starts with the same material: the first one's.
    if (j === 0) start = hidden(s);
    inflow = outflow;
  }
  return inflow;
}

/** One stage's share of a chain's time: computed once per stage of a step (or folded, for a number). */
function stageTime(time: ExprTree, order: number, share: (tree: ExprTree) => ExprTree): ExprTree {
  if (order === 1) return share(time);
  return time.kind === 'number' ? num(time.value / order) : share(div(time, num(order)));
}

/**
 * A stage shorter than a step makes the chain oscillate (with Euler, each
 * stage would pass on more than it holds), so when the delay time is known
 * before the run and order * dt exceeds it, the order is lowered until it
 * does not, down to 1: what Vensim does with DELAY3 and DELAY N (the SDXorg
 * `delay_pipeline` model shows it). A delay time drawn per trial, or one that
 * depends on the state of the model, keeps the written order.
 */
function stableOrder(written: number, delay: ExprTree, ctx: LowerContext): number {
  const known = ctx.constant(delay);
  if (!('value' in known) || !(known.value > 0)) return written;
  let order = written;
  while (order > 1 && order * ctx.dt > known.value) order--;
  return order;
}

/**
 * Exponential smoothing of order n (SMOOTH, SMOOTH3, SMOOTHI, SMOOTH3I): n
 * stocks, each adjusting toward the one before over time / n; the output is
 * the last. Each starts at the initial value (default: the input).
 */
function smoothChain(
  input: ExprTree,
  time: ExprTree,
  order: number,
  initial: ExprTree | undefined,
  label: string,
  ctx: LowerContext,
  share: (tree: ExprTree) => ExprTree,
): ExprTree {
  const stage = stageTime(time, order, share);
  let target = input;
  let start = initial ?? input;
  for (let j = 0; j < order; j++) {
    const s = ctx.nextSlot++;
    ctx.state.stocks.push({ slot: s, initial: start, flow: div(sub(target, hidden(s)), stage), label });
    if (j === 0) start = hidden(s);
    target = hidden(s);
  }
  return target;
}

function wholeOrder(tree: ExprTree, ctx: LowerContext): number | undefined {
  const known = ctx.constant(tree);
  if ('why' in known) {
    ctx.problem(
      'forbidden',
      'delayn',
      `delayn's order must be a constant whole number known before the run: ${known.why}`,
    );
    return undefined;
  }
  const n = known.value;
  if (!Number.isInteger(n) || n < 1 || n > MAX_DELAY_ORDER) {
    ctx.problem(
      n > MAX_DELAY_ORDER ? 'limit' : 'schema',
      'delayn',
      `delayn's order is ${n}: it must be a whole number from 1 to ${MAX_DELAY_ORDER} (maxDelayOrder)`,
    );
    return undefined;
  }
  return n;
}

/**
 * `active_initial(expr, initial)` resolved: `initial` while the model is
 * initialised, `expr` at every step. Trees without it come back unchanged.
 */
export function resolveMode(tree: ExprTree, mode: 'init' | 'step'): ExprTree {
  const walk = (node: ExprTree): ExprTree =>
    node.kind === 'call' && node.fn === 'active_initial'
      ? walk(node.args[mode === 'init' ? 1 : 0]!)
      : mapChildren(node, walk);
  return walk(tree);
}

/** Distinct symbols a tree reads, hidden ones (`#<slot>`) included, in order of first use. */
export function treeSymbols(tree: ExprTree): string[] {
  const seen = new Set<string>();
  const stack: ExprTree[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'symbol') seen.add(node.name);
    const operands = children(node);
    for (let i = operands.length - 1; i >= 0; i--) stack.push(operands[i]!);
  }
  return [...seen];
}

/** The first stateful function a tree calls, if any (for places that cannot keep state). */
export function firstStatefulCall(tree: ExprTree): StatefulFunction | undefined {
  const stack: ExprTree[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'call' && isStateful(node.fn)) return node.fn;
    stack.push(...children(node));
  }
  return undefined;
}
