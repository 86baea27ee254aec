/**
 * @foresight/node: the Node-only adapters around the pure core — scenario
 * folders on disk (ids, `extends` across files, errors with file names; other
 * tools' models imported where scenarios are read).
 *
 * ```ts
 * const folder = loadScenarioFolder('scenarios');
 * const src = findScenario('baseline', folder);
 * const model = src.ok ? prepareSource(src.value, { resolve: folderResolver(folder) }) : src;
 * ```
 */
export {
  decodeModel,
  displayPath,
  findScenario,
  findScenarioText,
  folderResolver,
  isScenarioFile,
  loadScenarioFolder,
  readScenarioFile,
  readScenarioText,
  FOLDER_MODEL_EXTENSIONS,
  SCENARIO_EXTENSIONS,
} from './folder.js';
export type { ScenarioEntry, ScenarioFolder } from './folder.js';
export { inlineScenario, isInlineModel } from './inline.js';
export type { InlineModel } from './inline.js';
export { loadModel } from './load.js';
export { portableScenario, portableValue } from './pool/portable.js';
export type { PortableScenario, PortableSource } from './pool/portable.js';
export { createRunPool, DEFAULT_MAX_QUEUE, PoolBusyError, PoolClosedError } from './pool/pool.js';
export type { JobOptions, PoolOptions, QuantileOption, RunPool } from './pool/pool.js';
