import {
  compile,
  loadDocument,
  prepareSource,
  trialsAndSeed,
  type Model,
  type ParentResolver,
  type Problem,
  type Result,
  type ScenarioDocument,
} from '@foresight/core';
import { folderResolver, loadScenarioFolder, type ScenarioEntry, type ScenarioFolder } from '@foresight/node';
import { SizedCache } from './cache.js';
import type { ScenarioList, ScenarioSummary } from './schemas/api.js';

/**
 * The server's scenario folder, read once when the app is built: each id's
 * summary, resolved document and compiled model (so a request that names
 * an id compiles and resolves nothing).
 */
export interface Catalog {
  readonly folder: ScenarioFolder;
  readonly cwd: string;
  readonly resolve: ParentResolver;
  readonly ids: readonly string[];
  /**
   * The compiled model of an id, with its own outputs or the ones given
   * (with `ownOutputs`, those of them it defines), or its problems; kept for
   * the next request.
   */
  model(id: string, outputs?: readonly string[], ownOutputs?: boolean): Result<Model, Problem[]> | undefined;
  document(id: string): Result<ScenarioDocument, Problem[]> | undefined;
  list(): ScenarioList;
}

export function loadCatalog(dir: string, cwd: string): Catalog {
  const folder = loadScenarioFolder(dir, cwd);
  const resolve = folderResolver(folder);
  const entries = [...folder.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const ids = entries.map(([id]) => id);
  const documents = new Map<string, Result<ScenarioDocument, Problem[]>>();
  const models = new Map<string, Result<Model, Problem[]>>();
  const summaries: ScenarioSummary[] = [];
  for (const [id, entry] of entries) {
    // What prepareSource does, keeping the resolved document for GET /scenarios/:id.
    const loaded = loadDocument(entry.source, resolve);
    const model = loaded.ok ? compile(loaded.value.document, loaded.value.source) : loaded;
    documents.set(id, loaded.ok ? { ok: true, value: loaded.value.document } : loaded);
    models.set(id, model);
    summaries.push(summarize(entry, model));
  }
  // Models with outputs other than the scenario's: a dashboard asks for the same few again and again.
  const narrowed = new SizedCache<Result<Model, Problem[]>>(NARROWED_MODELS);
  return {
    folder,
    cwd,
    resolve,
    ids,
    model(id, outputs, ownOutputs = false) {
      const entry = folder.entries.get(id);
      if (!entry) return undefined;
      if (outputs === undefined) return models.get(id);
      const key = JSON.stringify([id, outputs, ownOutputs]);
      let model = narrowed.get(key);
      if (model === undefined) {
        model = prepareSource(entry.source, { resolve, outputs, ownOutputs });
        narrowed.set(key, model, modelBytes(entry, model));
      }
      return model;
    },
    document: (id) => documents.get(id),
    list: () => ({ scenarios: summaries, problems: [...folder.problems] }),
  };
}

/** Narrowed models kept: 64 MiB of them as `modelBytes` weighs them, none over 8 MiB. */
export const NARROWED_MODELS = { bytes: 64 * 2 ** 20, entryBytes: 8 * 2 ** 20 } as const;

/**
 * What a compiled model holds, about: its document and source (parsed from
 * the file's text, a few times its size), its generated evaluator's text and
 * a record per symbol. Problems weigh their text.
 */
export function modelBytes(entry: ScenarioEntry, model: Result<Model, Problem[]>): number {
  if (!model.ok) return 2 * entry.text.length + model.error.reduce((sum, p) => sum + 2 * p.message.length + 256, 0);
  const m = model.value;
  return 8 * entry.text.length + 2 * m.generatedSource.length + 256 * m.symbols.size + 8 * m.slotCount;
}

function summarize(entry: ScenarioEntry, model: Result<Model, Problem[]>): ScenarioSummary {
  const base = {
    id: entry.id,
    ...(entry.title !== undefined ? { title: entry.title } : {}),
    ...(entry.extends !== undefined ? { extends: entry.extends } : {}),
    file: entry.file,
  };
  if (!model.ok) return { ...base, valid: false, outputs: [], targets: 0, assumptions: 0, problems: model.error };
  const m = model.value;
  const doc = m.document;
  return {
    ...base,
    ...(doc.description !== undefined ? { description: doc.description.trim() } : {}),
    valid: true,
    ...trialsAndSeed(m, {}),
    times: Array.from(m.time.times),
    outputs: m.outputs.map((id) => {
      const unit = m.symbols.get(id)?.unit;
      const description = describeSymbol(doc, id);
      return { id, ...(unit !== undefined ? { unit } : {}), ...(description !== undefined ? { description } : {}) };
    }),
    targets: doc.targets?.length ?? 0,
    assumptions: doc.assumptions?.length ?? 0,
    problems: [],
  };
}

function describeSymbol(doc: ScenarioDocument, id: string): string | undefined {
  const stock = doc.stocks && Object.hasOwn(doc.stocks, id) ? doc.stocks[id] : undefined;
  if (stock?.description !== undefined) return stock.description;
  const variable = doc.variables && Object.hasOwn(doc.variables, id) ? doc.variables[id] : undefined;
  return typeof variable === 'object' ? variable.description : undefined;
}
