import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { prepareSource } from '@foresight/core';
import { exportXmile } from '@foresight/import';
import { findScenario, folderResolver, loadScenarioFolder } from '@foresight/node';
import { EXIT, type CliIO } from '../io.js';
import { printProblems } from '../problems.js';

export const EXPORT_FORMATS = ['xmile'] as const;

/**
 * `foresight export SCENARIO --to xmile [--out model.xmile]`: a scenario
 * (file or id, `extends` resolved) as a model other tools open. What the
 * target format cannot hold is a problem, and nothing is written.
 */
export function exportCommand(
  io: CliIO,
  scenario: string,
  opts: { to: (typeof EXPORT_FORMATS)[number]; out?: string; scenarios: string },
): number {
  const folder = loadScenarioFolder(opts.scenarios, io.cwd);
  const src = findScenario(scenario, folder, io.cwd);
  if (!src.ok) return printProblems(io, src.error);
  const model = prepareSource(src.value, { resolve: folderResolver(folder) });
  if (!model.ok) return printProblems(io, model.error);
  const xmile = exportXmile(model.value.document, { source: model.value.source });
  if (!xmile.ok) return printProblems(io, xmile.error);
  if (opts.out === undefined) {
    io.stdout(xmile.value);
    return EXIT.ok;
  }
  try {
    writeFileSync(resolve(io.cwd, opts.out), xmile.value);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? String(e);
    return printProblems(io, [
      { code: 'io', message: `cannot write the file: ${why}`, file: opts.out, path: [], line: 1, column: 1 },
    ]);
  }
  return EXIT.ok;
}
