import { runText, type RunResult } from '@foresight/core';

export type RunOptions = NonNullable<Parameters<typeof runText>[2]>;

/** Run a document that must be valid; a failure shows the problems, not just "not ok". */
export function run(text: string, options: RunOptions = {}, file = 'conformance.yaml'): RunResult {
  const result = runText(text, file, options);
  if (!result.ok) {
    throw new Error(result.error.map((p) => `${p.file}:${p.line}:${p.column} ${p.code} ${p.message}`).join('\n'));
  }
  return result.value;
}

/** The mean of one output along the reporting times (the value itself when the model is deterministic). */
export function series(result: RunResult, id: string): number[] {
  const out = result.outputs[id];
  if (!out) throw new Error(`no output '${id}' (have ${Object.keys(result.outputs).join(', ')})`);
  return out.mean;
}

/**
 * Relative error, with an absolute floor: near zero a relative error is
 * meaningless (a stock on its floor is exactly 0), so below `floor` the
 * plain difference counts.
 */
export function relErr(actual: number, expected: number, floor = 1e-12): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), floor);
}

/**
 * The indices where `actual` is off `expected` by more than `tolerance`
 * relative, described for a failure message; empty when all agree.
 */
export function mismatches(
  times: readonly number[],
  actual: readonly number[],
  expected: readonly number[],
  tolerance: number,
): string[] {
  const out: string[] = [];
  if (actual.length !== expected.length) out.push(`length ${actual.length}, expected ${expected.length}`);
  for (let i = 0; i < Math.min(actual.length, expected.length); i++) {
    const e = relErr(actual[i]!, expected[i]!);
    if (!(e <= tolerance))
      out.push(`t=${times[i]}: got ${actual[i]}, expected ${expected[i]} (rel ${e.toExponential(2)})`);
  }
  return out;
}

/** The result document as JSON without the one field that may legitimately differ between runs. */
export function stableJson(result: RunResult): string {
  const { elapsed_ms: _elapsed, ...provenance } = result.provenance;
  return JSON.stringify({ ...result, provenance });
}
