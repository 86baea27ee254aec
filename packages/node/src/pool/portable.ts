import { ok, type Problem, type Result } from '@foresight/core';
import { findScenarioText, type ScenarioFolder } from '../folder.js';
import { inlineScenario } from '../inline.js';

/**
 * A scenario as plain text that any thread can compile: the scenario's own
 * source and those of the ancestors its `extends` chain names, so a worker
 * parses exactly what the calling thread would have and reports the same
 * problems at the same positions.
 */
export interface PortableScenario {
  /** sources[0] is the scenario; the others are the ancestors its `extends` chain needs, looked up by their `id`. */
  readonly sources: readonly PortableSource[];
  /** Report only these ids (as RunOptions.outputs / prepareSource's outputs). */
  readonly outputs?: readonly string[] | undefined;
  /**
   * With `outputs`: keep only the ids this scenario defines, as `foresight
   * compare` does for each compared scenario (an id only some define is then
   * reported absent from the others).
   */
  readonly narrowOutputs?: boolean | undefined;
}

export interface PortableSource {
  readonly text: string;
  readonly file: string;
  /** The id the folder knows the source by, when it differs from the document's own `id` (a file without one). */
  readonly id?: string | undefined;
}

/**
 * A scenario reference (a path or an id in the folder) with its ancestors'
 * texts. A missing or looping ancestor is not an error here: the worker's
 * compilation reports it exactly as a single-threaded one does.
 */
export function portableScenario(
  ref: string,
  folder: ScenarioFolder,
  options: { outputs?: readonly string[]; cwd?: string } = {},
): Result<PortableScenario, Problem[]> {
  const found = findScenarioText(ref, folder, options.cwd);
  if (!found.ok) return found;
  return ok(
    withAncestors(
      { text: found.value.text, file: found.value.source.file },
      found.value.source.value,
      folder,
      options.outputs,
    ),
  );
}

/**
 * An inline document (an API body) that may `extends` an id in the folder,
 * or an inline model of another tool: its text is what `inlineScenario`
 * gives (the document as JSON, the imported model as YAML).
 */
export function portableValue(
  value: unknown,
  folder: ScenarioFolder | undefined,
  options: { outputs?: readonly string[]; file?: string } = {},
): Result<PortableScenario, Problem[]> {
  const src = inlineScenario(value, options.file);
  if (!src.ok) return src;
  const { text, source } = src.value;
  return ok(withAncestors({ text, file: source.file }, source.value, folder, options.outputs));
}

function withAncestors(
  own: PortableSource,
  value: unknown,
  folder: ScenarioFolder | undefined,
  outputs: readonly string[] | undefined,
): PortableScenario {
  const sources: PortableSource[] = [own];
  const taken = new Set<string>();
  let parent = extendsOf(value);
  while (parent !== undefined && folder && !taken.has(parent)) {
    const entry = folder.entries.get(parent);
    if (!entry) break;
    taken.add(parent);
    const ownId = idOf(entry.source.value);
    sources.push({ text: entry.text, file: entry.file, ...(ownId !== entry.id ? { id: entry.id } : {}) });
    parent = entry.extends;
  }
  return { sources, ...(outputs !== undefined ? { outputs: [...outputs] } : {}) };
}

const field = (value: unknown, key: string): string | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = (value as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : undefined;
};
const extendsOf = (value: unknown) => field(value, 'extends');
const idOf = (value: unknown) => field(value, 'id');
