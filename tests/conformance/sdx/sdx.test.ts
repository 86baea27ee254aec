import { describe, expect, it } from 'vitest';
import { EXPECTED_FAILURES } from './expected-failures.js';
import { judge, listCases, runCase, suiteDir } from './harness.js';

/**
 * Every model file of the SDXorg suite, imported, run and compared with its
 * published output (about 3 s for the whole suite). Without the suite the
 * cases are skipped, unless FORESIGHT_REQUIRE_SDX=1 (CI), where that fails.
 * `pnpm conformance` prints the summary table and the timing.
 */
const found = suiteDir();

describe('the SDXorg test-model suite', () => {
  if ('missing' in found) {
    const required = process.env.FORESIGHT_REQUIRE_SDX === '1';
    (required ? it : it.skip)(`is found (${found.missing})`, () => {
      expect.fail(found.missing);
    });
    return;
  }
  const cases = listCases(found.dir);

  it('is the copy the expected-failure list was written for', () => {
    // A listed file missing from the folder means another copy of the suite: say so rather than pass quietly.
    const ids = new Set(cases.map((c) => c.id));
    expect(Object.keys(EXPECTED_FAILURES).filter((id) => !ids.has(id))).toEqual([]);
    expect(cases.length).toBeGreaterThan(250);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_, c) => {
    const verdict = judge(c, runCase(c), EXPECTED_FAILURES);
    const reason = verdict.outcome.status === 'failed' ? verdict.outcome.reason : verdict.outcome.status;
    if (verdict.verdict === 'fixed') expect.fail(`listed as failing (${verdict.expectedFailure}) but ${reason}`);
    if (verdict.verdict === 'failed') expect.fail(reason);
    expect(['passed', 'expected-fail', 'unchecked']).toContain(verdict.verdict);
  });
});
