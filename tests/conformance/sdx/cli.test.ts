import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunResult } from '@foresight/core';
import { nameKey } from '@foresight/import';
import { describe, expect, it } from 'vitest';
import { cli } from '../../../apps/cli/test/helpers.js';
import { readTable, suiteDir, within } from './harness.js';

/** `foresight import` and `foresight run` on models of the suite, compared with their published outputs. */
const found = suiteDir();

describe('the CLI on suite models', () => {
  if ('missing' in found) {
    (process.env.FORESIGHT_REQUIRE_SDX === '1' ? it : it.skip)(`finds the suite (${found.missing})`, () => {
      expect.fail(found.missing);
    });
    return;
  }
  const dir = found.dir;

  it.each([
    ['samples/teacup/teacup.mdl', 'samples/teacup/output.csv', 'Teacup Temperature'],
    ['samples/SIR/SIR.xmile', 'samples/SIR/output.csv', 'Infectious'],
  ])('imports %s and runs it to the published output', async (model, output, column) => {
    const work = mkdtempSync(join(tmpdir(), 'foresight-sdx-'));
    const imported = await cli(['import', join(dir, model), '--out', 'model.yaml'], work);
    expect(imported.code).toBe(0);
    expect(readFileSync(join(work, 'model.yaml'), 'utf8')).toMatch(/^format: 1\n/);
    for (const target of ['model.yaml', join(dir, model)]) {
      const run = await cli(['run', target, '--format', 'json'], work);
      expect(run.stderr).toBe('');
      const result = RunResult.parse(JSON.parse(run.stdout));
      // Matched as the conformance run matches: the published names and the labels, case and spaces aside.
      const [id, summary] = Object.entries(result.outputs).find(([, o]) => nameKey(o.label ?? '') === nameKey(column))!;
      const table = readTable(join(dir, output));
      const col = table.columns.indexOf(column);
      for (const row of table.rows) {
        const i = result.times.findIndex((t) => Math.abs(t - row[0]!) < 1e-3);
        expect(within(summary.mean[i]!, row[col]!), `${id} at ${row[0]}`).toBe(true);
      }
    }
  });
});
