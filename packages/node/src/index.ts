/**
 * @foresight/node: the Node-only adapters around the pure core — scenario
 * folders on disk (ids, `extends` across files, errors with file names).
 *
 * ```ts
 * const folder = loadScenarioFolder('scenarios');
 * const src = findScenario('baseline', folder);
 * const model = src.ok ? prepareSource(src.value, { resolve: folderResolver(folder) }) : src;
 * ```
 */
export {
  displayPath,
  findScenario,
  folderResolver,
  isScenarioFile,
  loadScenarioFolder,
  readScenarioFile,
  SCENARIO_EXTENSIONS,
} from './folder.js';
export type { ScenarioEntry, ScenarioFolder } from './folder.js';
export { loadModel } from './load.js';
