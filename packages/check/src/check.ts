import fc from 'fast-check';
import {
  compileStandalone,
  makeLookup,
  parseExpression,
  reportIndex,
  RUN_LIMITS,
  ScenarioError,
  type AssumptionResult,
  type AssumptionSpec,
  type CheckCounterexample,
  type CheckReport,
  type Model,
  type ProbeInput,
  type ProbeRunner,
  type Problem,
  type Result,
} from '@foresight/core';
import {
  fromUnit,
  parameterRange,
  trialArbitrary,
  unit,
  type ParameterRange,
  type TrialInputs,
} from './arbitraries.js';
import { checkPlan, type CheckOptions } from './plan.js';
import { runPlanSync } from '@foresight/core/plans';

interface Ctx {
  readonly model: Model;
  readonly runner: ProbeRunner;
  readonly ranges: readonly ParameterRange[];
  /** names[slot] is the symbol in that slot. */
  readonly names: readonly string[];
  trials: number;
}

/** What searching a model's assumptions needs: one probe runner, reused for every trial, and a trial count. */
export function checkContext(model: Model): Ctx {
  const names: string[] = [];
  for (const s of model.symbols.values()) names[s.slot] = s.id;
  return {
    model,
    runner: model.probe(),
    ranges: model.parameters.map((p) => parameterRange(p.distribution)),
    names,
    trials: 0,
  };
}

/** Search assumption `index` of the model for a counterexample with fast-check (seed `seed + index`) and shrink it. */
export function checkAssumption(ctx: Ctx, index: number, runs: number, seed: number): AssumptionResult {
  const a = ctx.model.document.assumptions![index]!;
  return 'holds' in a
    ? checkHolds(ctx, a.name, a.holds, runs, seed + index)
    : checkMonotone(ctx, a, runs, seed + index);
}

/**
 * Search each assumption of a compiled model for a counterexample and shrink
 * it: the check's plan (`checkPlan`), run piece by piece in this thread.
 * Refused with `limit` problems, before any trial runs, when its runs and
 * shrinking would be over the work limits (`checkSearchLimits`).
 */
export function checkScenario(model: Model, options: CheckOptions = {}): Result<CheckReport, Problem[]> {
  const plan = checkPlan(model, options);
  return plan.ok ? runPlanSync(plan.value) : plan;
}

/** `checkScenario` for a caller that keeps within the limits: the report, or a `ScenarioError` with the problems. */
export function checkAssumptions(model: Model, options: CheckOptions = {}): CheckReport {
  const report = checkScenario(model, options);
  if (!report.ok) throw new ScenarioError(report.error);
  return report.value;
}

/** Probe inputs from searched positions; `override` pins one parameter to a value. */
function toInput(ctx: Ctx, x: TrialInputs, override?: { index: number; value: number }): ProbeInput {
  const { model, ranges } = ctx;
  const trial = new Float64Array(model.parameters.length);
  const steps: (Float64Array | undefined)[] = [];
  model.parameters.forEach((p, i) => {
    const r = ranges[i]!;
    const pos = x.params[i]!;
    const pinned = override?.index === i ? override.value : undefined;
    if (p.per !== 'trial') {
      const seq = typeof pos === 'number' ? [pos] : pos;
      steps[i] = Float64Array.from(seq.length > 0 ? seq : [0], (u) => pinned ?? fromUnit(r, u));
    } else {
      trial[i] = pinned ?? fromUnit(r, typeof pos === 'number' ? pos : 0);
    }
  });
  return { trial, steps, shocks: x.shocks };
}

const truthy = (x: number) => x !== 0 && !Number.isNaN(x);
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

function describeInputs(
  ctx: Ctx,
  input: ProbeInput,
): Pick<CheckCounterexample, 'parameters' | 'step_parameters' | 'event_parameters' | 'shocks'> {
  const parameters: Record<string, number> = {};
  const stepParameters: Record<string, number[]> = {};
  const eventParameters: Record<string, number[]> = {};
  ctx.model.parameters.forEach((p, i) => {
    if (p.per === 'step') stepParameters[p.id] = Array.from(input.steps[i] ?? []);
    else if (p.per === 'event') eventParameters[p.id] = Array.from(input.steps[i] ?? []);
    else parameters[p.id] = input.trial[i]!;
  });
  const shocks: Record<string, number[]> = {};
  ctx.model.shocks.forEach((s, i) => {
    if (s.at !== undefined || s.rate === undefined) shocks[s.id] = Array.from(s.at ?? []);
    else shocks[s.id] = Array.from(input.shocks[i] ?? []).sort((a, b) => a - b);
  });
  const events = Object.keys(eventParameters).length > 0 ? { event_parameters: eventParameters } : {};
  return { parameters, step_parameters: stepParameters, ...events, shocks };
}

