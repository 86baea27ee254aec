/**
 * One input through the whole chain: parse, extends, validate, compile, run,
 * compare, check. Every stage is guarded (an exception is a finding) and
 * every result goes through the oracle. Runs are kept small by a budget of
 * operations per input, so a case that compiles to a big model is compiled
 * and limit-checked but not run: the fuzzer looks for wrong answers and
 * escapes, not for slowness, which the limits bound.
 */
import { checkScenario } from '@foresight/check';
import {
  checkSearchLimits,
  compareModels,
  planSensitivity,
  sensitivity,
  parseSource,
  prepareSource,
  prepareValue,
  runModel,
  runOperations,
  type Model,
  type ParentResolver,
  type SourceDocument,
} from '@foresight/core';
import type { CorpusEntry } from './corpus.js';
import type { Input } from './documents.js';
import { CANARY_NAME } from './expressions.js';
import {
  assertProblems,
  checkAny,
  checkCheckReport,
  checkComparison,
  checkRun,
  checkSensitivity,
  guarded,
  type Outcome,
} from './oracle.js';

/** Operations one input may spend on runs (about 0.1 s at worst). */
const BUDGET = 20_000_000;

const CANARY = CANARY_NAME;

export interface Tally {
  cases: number;
  outcomes: Map<string, number>;
  runs: number;
  comparisons: number;
  checks: number;
  sensitivities: number;
  overBudget: number;
  slowest: { ms: number; input: string }[];
}

export const newTally = (): Tally => ({
  cases: 0,
  outcomes: new Map(),
  runs: 0,
  comparisons: 0,
  checks: 0,
  sensitivities: 0,
  overBudget: 0,
  slowest: [],
});

export function corpusResolver(corpus: readonly CorpusEntry[]): ParentResolver {
  const byId = new Map<string, SourceDocument>();
  for (const e of corpus) {
    const src = parseSource(e.text, e.name);
    const id = (e.value as { id?: unknown }).id;
    if (src.ok && typeof id === 'string') byId.set(id, src.value);
  }
  return (id) => byId.get(id);
}

function describe(input: Input): string {
  const text = input.kind === 'text' ? `${input.file}: ${input.text}` : `value: ${safeJson(input.value)}`;
  return text.length > 400 ? `${text.slice(0, 400)}...` : text;
}

const safeJson = (v: unknown) => {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

function count(t: Tally, o: Outcome) {
  t.outcomes.set(o, (t.outcomes.get(o) ?? 0) + 1);
}

/** Run, compare with itself, and check, as far as the budget allows. */
function exercise(model: Model, seed: number, t: Tally, input: Input): void {
  const trials = 3;
  if (runOperations(model, trials) > BUDGET) {
    t.overBudget++;
    return;
  }
  t.runs++;
  count(
    t,
    guarded('runModel', input, () => checkRun(runModel(model, { trials, seed }))),
  );
  if (runOperations(model, 2) * 3 <= BUDGET) {
    t.comparisons++;
    count(
      t,
      guarded('compareModels', input, () => checkComparison(compareModels(model, [model], { trials: 2, seed }))),
    );
  }
  // Tornado and a small Sobol design on the first stock or variable output, when there is one.
  const output = model.outputs.find((id) => ['stock', 'variable'].includes(model.symbols.get(id)?.kind ?? ''));
  for (const settings of output === undefined
    ? []
    : [
        { output, method: 'tornado' as const },
        { output, method: 'sobol' as const, samples: 8, resamples: 10 },
      ]) {
    const plan = planSensitivity(model, settings);
    if (plan.ok && plan.value.runs * model.trialOperations > BUDGET) continue;
    t.sensitivities++;
    count(
      t,
      guarded('sensitivity', input, () => checkSensitivity(sensitivity(model, settings))),
    );
  }
  const assumptions = model.document.assumptions ?? [];
  // Shrinking a violated assumption probes up to maxCheckShrinks trials: count them in.
  const probes = assumptions.reduce((n, a) => n + ('holds' in a ? 1 : 2), 0) * 2_004;
  if (
    assumptions.length > 0 &&
    probes * model.trialOperations <= BUDGET * 5 &&
    checkSearchLimits(model, 3).length === 0
  ) {
    t.checks++;
    guarded('checkScenario', input, () => {
      const r = checkScenario(model, { runs: 3, seed });
      if (r.ok) checkCheckReport(r.value);
      else assertProblems(r.error);
    });
  }
}

export function drive(input: Input, resolve: ParentResolver, t: Tally, seed = 1): void {
  const started = performance.now();
  (globalThis as Record<string, unknown>)[CANARY] = undefined;
  let model: Model | undefined;
  if (input.kind === 'value') {
    const r = guarded('prepareValue', input, () => prepareValue(input.value, { resolve }));
    count(t, checkAny(r));
    if (r.ok) model = r.value;
  } else {
    const src = guarded('parseSource', input, () => parseSource(input.text, input.file));
    const o = checkAny(src);
    if (src.ok) {
      const r = guarded('prepareSource', input, () => prepareSource(src.value, { resolve }));
      count(t, checkAny(r));
      if (r.ok) model = r.value;
    } else {
      count(t, o);
    }
  }
  if (model) exercise(model, seed, t, input);
  if ((globalThis as Record<string, unknown>)[CANARY] !== undefined)
    throw new Error(`an input reached the canary: ${describe(input)}`);
  t.cases++;
  const ms = performance.now() - started;
  if (t.slowest.length < 5 || ms > t.slowest[t.slowest.length - 1]!.ms) {
    t.slowest.push({ ms, input: describe(input) });
    t.slowest.sort((a, b) => b.ms - a.ms);
    t.slowest.length = Math.min(t.slowest.length, 5);
  }
}
