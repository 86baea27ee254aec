import {
  parseSource,
  prepareSource,
  type Model,
  type Problem,
  type Result,
  type SourceDocument,
  type TrialRunner,
} from '@foresight/core';
import type { PortableScenario } from './portable.js';

/** A compiled model and the runner a worker reuses for every range of trials. */
export interface CachedModel {
  readonly model: Model;
  runner: TrialRunner | undefined;
}

/** Compile a portable scenario exactly as the calling thread would: same texts, same file names, same problems. */
export function compilePortable(s: PortableScenario): Result<Model, Problem[]> {
  const [own, ...ancestors] = s.sources;
  if (!own)
    return {
      ok: false,
      error: [{ code: 'usage', message: 'no scenario source', file: '<pool>', path: [], line: 1, column: 1 }],
    };
  const src = parseSource(own.text, own.file);
  if (!src.ok) return src;
  const parents = new Map<string, SourceDocument>();
  for (const a of ancestors) {
    const parsed = parseSource(a.text, a.file);
    if (!parsed.ok) continue;
    const v = parsed.value.value as Record<string, unknown> | null;
    const id = a.id ?? (v && typeof v === 'object' && typeof v['id'] === 'string' ? v['id'] : undefined);
    if (id !== undefined && !parents.has(id)) parents.set(id, parsed.value);
  }
  const resolve = (id: string) => parents.get(id);
  return prepareSource(src.value, { resolve, outputs: s.outputs, ownOutputs: s.narrowOutputs });
}

/**
 * Compiled models of one worker, least recently used dropped first: a job
 * sends its scenario with every task, and each worker compiles it once.
 */
export class ModelCache {
  readonly #entries = new Map<string, Result<CachedModel, Problem[]>>();
  constructor(readonly capacity = 16) {}

  get(s: PortableScenario): Result<CachedModel, Problem[]> {
    const key = JSON.stringify([s.sources, s.outputs ?? null, s.narrowOutputs === true]);
    const hit = this.#entries.get(key);
    if (hit) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const compiled = compilePortable(s);
    const entry: Result<CachedModel, Problem[]> = compiled.ok
      ? { ok: true, value: { model: compiled.value, runner: undefined } }
      : compiled;
    this.#entries.set(key, entry);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    return entry;
  }
}
