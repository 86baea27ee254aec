import { fileURLToPath } from 'node:url';
import { prepareValue, type Model } from '@foresight/core';
import { loadModel, loadScenarioFolder, type ScenarioFolder } from '../src/index.js';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const folder: ScenarioFolder = loadScenarioFolder('scenarios', root);

/** A scenario of the repository's folder, compiled in this thread (`ownOutputs`: as a comparison narrows it). */
export function compiled(ref: string, outputs?: readonly string[], ownOutputs = false): Model {
  const m = loadModel(ref, folder, { cwd: root, outputs, ownOutputs });
  if (!m.ok) throw new Error(m.error.map((p) => p.message).join('\n'));
  return m.value;
}

/** An inline document, compiled as an API body is (extends resolved in the repository's folder). */
export function inline(doc: unknown, file?: string): Model {
  const m = prepareValue(doc, { resolve: (id) => folder.entries.get(id)?.source, ...(file ? { file } : {}) });
  if (!m.ok) throw new Error(m.error.map((p) => p.message).join('\n'));
  return m.value;
}

/** Every number bit for bit: -0 and non-finite values tagged (JSON would lose them), elapsed_ms aside. */
export const exact = (doc: unknown): string =>
  JSON.stringify(doc, (key, v: unknown) => {
    if (key === 'elapsed_ms') return 0;
    if (typeof v === 'number' && (Object.is(v, -0) || !Number.isFinite(v)))
      return `#${Object.is(v, -0) ? '-0' : String(v)}`;
    return v;
  });
