/*
 * The plans of a sensitivity analysis. A tornado: ranges of its 2D + 1
 * deterministic probes. Sobol: ranges of rows of the Saltelli design (row j
 * draws from trials j and N + j), then ranges of bootstrap resamples over
 * the merged design (resample r from its own stream), then the indices.
 */
import { capProblems, type Problem } from '../errors.js';
import { nonFiniteSensitivity } from '../finite.js';
import type { Model } from '../model/model.js';
import { err, ok, type Result } from '../result.js';
import type { SensitivityResult, SensitivitySettings } from '../sensitivity/document.js';
import { planSensitivity, type SensitivityPlan } from '../sensitivity/plan.js';
import { sobolDocument, tornadoDocument } from '../sensitivity/result.js';
import { sobolDesign, type SobolDesign, type SobolFailure } from '../sensitivity/sobol.js';
import { evaluateProbe, tornadoBody, tornadoProbes, type TornadoProbes } from '../sensitivity/tornado.js';
import { grouped } from '../text.js';
import { identityOf, measure, resultMeasure, stepsOf } from './cost.js';
import { sensitivityResultSize } from './result-size.js';
import { placed, planScenario } from './scenario.js';
import { LOCAL_SIZING } from './sequential.js';
import { ranges } from './trials.js';
import type { Piece, PieceEnv, PieceKind, PieceRegistry, PieceSizing, Plan, PlanCost, Stage, Step } from './types.js';

/** A sensitivity analysis's plan, with what it was asked checked and counted. */
export interface SensitivityPlanOfPieces extends Plan<SensitivityResult> {
  readonly analysis: SensitivityPlan;
}

/**
 * Bootstrap work per piece at most, in resamples x kept times x factors x
 * rows (about 3 ns each). Results do not depend on it.
 */
const BOOTSTRAP_UNITS = 250_000_000;

interface SettingsPiece extends Piece {
  readonly settings: SensitivitySettings;
  readonly from: number;
  readonly to: number;
}

/** The plan and, for Sobol, the design of settings on a model, kept by the executor. */
function plannedOf(env: PieceEnv, p: SettingsPiece): { model: Model; plan: SensitivityPlan; design?: SobolDesign } {
  const sha = p.scenarios[0]!;
  return env.memo(sha, `sensitivity ${JSON.stringify(p.settings)}`, () => {
    const model = env.model(sha);
    const plan = planSensitivity(model, p.settings);
    if (!plan.ok) throw new Error(`internal: settings that planned where the plan was made do not plan here`);
    if (plan.value.method === 'tornado') return { model, plan: plan.value };
    const design = sobolDesign(model, plan.value);
    if (!design.ok) throw new Error('internal: a Sobol design that was made where the plan was made fails here');
    return { model, plan: plan.value, design: design.value };
  });
}

export interface ProbesPiece extends SettingsPiece {
  readonly kind: 'tornado-probes';
}
export type ProbesAnswer =
  | { readonly values: Float64Array }
  | { readonly failure: { readonly probe: number; readonly problem: Problem } };

export const probesPiece: PieceKind<ProbesPiece, ProbesAnswer> = {
  compute(p, env) {
    const { model, plan } = plannedOf(env, p);
    const probes = env.memo(p.scenarios[0]!, `probes ${JSON.stringify(p.settings)}`, () => tornadoProbes(model, plan));
    const runner = env.memo(p.scenarios[0]!, 'probe', () => model.probe());
    const values = new Float64Array(p.to - p.from);
    for (let i = p.from; i < p.to; i++) {
      const y = evaluateProbe(model, plan, probes, runner, i);
      if (!y.ok) return { failure: { probe: i, problem: y.error[0]! } };
      values[i - p.from] = y.value;
    }
    return { values };
  },
};

export interface RowsPiece extends SettingsPiece {
  readonly kind: 'sobol-rows';
}
/** Rows of every series (or `written`: in place, in the stage's output `y`), or the first failing run. */
export type RowsAnswer = { readonly y: Float64Array } | { readonly written: true } | { readonly failure: SobolFailure };

