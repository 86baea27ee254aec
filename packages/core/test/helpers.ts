import { expect } from 'vitest';
import { runText, type Problem, type RunResult } from '../src/index.js';

/** Run a document that must be valid; a failure shows the problems, not just "not ok". */
export function run(text: string, options: Parameters<typeof runText>[2] = {}): RunResult {
  const r = runText(text, 'test.yaml', options);
  if (!r.ok) throw new Error(r.error.map((p) => `${p.line}:${p.column} ${p.code} ${p.message}`).join('\n'));
  return r.value;
}

/** Problems of a document that must be invalid. */
export function problems(text: string, file = 'test.yaml'): Problem[] {
  const r = runText(text, file, { trials: 1 });
  expect(r.ok, 'expected the document to be rejected').toBe(false);
  return r.ok ? [] : [...r.error];
}

/**
 * Relative error with an absolute floor: for values near zero a relative
 * comparison is meaningless, so below `floor` the difference itself counts.
 */
export function relErr(actual: number, expected: number, floor = 1e-12): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), floor);
}

/** The p50 series of one output. */
export const p50 = (r: RunResult, id: string): number[] => r.outputs[id]!.quantiles['p50']!;
