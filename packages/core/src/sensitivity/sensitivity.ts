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
import type { Problem } from '../errors.js';
import type { Model } from '../model/model.js';
import { runPlanSync } from '../plans/sequential.js';
import { sensitivityPlan } from '../plans/sensitivity.js';
import type { Result } from '../result.js';
import type { SensitivityResult, SensitivitySettings } from './document.js';

export interface SensitivityHooks {
  /** Called now and then with the runs done and the runs planned. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

/** The analysis's plan (`sensitivityPlan`), run piece by piece in this thread. */
export function sensitivity(
  model: Model,
  settings: SensitivitySettings,
  hooks: SensitivityHooks = {},
): Result<SensitivityResult, Problem[]> {
  const plan = sensitivityPlan(model, settings);
  if (!plan.ok) return plan;
  const progress = hooks.onProgress;
  return runPlanSync(plan.value, progress ? { onProgress: (p) => progress(p.runsDone, p.runs) } : {});
}
