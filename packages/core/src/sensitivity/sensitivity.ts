/**
 * Which assumptions matter for one output at one time: a tornado (one at a
 * time, deterministic) or Sobol indices (variance-based, with bootstrap
 * intervals). Deterministic for a seed.
 *
 * ```ts
 * const plan = planSensitivity(model, { output: 'workforce', method: 'sobol', samples: 4096 });
 * if (plan.ok) console.error(`${plan.value.runs} model runs`);
 * const result = sensitivity(model, { output: 'workforce', method: 'sobol', samples: 4096 });
 * ```
 */
import { capProblems, type Problem } from '../errors.js';
import { nonFiniteSensitivity } from '../finite.js';
import { hashDocument } from '../hash/document.js';
import type { Model } from '../model/model.js';
import { err, ok, type Result } from '../result.js';
import { ENGINE_VERSION } from '../version.js';
import type { SensitivityResult, SensitivitySettings, SobolResult } from './document.js';
import { planSensitivity, type SensitivityPlan } from './plan.js';
import { sobolDesign, type SobolBody } from './sobol.js';
import { runTornado } from './tornado.js';

export interface SensitivityHooks {
  /** Sobol: called now and then with the runs done and the runs planned. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

export function sensitivity(
  model: Model,
  settings: SensitivitySettings,
  hooks: SensitivityHooks = {},
): Result<SensitivityResult, Problem[]> {
  const result = analyse(model, settings, hooks);
  if (!result.ok) return err(capProblems(result.error));
  // A percentile or a moment past the largest double would reach JSON as null.
  const bad = nonFiniteSensitivity(model, result.value);
  return bad ? err([bad]) : result;
}

function analyse(
  model: Model,
  settings: SensitivitySettings,
  hooks: SensitivityHooks,
): Result<SensitivityResult, Problem[]> {
  const started = Date.now();
  const planned = planSensitivity(model, settings);
  if (!planned.ok) return planned;
  const plan = planned.value;

  if (plan.method === 'tornado') {
    const body = runTornado(model, plan);
    if (!body.ok) return body;
    const t = body.value;
    const warnings = t.bars.every((b) => b.swing === 0)
      ? [`no parameter moves ${plan.output} at t = ${plan.at} between its ${t.percentiles.join(' and ')} quantiles`]
      : [];
    return ok({
      method: 'tornado',
      ...head(model, plan),
      runs: t.runs,
      notes: t.notes,
      warnings,
      percentiles: t.percentiles,
      base: t.base,
      bars: t.bars,
      shocks: t.shocks,
      step_parameters: t.step_parameters,
      provenance: provenance(model, Date.now() - started),
    });
  }
  const design = sobolDesign(model, plan);
  if (!design.ok) return design;
  const d = design.value;
  const y = new Float64Array(d.designLength);
  const onProgress = hooks.onProgress;
  const failure = d.rows(0, plan.samples, y, onProgress && ((done) => onProgress(done, plan.runs)));
  if (failure) return err([failure.problem]);
  onProgress?.(plan.runs, plan.runs);
  const boot = new Float64Array(d.bootstrapLength);
  d.bootstrap(y, 0, plan.resamples, boot);
  return ok(sobolDocument(model, plan, d.finish(y, boot), Date.now() - started));
}

/**
 * The Sobol result document of `model` from a finished design (`sobolDesign`
 * of the same plan): what `sensitivity` returns, for callers that computed
 * the design's pieces elsewhere (on worker threads).
 */
export function sobolDocument(model: Model, plan: SensitivityPlan, s: SobolBody, elapsedMs: number): SobolResult {
  return {
    method: 'sobol',
    ...head(model, plan),
    runs: s.runs,
    notes: s.notes,
    warnings: s.warnings,
    samples: s.samples,
    resamples: s.resamples,
    confidence: s.confidence,
    mean: s.mean,
    variance: s.variance,
    factors: s.factors,
    ...(s.over_time ? { over_time: s.over_time } : {}),
    provenance: provenance(model, elapsedMs),
  };
}

function head(model: Model, plan: SensitivityPlan) {
  const doc = model.document;
  const unit = model.symbols.get(plan.output)?.unit;
  return {
    scenario: doc.id,
    ...(doc.title !== undefined ? { title: doc.title } : {}),
    output: plan.output,
    ...(unit !== undefined ? { unit } : {}),
    at: plan.at,
    seed: plan.seed,
  };
}

const provenance = (model: Model, elapsedMs: number) => ({
  engine: ENGINE_VERSION,
  document_sha256: hashDocument(model.document),
  elapsed_ms: elapsedMs,
});
