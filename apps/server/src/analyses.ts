/*
 * The analyses the API runs, each once: how a request of its kind becomes a
 * plan (scenario ids of the folder or of the store, inline documents,
 * options; checked against the budgets), and how its result is given as CSV
 * and as a chart. A synchronous request and a job use the same functions,
 * and a job makes its plan again from its stored request after a restart.
 */
import { checkPlan } from '@foresight/check';
import {
  calibratePlan,
  explorePlan,
  sensitivityPlan,
  type CalibrationResult,
  type CheckReport,
  type ComparisonResult,
  type ExploreResult,
  type Model,
  type PieceSizing,
  type Plan,
  type Problem,
  type Result,
  type RunResult,
  type SensitivityResult,
} from '@foresight/core';
import {
  renderCompareCsv,
  renderExploreChart,
  renderFanChart,
  renderRunCsv,
  renderSensitivityChart,
} from '@foresight/report';
import type { AppContext } from './context.js';
import { comparePlanned, planned, runPlanned } from './jobs.js';
import { prepare, prepareAll, type ScenarioRef, type StoredRefs } from './prepare.js';
import type {
  CalibrateRequest,
  CheckRequest,
  CompareRequest,
  ExploreRequest,
  RunRequest,
  SensitivityRequest,
} from './schemas/api.js';
import type { StoredScenario } from './store/index.js';

/** A request's plan, the scenario ids it names, and the versions of the stored ones it read. */
export interface Planned<T> {
  readonly plan: Plan<T>;
  readonly scenarios: readonly string[];
  /** Stored scenarios by id, and the version each was read at: a job resumed later reads the same. */
  readonly pins: Readonly<Record<string, string>>;
}

export interface Analysis<R, T> {
  readonly kind: string;
  /** `pins`: the versions of stored scenarios to read (a job made again), else their latest. */
  plan(ctx: AppContext, request: R, pins?: Readonly<Record<string, string>>): Promise<Planned<T>>;
  /** The result as CSV, for the kinds that have one. */
  readonly csv?: ((result: T) => string) | undefined;
  /** The result's chart (SVG), for the kinds that have one. */
  readonly chart?: ((result: T) => string) | undefined;
}

/** The ids a request names: folder and stored scenarios by id, inline documents by their own `id`. */
function namesOf(refs: readonly ScenarioRef[]): string[] {
  const names = refs.flatMap((r) => {
    if (typeof r === 'string') return [r];
    const id = (r as Record<string, unknown>)['id'];
    return typeof id === 'string' ? [id] : [];
  });
  return [...new Set(names)];
}

/**
 * The stored scenarios a request names by id (an id of the folder is the
 * folder's): fetched before the request compiles. An id found in neither is
 * left for the compile to answer 404.
 */
export async function storedRefs(
  ctx: AppContext,
  refs: readonly ScenarioRef[],
  pins: Readonly<Record<string, string>> = {},
): Promise<{ stored: StoredRefs; pins: Record<string, string> }> {
  const stored = new Map<string, StoredScenario>();
  const store = ctx.store;
  if (store !== undefined)
    for (const ref of refs) {
      if (typeof ref !== 'string' || ctx.catalog.ids.includes(ref) || stored.has(ref)) continue;
      const s = await store.getScenario(ref, Object.hasOwn(pins, ref) ? pins[ref] : undefined);
      if (s) stored.set(ref, s);
    }
  return { stored, pins: Object.fromEntries([...stored].map(([id, s]) => [id, s.version])) };
}

export const RUN: Analysis<RunRequest, RunResult> = {
  kind: 'run',
  async plan(ctx, request, pinned) {
    const { stored, pins } = await storedRefs(ctx, [request.scenario], pinned);
    const model = prepare(ctx.catalog, request.scenario, 'scenario', request.outputs, stored);
    return { plan: runPlanned(ctx, model, request), scenarios: namesOf([request.scenario]), pins };
  },
  csv: renderRunCsv,
  chart: (r) => renderFanChart(r),
};

export const COMPARE: Analysis<CompareRequest, ComparisonResult> = {
  kind: 'compare',
  async plan(ctx, request, pinned) {
    const refs = [request.base, ...request.alternatives];
    const { stored, pins } = await storedRefs(ctx, refs, pinned);
    const all = prepareAll(
      ctx.catalog,
      [[request.base, 'base'], ...request.alternatives.map((a, i) => [a, `alternatives[${i}]`] as const)],
      request.outputs,
      stored,
    );
    return { plan: comparePlanned(ctx, all, request), scenarios: namesOf(refs), pins };
  },
  csv: renderCompareCsv,
  chart: (r) => renderFanChart(r.runs),
};

/**
 * An analysis of one scenario (`scenario` beside its settings): the stored
 * scenario it names read at its pinned version, prepared, and planned with
 * the settings on the server's executor.
 */
function ofOneScenario<R extends { scenario: ScenarioRef }, T>(
  kind: string,
  make: (model: Model, settings: Omit<R, 'scenario'>, sizing: PieceSizing) => Result<Plan<T>, Problem[]>,
  chart?: (result: T) => string,
): Analysis<R, T> {
  return {
    kind,
    async plan(ctx, request, pinned) {
      const { scenario, ...settings } = request;
      const { stored, pins } = await storedRefs(ctx, [scenario], pinned);
      const model = prepare(ctx.catalog, scenario, 'scenario', undefined, stored);
      const plan = planned(ctx, make(model, settings, ctx.executor.sizing));
      return { plan, scenarios: namesOf([scenario]), pins };
    },
    chart,
  };
}

export const CHECK: Analysis<CheckRequest, CheckReport> = ofOneScenario('check', (model, { runs, seed }, sizing) =>
  checkPlan(model, { runs, seed }, sizing),
);

export const SENSITIVITY: Analysis<SensitivityRequest, SensitivityResult> = ofOneScenario(
  'sensitivity',
  sensitivityPlan,
  renderSensitivityChart,
);

export const CALIBRATE: Analysis<CalibrateRequest, CalibrationResult> = ofOneScenario('calibrate', calibratePlan);

export const EXPLORE: Analysis<ExploreRequest, ExploreResult> = ofOneScenario(
  'explore',
  explorePlan,
  renderExploreChart,
);

/** Every analysis a job may be, by kind. */
// biome-ignore lint/suspicious/noExplicitAny: each kind's request and result types differ; a job holds any of them
export const ANALYSES: Readonly<Record<string, Analysis<any, any>>> = {
  run: RUN,
  compare: COMPARE,
  check: CHECK,
  sensitivity: SENSITIVITY,
  calibrate: CALIBRATE,
  explore: EXPLORE,
};