export const rowsPiece: PieceKind<RowsPiece, RowsAnswer> = {
  compute(p, env) {
    const { plan, design } = plannedOf(env, p);
    const all = env.output('y') as Float64Array | undefined;
    if (all) {
      const failure = design!.rows(p.from, p.to, all, plan.samples, 0);
      return failure ? { failure } : { written: true };
    }
    const n = p.to - p.from;
    const y = new Float64Array((design!.designLength / plan.samples) * n);
    const failure = design!.rows(p.from, p.to, y, n, p.from);
    return failure ? { failure } : { y };
  },
};

export interface BootstrapPiece extends SettingsPiece {
  readonly kind: 'sobol-bootstrap';
}

/** Replicates of resamples [from, to) of every series, or `written` in place in the stage's output `boot`. */
export const bootstrapPiece: PieceKind<BootstrapPiece, Float64Array | { readonly written: true }> = {
  compute(p, env) {
    const { plan, design } = plannedOf(env, p);
    const y = env.input(p.inputs[0]!) as Float64Array;
    const all = env.output('boot') as Float64Array | undefined;
    if (all) {
      design!.bootstrap(y, p.from, p.to, all, plan.resamples, 0);
      return { written: true };
    }
    const n = p.to - p.from;
    const boot = new Float64Array((design!.bootstrapLength / plan.resamples) * n);
    design!.bootstrap(y, p.from, p.to, boot, n, p.from);
    return boot;
  },
};

export const SENSITIVITY_PIECES: PieceRegistry = {
  'tornado-probes': probesPiece as PieceKind,
  'sobol-rows': rowsPiece as PieceKind,
  'sobol-bootstrap': bootstrapPiece as PieceKind,
};

function sensitivityCost(model: Model, plan: SensitivityPlan): PlanCost {
  const d = plan.factors.length;
  const factors = `${d} factor${d === 1 ? '' : 's'}`;
  const runs =
    plan.method === 'sobol'
      ? `${grouped(plan.samples)} samples x (${factors} + 2) = ${grouped(plan.runs)} model runs`
      : `2 x ${factors} + 1 = ${grouped(plan.runs)} model runs`;
  const steps = model.time.steps;
  const kept = plan.overTime ? model.time.times.length : 1;
  const stored = plan.method === 'sobol' ? plan.runs * kept + 2 * d * kept * plan.resamples : 0;
  return {
    runs: measure(model, [], plan.runs, `${runs}`),
    trialSteps: measure(model, [], plan.runs * steps, `${runs} x ${grouped(steps)} steps`, 'ask for fewer samples'),
    storedValues: measure(
      model,
      [],
      stored,
      'model runs x times kept, plus 2 x factors x times kept x resamples',
      'ask for fewer samples, resamples or no over_time',
    ),
    operations: plan.operations,
    steps: stepsOf([model]),
    result: resultMeasure(
      model,
      [],
      sensitivityResultSize(model, plan),
      plan.overTime
        ? `${factors} x 6 indices x ${grouped(model.time.times.length)} reporting times (over_time)`
        : `${factors} with their indices`,
      plan.overTime ? 'ask without over_time, or for a coarser `time.report`' : 'ask for fewer factors',
    ),
  };
}

