/**
 * The worker side of a sensitivity job: each step is computed with the
 * core's own pieces (`sensitivity` for a tornado; `sobolDesign`'s rows,
 * bootstrap and finish for Sobol), so the merged result is the one a single
 * thread gives.
 */
import {
  err,
  nonFiniteSensitivity,
  ok,
  planSensitivity,
  sensitivity,
  sobolDesign,
  sobolDocument,
  type Problem,
  type Result,
  type SensitivityPlan,
  type SobolDesign,
} from '@foresight/core';
import type { CachedModel, ModelCache } from './models.js';
import type {
  SensitivityPlanReply,
  SensitivityTask,
  SobolFinishReply,
  SobolRowsReply,
  TornadoReply,
} from './sensitivity-protocol.js';

interface Planned {
  readonly entry: CachedModel;
  readonly plan: SensitivityPlan;
  /** Sobol only: the design, with its compiled runner, reused by every task of the job. */
  readonly design: SobolDesign | undefined;
}

/** Designs per compiled model (dropped with it from the model cache), a few settings each. */
const designs = new WeakMap<CachedModel, Map<string, Result<Planned, Problem[]>>>();
const DESIGNS_PER_MODEL = 8;

function planned(task: SensitivityTask, models: ModelCache): Result<Planned, Problem[]> {
  const compiled = models.get(task.scenario);
  if (!compiled.ok) return compiled;
  const entry = compiled.value;
  let cache = designs.get(entry);
  if (!cache) {
    cache = new Map();
    designs.set(entry, cache);
  }
  const key = JSON.stringify(task.settings);
  const hit = cache.get(key);
  if (hit) return hit;
  const made = plan(entry, task);
  cache.set(key, made);
  if (cache.size > DESIGNS_PER_MODEL) cache.delete(cache.keys().next().value!);
  return made;
}

function plan(entry: CachedModel, task: SensitivityTask): Result<Planned, Problem[]> {
  const p = planSensitivity(entry.model, task.settings);
  if (!p.ok) return p;
  if (p.value.method === 'tornado') return ok({ entry, plan: p.value, design: undefined });
  const design = sobolDesign(entry.model, p.value);
  return design.ok ? ok({ entry, plan: p.value, design: design.value }) : design;
}

/** A later step of a job whose plan step succeeded. */
function sobol(task: SensitivityTask, models: ModelCache): Planned & { design: SobolDesign } {
  const p = planned(task, models);
  if (!p.ok || p.value.design === undefined)
    throw new Error('internal: a Sobol step for settings that do not plan a Sobol design');
  return p.value as Planned & { design: SobolDesign };
}

export function sensitivityTask(task: SensitivityTask, models: ModelCache): unknown {
  switch (task.step) {
    case 'plan': {
      const p = planned(task, models);
      if (!p.ok) return p satisfies SensitivityPlanReply;
      const { plan, design, entry } = p.value;
      return ok({
        plan,
        steps: entry.model.time.steps,
        designLength: design?.designLength ?? 0,
        bootstrapLength: design?.bootstrapLength ?? 0,
      }) satisfies SensitivityPlanReply;
    }
    case 'tornado': {
      const m = models.get(task.scenario);
      return (m.ok ? sensitivity(m.value.model, task.settings) : err(m.error)) satisfies TornadoReply;
    }
    case 'rows':
      return { failure: sobol(task, models).design.rows(task.from, task.to, task.values) } satisfies SobolRowsReply;
    case 'bootstrap':
      sobol(task, models).design.bootstrap(task.values, task.from, task.to, task.boot);
      return null;
    case 'finish': {
      const { entry, plan, design } = sobol(task, models);
      const doc = sobolDocument(entry.model, plan, design.finish(task.values, task.boot), 0);
      const bad = nonFiniteSensitivity(entry.model, doc);
      return (bad ? err([bad]) : ok(doc)) satisfies SobolFinishReply;
    }
    default:
      return task satisfies never;
  }
}
