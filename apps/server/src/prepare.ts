import { prepareSource, type Model, type Problem, type Result } from '@foresight/core';
import { inlineScenario, portableScenario, portableValue, type PortableScenario } from '@foresight/node';
import type { Catalog } from './catalog.js';
import { ApiError, problemsError, ProblemsError } from './errors.js';

/** A scenario of a request, ready for the pool, with its model compiled here so limits are checked before any work is queued. */
export interface Prepared {
  readonly portable: PortableScenario;
  readonly model: Model;
}

export type ScenarioRef = string | Readonly<Record<string, unknown>>;

/**
 * The file name problems of an inline document carry: where it stood in the
 * request, so that `<alternatives[1]>.json:4:7` says which one it is.
 */
export const inlineLabel = (where: string): string => `<${where}>`;

export function notFound(catalog: Catalog, id: string): ApiError {
  const known = catalog.ids.join(', ') || 'none';
  return new ApiError('not-found', `no scenario '${id}' in the server's folder (ids: ${known})`, {
    ids: [...catalog.ids],
  });
}

/**
 * Compile a scenario a request names (an id of the folder, never a path: a
 * request cannot make the server read files) or carries inline (a document,
 * or a model of another tool with its format). An unknown id is a 404.
 */
export function compileRef(
  catalog: Catalog,
  ref: ScenarioRef,
  where: string,
  outputs?: readonly string[],
): Result<Model, Problem[]> {
  if (typeof ref !== 'string') {
    // A document, or another tool's model given with its format (imported here, as the CLI imports files).
    const src = inlineScenario(ref, inlineLabel(where));
    return src.ok ? prepareSource(src.value.source, { resolve: catalog.resolve, outputs }) : src;
  }
  const model = catalog.model(ref, outputs);
  if (!model) throw notFound(catalog, ref);
  return model;
}

function portableOf(
  catalog: Catalog,
  ref: ScenarioRef,
  where: string,
  outputs: readonly string[] | undefined,
): PortableScenario {
  const opts = outputs === undefined ? {} : { outputs };
  const portable =
    typeof ref === 'string'
      ? portableScenario(ref, catalog.folder, { ...opts, cwd: catalog.cwd })
      : portableValue(ref, catalog.folder, { ...opts, file: inlineLabel(where) });
  if (!portable.ok) throw problemsError(portable.error);
  return portable.value;
}

/** Compile and make portable; problems are a 422. */
export function prepare(catalog: Catalog, ref: ScenarioRef, where: string, outputs?: readonly string[]): Prepared {
  const model = compileRef(catalog, ref, where, outputs);
  if (!model.ok) throw problemsError(model.error);
  return { model: model.value, portable: portableOf(catalog, ref, where, outputs) };
}

/**
 * As the CLI's `compare`: a scenario records only its own symbols, so the
 * requested outputs are narrowed per scenario to the ids it defines, and an
 * id only some define is reported absent from the others.
 */
export function prepareNarrowed(
  catalog: Catalog,
  ref: ScenarioRef,
  where: string,
  outputs: readonly string[] | undefined,
): Prepared {
  if (outputs === undefined) return prepare(catalog, ref, where);
  const full = compileRef(catalog, ref, where);
  if (!full.ok) throw problemsError(full.error);
  return prepare(
    catalog,
    ref,
    where,
    outputs.filter((id) => full.value.symbols.has(id)),
  );
}

/**
 * Every scenario of a request, each narrowed to `outputs`; the problems of
 * all of them in one 422, as the CLI prints every problem at once.
 */
export function prepareAll(
  catalog: Catalog,
  refs: readonly (readonly [ScenarioRef, string])[],
  outputs: readonly string[] | undefined,
): Prepared[] {
  const done: Prepared[] = [];
  const problems: Problem[] = [];
  for (const [ref, where] of refs) {
    try {
      done.push(prepareNarrowed(catalog, ref, where, outputs));
    } catch (e) {
      if (!(e instanceof ProblemsError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length > 0) throw problemsError(problems);
  return done;
}
