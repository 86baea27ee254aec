/**
 * @foresight/import: other tools' models as scenario documents, and
 * scenarios as XMILE. Pure like core: text in, a document (with positions
 * in the original file) out.
 *
 * ```ts
 * const imported = importModel(text, 'teacup.mdl');
 * if (imported.ok) {
 *   const model = prepareSource(imported.value.source); // run it like any scenario
 *   writeFile('teacup.yaml', imported.value.yaml);
 * }
 * const xmile = exportXmile(document); // a scenario as an XMILE model
 * ```
 */
export { exportXmile } from './export/xmile.js';
export { importModel, IMPORT_LIMITS, isModelFile, MODEL_EXTENSIONS, modelFormat } from './import.js';
export type { ImportedModel, ModelFormat } from './import.js';
export { nameKey } from './names.js';
export { documentYaml } from './yaml.js';
