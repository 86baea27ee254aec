import { expect, it } from 'vitest';
import { EXPECTED_FAILURES } from './expected-failures.js';
import { blockedBySubscriptsOnly, judge, listCases, runCase, summary, suiteDir, type Verdict } from './harness.js';

/**
 * `pnpm conformance`: the whole suite in one pass, timed, with the summary
 * per pathway, every expected failure with its reason, and what subscripts
 * would unlock. Fails when a file fails unexpectedly or a listed one passes.
 */
it('imports and runs the SDXorg suite', () => {
  const found = suiteDir();
  if ('missing' in found) expect.fail(found.missing);
  const cases = listCases(found.dir);
  const started = performance.now();
  const verdicts: Verdict[] = cases.map((c) => judge(c, runCase(c), EXPECTED_FAILURES));
  const elapsed = performance.now() - started;

  const lines = [`SDXorg test models from ${found.dir}`, ''];
  const section = (title: string, list: readonly Verdict[], detail: (v: Verdict) => string) => {
    if (list.length === 0) return;
    lines.push(`${title} (${list.length}):`, ...list.map((v) => `  ${v.case.id}: ${detail(v)}`), '');
  };
  const reason = (v: Verdict) => (v.outcome.status === 'failed' ? v.outcome.reason : v.outcome.status);
  section(
    'Failed',
    verdicts.filter((v) => v.verdict === 'failed'),
    reason,
  );
  section(
    'Listed as failing but passed (take them off the list)',
    verdicts.filter((v) => v.verdict === 'fixed'),
    reason,
  );
  section(
    'Expected failures',
    verdicts.filter((v) => v.verdict === 'expected-fail'),
    (v) => v.expectedFailure ?? '',
  );
  const unlock = blockedBySubscriptsOnly(verdicts);
  const byPathway = (p: string) => unlock.filter((v) => v.case.pathway === p);
  const folders = (vs: readonly Verdict[]) => new Set(vs.map((v) => v.case.folder)).size;
  lines.push(
    `Subscripts alone stand between ${unlock.length} more model files with a published output and a comparison ` +
      `(XMILE ${byPathway('xmile').length} files in ${folders(byPathway('xmile'))} folders, ` +
      `Vensim ${byPathway('vensim').length} files in ${folders(byPathway('vensim'))} folders).`,
    '',
    summary(verdicts, elapsed),
  );
  console.log(lines.join('\n'));
  expect(verdicts.filter((v) => v.verdict === 'failed' || v.verdict === 'fixed').map((v) => v.case.id)).toEqual([]);
});
