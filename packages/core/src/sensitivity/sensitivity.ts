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
import type { SensitivityResult, SensitivitySettings } from './document.js';
import { planSensitivity } from './plan.js';
import { runSobol, type SobolHooks } from './sobol.js';
import { runTornado } from './tornado.js';

export type SensitivityHooks = SobolHooks;

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

function analyse(model: Model, settings: SensitivitySettings, hooks: SensitivityHooks): Result<SensitivityResult, Problem[]> {
  const started = Date.now();
  const planned = planSensitivity(model, settings);
  if (!planned.ok) return planned;
  const plan = planned.value;
  const doc = model.document;
  const unit = model.symbols.get(plan.output)?.unit;
  const head = {
    scenario: doc.id,
    ...(doc.title !== undefined ? { title: doc.title } : {}),
    output: plan.output,
    ...(unit !== undefined ? { unit } : {}),
    at: plan.at,
    seed: plan.seed,
  };
  const provenance = () => ({ engine: ENGINE_VERSION, document_sha256: hashDocument(doc), elapsed_ms: Date.now() - started });

  if (plan.method === 'tornado') {
    const body = runTornado(model, plan);
    if (!body.ok) return body;
    const t = body.value;
    const warnings = t.bars.every((b) => b.swing === 0)
      ? [`no parameter moves ${plan.output} at t = ${plan.at} between its ${t.percentiles.join(' and ')} quantiles`]
      : [];
    return ok({
      method: 'tornado',
      ...head,
      runs: t.runs,
      notes: t.notes,
      warnings,
      percentiles: t.percentiles,
      base: t.base,
      bars: t.bars,
      shocks: t.shocks,
      step_parameters: t.step_parameters,
      provenance: provenance(),
    });
  }
  const body = runSobol(model, plan, hooks);
  if (!body.ok) return body;
  const s = body.value;
  return ok({
    method: 'sobol',
    ...head,
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
    provenance: provenance(),
  });
}