function checkHolds(ctx: Ctx, name: string, condition: string, runs: number, seed: number): AssumptionResult {
  const { model, runner, names } = ctx;
  const base = { name, kind: 'holds' as const, statement: condition };
  const lookups = new Map(
    Object.entries(model.document.lookups ?? {}).map(([id, l]) => [id, makeLookup(l.points, l)] as const),
  );
  const compiled = compileStandalone(condition, names, lookups);
  if (!compiled.ok) {
    // compile() already rejected bad conditions; this is a guard only.
    return { ...base, status: 'violated', runs: 0, shrinks: 0, note: compiled.error.map((p) => p.message).join('; ') };
  }
  const cond = compiled.value;
  const parsed = parseExpression(condition, new Set(lookups.keys()));
  const shown = parsed.ok ? parsed.value.symbols : [];
  /** The first violating step of a trial, or -1. */
  const firstViolation = (input: ProbeInput): number => {
    ctx.trials++;
    let at = -1;
    runner.run(input, (k, v) => {
      if (truthy(cond(v))) return false;
      at = k;
      return true;
    });
    return at;
  };
  const property = fc.property(bounded(trialArbitrary(model, ctx.ranges)), (x) => firstViolation(toInput(ctx, x)) < 0);
  const details = fc.check(property, { seed, numRuns: runs });
  if (!details.failed || !details.counterexample)
    return { ...base, status: 'holds', runs: details.numRuns, shrinks: 0 };
  const input = toInput(ctx, details.counterexample[0]);
  firstViolation(input);
  const time = runner.values[0]!;
  const values: Record<string, number | null> = {};
  for (const id of shown) values[id] = finiteOrNull(runner.values[model.symbols.get(id)!.slot]!);
  return {
    ...base,
    status: 'violated',
    runs: details.numRuns,
    shrinks: details.numShrinks,
    counterexample: { ...describeInputs(ctx, input), time, values },
  };
}

type MonotoneSpec = Extract<AssumptionSpec, { monotone: unknown }>;

function checkMonotone(ctx: Ctx, a: MonotoneSpec, runs: number, seed: number): AssumptionResult {
  const { model, runner } = ctx;
  const m = a.monotone;
  const base = {
    name: a.name,
    kind: 'monotone' as const,
    statement: `${m.output} at ${m.at} is ${m.direction === 'increasing' ? 'non-decreasing' : 'non-increasing'} in ${m.in}`,
  };
  const index = model.parameters.findIndex((p) => p.id === m.in);
  const range = ctx.ranges[index]!;
  if (range.lo === range.hi)
    return { ...base, status: 'holds', runs: 0, shrinks: 0, note: `${m.in} is a constant: nothing to vary` };
  const step = model.time.reportSteps[reportIndex(model.time, m.at)]!;
  const outSlot = model.symbols.get(m.output)!.slot;
  const outputAt = (input: ProbeInput): number => {
    ctx.trials++;
    let value = NaN;
    runner.run(input, (k, v) => {
      if (k !== step) return false;
      value = v[outSlot]!;
      return true;
    });
    return value;
  };
  /** The pair (lo, hi) of a search point, lo < hi, or undefined when they coincide. */
  const pairOf = (u1: number, u2: number): [number, number] | undefined => {
    const x1 = fromUnit(range, u1);
    const x2 = fromUnit(range, u2);
    return x1 === x2 ? undefined : x1 < x2 ? [x1, x2] : [x2, x1];
  };
  const evaluate = (x: TrialInputs, u1: number, u2: number) => {
    const pair = pairOf(u1, u2);
    if (!pair) return undefined;
    const lo = toInput(ctx, x, { index, value: pair[0] });
    const hi = toInput(ctx, x, { index, value: pair[1] });
    const yLo = outputAt(lo);
    const yHi = outputAt(hi);
    // A rounding-level difference is not a violation.
    const slack = 1e-9 * Math.max(Math.abs(yLo), Math.abs(yHi));
    const violated = m.direction === 'increasing' ? yHi < yLo - slack : yHi > yLo + slack;
    return { pair, lo, yLo, yHi, violated };
  };
  const property = fc.property(
    bounded(fc.tuple(trialArbitrary(model, ctx.ranges), unitPair())),
    ([x, [u1, u2]]) => !evaluate(x, u1, u2)?.violated,
  );
  const details = fc.check(property, { seed, numRuns: runs });
  if (!details.failed || !details.counterexample)
    return { ...base, status: 'holds', runs: details.numRuns, shrinks: 0 };
  const [[x, [u1, u2]]] = details.counterexample;
  const r = evaluate(x, u1, u2)!;
  const described = describeInputs(ctx, r.lo);
  delete described.parameters[m.in];
  delete described.step_parameters[m.in];
  return {
    ...base,
    status: 'violated',
    runs: details.numRuns,
    shrinks: details.numShrinks,
    counterexample: {
      ...described,
      time: m.at,
      values: { [`${m.output} (${m.in} lo)`]: finiteOrNull(r.yLo), [`${m.output} (${m.in} hi)`]: finiteOrNull(r.yHi) },
      pair: {
        parameter: m.in,
        lo: r.pair[0],
        hi: r.pair[1],
        output: m.output,
        output_lo: finiteOrNull(r.yLo),
        output_hi: finiteOrNull(r.yHi),
      },
    },
  };
}

/**
 * Shrinking tries at most RUN_LIMITS.maxCheckShrinks candidates, so the work
 * of a check is bounded before it starts (checkSearchLimits counts on it):
 * per-step parameters give arrays of steps + 1 values, each of which could
 * otherwise be shrunk in turn.
 */
const bounded = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.limitShrink(arb, RUN_LIMITS.maxCheckShrinks);

/** Two positions of the varied parameter, each shrinking toward its median. */
const unitPair = (): fc.Arbitrary<[number, number]> => fc.tuple(unit(), unit());
