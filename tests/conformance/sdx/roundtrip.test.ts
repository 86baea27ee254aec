import { readFileSync } from 'node:fs';
import { formatProblem, prepareSource, runModel, type ScenarioDocument } from '@foresight/core';
import { exportXmile, importModel } from '@foresight/import';
import { describe, expect, it } from 'vitest';
import { EXPECTED_FAILURES } from './expected-failures.js';
import { listCases, suiteDir } from './harness.js';

/**
 * Import a suite model, export it as XMILE, import that: both run to the
 * same numbers, bit for bit, at every time the first reports (the export
 * reports every dt: XMILE has no saving interval). Every model that imports
 * is tried.
 */
const found = suiteDir();

type Doc = Record<string, Record<string, unknown> | undefined>;
const ids = (d: Doc) => ['parameters', 'stocks', 'variables'].flatMap((k) => Object.keys(d[k] ?? {}));

function run(doc: Doc, source: Parameters<typeof prepareSource>[0], outputs: string[]) {
  const model = prepareSource(source, { outputs });
  if (!model.ok) throw new Error(model.error.map(formatProblem).join('\n'));
  const result = runModel(model.value, { trials: 1 });
  if (!result.ok) throw new Error(result.error.map(formatProblem).join('\n'));
  return { model: model.value, result: result.value, doc };
}

describe('XMILE export of the imported suite', () => {
  if ('missing' in found) {
    (process.env.FORESIGHT_REQUIRE_SDX === '1' ? it : it.skip)(`finds the suite (${found.missing})`, () => {
      expect.fail(found.missing);
    });
    return;
  }
  const cases = listCases(found.dir).filter((c) => !EXPECTED_FAILURES[c.id]?.startsWith('unsupported'));

  it.each(cases.map((c) => [c.id, c] as const))('%s round-trips to identical outputs', (_, c) => {
    const first = importModel(readFileSync(c.file, 'utf8'), c.id);
    if (!first.ok) return; // defective as published: listed with its reason
    const a = run(first.value.document as Doc, first.value.source, ids(first.value.document as Doc));
    const xmile = exportXmile(a.model.document as ScenarioDocument, { source: first.value.source });
    if (!xmile.ok) throw new Error(xmile.error.map(formatProblem).join('\n'));
    const second = importModel(xmile.value, `${c.id}.export.xmile`);
    if (!second.ok) throw new Error(second.error.map(formatProblem).join('\n'));
    const b = run(second.value.document as Doc, second.value.source, ids(a.doc));
    for (const [id, summary] of Object.entries(a.result.outputs)) {
      const at = a.result.times.map((t) => b.result.times.indexOf(t));
      expect(at.every((j) => j >= 0)).toBe(true);
      expect(at.map((j) => b.result.outputs[id]!.mean[j])).toEqual(summary.mean);
    }
  });
});
