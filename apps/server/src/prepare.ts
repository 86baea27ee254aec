import { parseSource, prepareSource, type Model, type Problem, type Result } from '@foresight/core';
import { inlineScenario } from '@foresight/node';
import type { Catalog } from './catalog.js';
import { ApiError, problemsError, ProblemsError } from './errors.js';
import type { StoredScenario } from './store/index.js';

/**
 * Scenarios users stored (`PUT /scenarios/{id}`) that a request names, by
 * id, fetched from the store before the request is compiled.
 */
export type StoredRefs = ReadonlyMap<string, StoredScenario>;

/** The file name a stored scenario's problems carry: its id, with the extension of the text it was sent as. */
export const storedFile = (s: StoredScenario): string => `${s.id}.${s.format === 'json' ? 'json' : 'yaml'}`;

/** Compile a stored scenario's text (its `extends` resolves to the folder's scenarios). */
export function compileStored(
  catalog: Catalog,
  stored: StoredScenario,
  outputs?: readonly string[],
  ownOutputs = false,
): Result<Model, Problem[]> {
  const src = parseSource(stored.source, storedFile(stored));
  return src.ok ? prepareSource(src.value, { resolve: catalog.resolve, outputs, ownOutputs }) : src;
}

export type ScenarioRef = string | Readonly<Record<string, unknown>>;

/**
 * The file name problems of an inline document carry: where it stood in the
 * request, so that `<alternatives[1]>.json:4:7` says which one it is.
 */
export const inlineLabel = (where: string): string => `<${where}>`;

export function notFound(catalog: Catalog, id: string): ApiError {
  const known = catalog.ids.join(', ') || 'none';
  return new ApiError(
    'not-found',
    `no scenario '${id}' in the server's folder (ids: ${known}) or among the stored ones (GET /scenarios)`,
    { ids: [...catalog.ids] },
  );
}

/**
 * Compile a scenario a request names (an id of the folder, never a path: a
 * request cannot make the server read files) or carries inline (a document,
 * or a model of another tool with its format). An unknown id is a 404.
 * `ownOutputs` narrows `outputs` to the ids the scenario defines, as a
 * comparison does.
 */
export function compileRef(
  catalog: Catalog,
  ref: ScenarioRef,
  where: string,
  outputs?: readonly string[],
  ownOutputs = false,
  stored: StoredRefs = new Map(),
): Result<Model, Problem[]> {
  if (typeof ref !== 'string') {
    // A document, or another tool's model given with its format (imported here, as the CLI imports files).
    const src = inlineScenario(ref, inlineLabel(where));
    return src.ok ? prepareSource(src.value.source, { resolve: catalog.resolve, outputs, ownOutputs }) : src;
  }
  const model = catalog.model(ref, outputs, ownOutputs);
  if (model) return model;
  const mine = stored.get(ref);
  if (mine) return compileStored(catalog, mine, outputs, ownOutputs);
  throw notFound(catalog, ref);
}

/** Compile; problems are a 422. */
export function prepare(
  catalog: Catalog,
  ref: ScenarioRef,
  where: string,
  outputs?: readonly string[],
  stored?: StoredRefs,
): Model {
  const model = compileRef(catalog, ref, where, outputs, false, stored);
  if (!model.ok) throw problemsError(model.error);
  return model.value;
}

/**
 * Every scenario of a request, each narrowed to the `outputs` it defines (as
 * the CLI's `compare`: an id only some define is reported absent from the
 * others); the problems of all of them in one 422, as the CLI prints every
 * problem at once.
 */
export function prepareAll(
  catalog: Catalog,
  refs: readonly (readonly [ScenarioRef, string])[],
  outputs: readonly string[] | undefined,
  stored?: StoredRefs,
): Model[] {
  const done: Model[] = [];
  const problems: Problem[] = [];
  for (const [ref, where] of refs) {
    try {
      const model = compileRef(catalog, ref, where, outputs, true, stored);
      if (model.ok) done.push(model.value);
      else problems.push(...model.error);
    } catch (e) {
      if (!(e instanceof ProblemsError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length > 0) throw problemsError(problems);
  return done;
}
