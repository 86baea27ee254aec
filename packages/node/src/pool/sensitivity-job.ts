import {
  capProblems,
  err,
  ok,
  type Problem,
  type Result,
  type SensitivityResult,
  type SensitivitySettings,
  type SobolFailure,
} from '@foresight/core';
import { ranges, sharedValues, taskCount, type JobContext } from './context.js';
import type { PortableScenario } from './portable.js';
import type { SensitivityPlanReply, SobolFinishReply, SobolRowsReply, TornadoReply } from './sensitivity-protocol.js';

/**
 * Bootstrap work per task at most, in resamples x kept times x factors x rows
 * (about 3 ns each): small enough for progress, aborts and other jobs to get
 * a turn. Results do not depend on it. Model runs are split by `taskCount`.
 */
const BOOTSTRAP_UNITS = 250_000_000;

/**
 * `sensitivity` through the pool. A tornado (2D + 1 deterministic runs) is
 * one task. Sobol's N (D + 2) runs are split by rows of the design (row j
 * draws from trials j and N + j, so a range runs anywhere) into one shared
 * buffer; the bootstrap by ranges of resamples (each seeded by its index)
 * into another; then one task assembles the document. Problems come back as
 * a single thread gives them: compile, then plan, then the first failing run
 * in row order (ranges past a known failure are skipped, those before it
 * still run), capped as `sensitivity` caps them; a document with a
 * non-finite number is refused as there. Progress counts model runs.
 */
export async function sensitivityJob(
  ctx: JobContext,
  scenario: PortableScenario,
  settings: SensitivitySettings,
): Promise<Result<SensitivityResult, Problem[]>> {
  const started = Date.now();
  const step = { kind: 'sensitivity', scenario, settings } as const;
  const layout = await ctx.exec<SensitivityPlanReply>({ ...step, step: 'plan' });
  if (!layout.ok) return err(capProblems(layout.error));
  const { plan, steps, designLength, bootstrapLength } = layout.value;
  ctx.expect(plan.runs);
  if (plan.method === 'tornado') {
    // `sensitivity` itself, in the worker: its problems are capped and its document checked already.
    const result = await ctx.exec<TornadoReply>({ ...step, step: 'tornado' });
    if (!result.ok) return result;
    ctx.advance(plan.runs);
    return ok(elapsed(result.value, started));
  }

  const n = plan.samples;
  const perRow = plan.factors.length + 2;
  const values = sharedValues(designLength);
  let first: SobolFailure | undefined;
  await Promise.all(
    ranges(0, n, taskCount(ctx, n * perRow, steps), 4).map(async ([from, to]) => {
      // Decided when the range's turn comes, with the failures known by then.
      const reply = await ctx.execIf<SobolRowsReply>(() =>
        first && first.row < from ? undefined : { ...step, step: 'rows', values, from, to },
      );
      if (!reply) return;
      if (reply.failure && (!first || reply.failure.row < first.row)) first = reply.failure;
      ctx.advance((to - from) * perRow);
    }),
  );
  if (first) return err(capProblems([first.problem]));

  const boot = sharedValues(bootstrapLength);
  const units = bootstrapLength * n;
  // A multiple of the workers, so that no worker is left with the last task alone.
  const bootParts = ctx.parallelism * Math.max(2, Math.ceil(units / 2 / BOOTSTRAP_UNITS / ctx.parallelism));
  await Promise.all(
    ranges(0, plan.resamples, bootParts, 10).map(([from, to]) =>
      ctx.exec({ ...step, step: 'bootstrap', values, boot, from, to }),
    ),
  );
  const doc = await ctx.exec<SobolFinishReply>({ ...step, step: 'finish', values, boot });
  return doc.ok ? ok(elapsed(doc.value, started)) : doc;
}

/** The document with the job's own elapsed time, every key in its place. */
function elapsed<T extends SensitivityResult>(doc: T, started: number): T {
  return { ...doc, provenance: { ...doc.provenance, elapsed_ms: Date.now() - started } };
}
