import { prepareSource, type Model, type PrepareOptions, type Problem, type Result } from '@foresight/core';
import { findScenario, folderResolver, type ScenarioFolder } from './folder.js';

/** A scenario reference (path or id) to a compiled model, `extends` resolved in the folder. */
export function loadModel(
  ref: string,
  folder: ScenarioFolder,
  options: Pick<PrepareOptions, 'outputs' | 'ownOutputs'> & { cwd?: string } = {},
): Result<Model, Problem[]> {
  const src = findScenario(ref, folder, options.cwd);
  if (!src.ok) return src;
  return prepareSource(src.value, {
    resolve: folderResolver(folder),
    outputs: options.outputs,
    ownOutputs: options.ownOutputs,
  });
}