/** The plan of a tornado or a Sobol analysis: settings checked against the model, cost counted, nothing run. */
export function sensitivityPlan(
  model: Model,
  settings: SensitivitySettings,
  sizing: PieceSizing = LOCAL_SIZING,
): Result<SensitivityPlanOfPieces, Problem[]> {
  const planned = planSensitivity(model, settings);
  if (!planned.ok) return err(capProblems(planned.error));
  const plan = planned.value;
  const scenario = planScenario(model);
  const sha = scenario.sha256;
  const { output, at, method, samples, resamples, overTime, percentiles, seed } = plan;
  const options = { output, at, method, samples, resamples, overTime, percentiles, seed };
  let design: SobolDesign | undefined;
  if (plan.method === 'sobol') {
    const made = sobolDesign(model, plan);
    if (!made.ok) return err(capProblems(made.error));
    design = made.value;
  }
  return ok({
    kind: 'sensitivity',
    identity: identityOf('sensitivity', [sha], options),
    scenarios: [scenario],
    cost: sensitivityCost(model, plan),
    kinds: SENSITIVITY_PIECES,
    analysis: plan,
    start(alloc) {
      const started = Date.now();
      const done = (doc: SensitivityResult): Step<SensitivityResult> => {
        const bad = nonFiniteSensitivity(model, doc);
        return { result: bad ? err([bad]) : ok(doc) };
      };
      const failed = (p: Problem): Step<SensitivityResult> => ({ result: err(capProblems([placed(model, p)])) });
      const common = { scenarios: [sha], settings };
      if (design === undefined) {
        const probes = tornadoProbes(model, plan);
        return {
          stage: tornadoStage(probes, common, model, sizing, failed, (values) => {
            return done(tornadoDocument(model, plan, tornadoBody(model, plan, probes, values), Date.now() - started));
          }),
        };
      }
      const d = design;
      const n = plan.samples;
      const perRow = plan.factors.length + 2;
      const series = d.designLength / n;
      const y = alloc.f64(d.designLength);
      let first: SobolFailure | undefined;
      const parts = Math.max(
        sizing.parallelism * 8,
        Math.ceil((n * perRow * (model.time.steps + 1)) / sizing.trialSteps),
      );
      const rows: RowsPiece[] = ranges(0, n, parts, 4).map(([from, to]) => ({
        kind: 'sobol-rows',
        ...common,
        inputs: [],
        outputs: ['y'],
        runs: (to - from) * perRow,
        from,
        to,
      }));
      const bootstrap = (): Step<SensitivityResult> => {
        const boot = alloc.f64(d.bootstrapLength);
        const units = d.bootstrapLength * n;
        // A multiple of the workers, so that no worker is left with the last piece alone.
        const P = sizing.parallelism;
        const bootParts = P * Math.max(2, Math.ceil(units / 2 / BOOTSTRAP_UNITS / P));
        const pieces: BootstrapPiece[] = ranges(0, plan.resamples, bootParts, 10).map(([from, to]) => ({
          kind: 'sobol-bootstrap',
          ...common,
          inputs: ['y'],
          outputs: ['boot'],
          runs: 0,
          from,
          to,
        }));
        const perSeries = d.bootstrapLength / plan.resamples;
        return {
          stage: {
            name: 'bootstrap',
            pieces,
            inputs: { y },
            outputs: { boot },
            wanted: () => true,
            take(i, answer) {
              if (!(answer instanceof Float64Array)) return;
              const a = answer;
              const { from, to } = pieces[i]!;
              const len = to - from;
              for (let s = 0; s < perSeries; s++)
                boot.set(a.subarray(s * len, (s + 1) * len), s * plan.resamples + from);
            },
            next: () => done(sobolDocument(model, plan, d.finish(y, boot), Date.now() - started)),
          },
        };
      };
      return {
        stage: {
          name: 'rows',
          pieces: rows,
          inputs: {},
          outputs: { y },
          wanted: (i) => !(first && first.row < rows[i]!.from),
          take(i, answer) {
            const a = answer as RowsAnswer;
            const { from, to } = rows[i]!;
            if ('failure' in a) {
              if (!first || a.failure.row < first.row) first = a.failure;
              return;
            }
            if (!('y' in a)) return;
            const len = to - from;
            for (let s = 0; s < series; s++) y.set(a.y.subarray(s * len, (s + 1) * len), s * n + from);
          },
          next: () => (first ? failed(first.problem) : bootstrap()),
        },
      };
    },
  });
}

function tornadoStage(
  probes: TornadoProbes,
  common: { scenarios: string[]; settings: SensitivitySettings },
  model: Model,
  sizing: PieceSizing,
  failed: (p: Problem) => Step<SensitivityResult>,
  then: (values: Float64Array) => Step<SensitivityResult>,
): Stage<SensitivityResult> {
  const count = probes.count;
  const parts = Math.ceil((count * (model.time.steps + 1)) / sizing.trialSteps);
  const pieces: ProbesPiece[] = ranges(0, count, parts).map(([from, to]) => ({
    kind: 'tornado-probes',
    ...common,
    inputs: [],
    runs: to - from,
    from,
    to,
  }));
  const values = new Float64Array(count);
  let first: { probe: number; problem: Problem } | undefined;
  return {
    name: 'probes',
    pieces,
    inputs: {},
    wanted: (i) => !(first && first.probe < pieces[i]!.from),
    take(i, answer) {
      const a = answer as ProbesAnswer;
      if ('failure' in a) {
        if (!first || a.failure.probe < first.probe) first = a.failure;
      } else values.set(a.values, pieces[i]!.from);
    },
    next: () => (first ? failed(first.problem) : then(values)),
  };
}
