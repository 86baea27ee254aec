/*
 * The result documents of a sensitivity analysis from its finished pieces:
 * the tornado's probes or the Sobol design's indices, with the head and
 * provenance every analysis of a model carries. Keys come in the schema's
 * order (`document.ts`), the order the HTTP API has always answered them in,
 * so the command line's JSON and the server's are the same text.
 */
import { hashDocument } from '../hash/document.js';
import type { Model } from '../model/model.js';
import { ENGINE_VERSION } from '../version.js';
import type { SobolResult, TornadoResult } from './document.js';
import type { SensitivityPlan } from './plan.js';
import type { SobolBody } from './sobol.js';
import type { TornadoBody } from './tornado.js';

/** The Sobol result document of `model` from a finished design (`sobolDesign` of the same plan). */
export function sobolDocument(model: Model, plan: SensitivityPlan, s: SobolBody, elapsedMs: number): SobolResult {
  return {
    method: 'sobol',
    ...head(model, plan),
    runs: s.runs,
    notes: s.notes,
    warnings: s.warnings,
    provenance: provenance(model, elapsedMs),
    samples: s.samples,
    resamples: s.resamples,
    confidence: s.confidence,
    mean: s.mean,
    variance: s.variance,
    factors: s.factors,
    ...(s.over_time ? { over_time: s.over_time } : {}),
  };
}

/** The tornado result document of `model` from its probes' outputs (`tornadoBody`). */
export function tornadoDocument(model: Model, plan: SensitivityPlan, t: TornadoBody, elapsedMs: number): TornadoResult {
  const warnings = t.bars.every((b) => b.swing === 0)
    ? [`no parameter moves ${plan.output} at t = ${plan.at} between its ${t.percentiles.join(' and ')} quantiles`]
    : [];
  return {
    method: 'tornado',
    ...head(model, plan),
    runs: t.runs,
    notes: t.notes,
    warnings,
    provenance: provenance(model, elapsedMs),
    percentiles: t.percentiles,
    base: t.base,
    bars: t.bars,
    shocks: t.shocks,
    step_parameters: t.step_parameters,
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
