import type { Executor } from '@foresight/core';
import { drivePlan, LOCAL_SIZING } from '@foresight/core/plans';
import { Admission } from './admission.js';

/**
 * The in-process executor: core's reference (`runPlanSync`), one piece at a
 * time in this thread, returning to the event loop between pieces so that
 * an abort is heard and other work gets a turn.
 */
export function inProcessExecutor(): Executor {
  const admission = new Admission(1, Number.MAX_SAFE_INTEGER);
  return {
    kind: 'in-process',
    sizing: LOCAL_SIZING,
    workers: 1,
    get pending() {
      return admission.pending;
    },
    run: (plan, hooks = {}) =>
      admission.admit(hooks.signal as AbortSignal | undefined, async (signal) => {
        const run = drivePlan(plan, { ...hooks, signal });
        for (;;) {
          const r = run.next();
          if (r.done) return r.value;
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }),
    async close() {
      admission.close();
    },
  };
}
