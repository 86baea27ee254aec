/**
 * The engine as the page's worker holds it: the edited text read, its
 * `extends` resolved against the server folder's documents (fetched as they
 * are first met), compiled, and run when the work is within the browser's
 * limit. Everything numeric is @foresight/core's, the same code the server
 * runs, so the same document and seed give the same numbers.
 */
import {
  compareModels,
  parseSource,
  planSensitivity,
  prepareSource,
  runModel,
  runOperations,
  sensitivity,
  trialsAndSeed,
  type CheckReport,
  type ComparisonResult,
  type Model,
  type Problem,
  type Result,
  type RunResult,
  type SensitivityResult,
  type SourceDocument,
} from '@foresight/core';
import { BROWSER_WORK_LIMIT } from '../limits.js';
import type { Outcome, Prepared, RunSettings, SensitivityAsk } from '../protocol.js';

export interface FolderEntry {
  readonly id: string;
  readonly file: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parents fetched so far, by id (`null`: fetched, but unreadable; core then names the problem). */
const parents = new Map<string, SourceDocument | null>();
let folder = new Map<string, FolderEntry>();

export function setFolder(entries: readonly FolderEntry[]): void {
  folder = new Map(entries.map((e) => [e.id, e]));
  parents.clear();
}

async function fetchParent(id: string): Promise<SourceDocument | null> {
  const entry = folder.get(id);
  if (entry === undefined) return null;
  const response = await fetch(`/scenarios/${encodeURIComponent(id)}?format=source`);
  if (!response.ok) return null;
  const parsed = parseSource(await response.text(), entry.file);
  return parsed.ok ? parsed.value : null;
}

/** Fetch every folder document the `extends` chain from `value` needs, so resolving can be synchronous. */
async function fetchChain(value: unknown, also: readonly string[]): Promise<void> {
  const pending = [...also];
  const parentOf = (v: unknown) => (isRecord(v) && typeof v['extends'] === 'string' ? v['extends'] : undefined);
  const first = parentOf(value);
  if (first !== undefined) pending.push(first);
  const seen = new Set<string>();
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (seen.has(id) || !folder.has(id)) continue;
    seen.add(id);
    if (!parents.has(id)) parents.set(id, await fetchParent(id));
    const next = parentOf(parents.get(id)?.value);
    if (next !== undefined) pending.push(next);
  }
}

const resolve = (id: string): SourceDocument | undefined => parents.get(id) ?? undefined;

interface Compiled {
  readonly base: Model;
  /** The base with its own outputs, for the page's list of outputs. */
  readonly full: Model;
  readonly alternatives: readonly Model[];
  readonly value: unknown;
  readonly trials: number;
  readonly seed: number;
  readonly operations: number;
}

/** The last few compilations: a run follows the prepare of the same text, and undo comes back to a text. */
const cache = new Map<string, Result<Compiled, Problem[]>>();
const CACHE_SIZE = 8;

async function compileAll(text: string, file: string, settings: RunSettings): Promise<Result<Compiled, Problem[]>> {
  const key = JSON.stringify([text, file, settings]);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const compiled = await compileFresh(text, file, settings);
  cache.set(key, compiled);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return compiled;
}

async function compileFresh(text: string, file: string, settings: RunSettings): Promise<Result<Compiled, Problem[]>> {
  const src = parseSource(text, file);
  if (!src.ok) return src;
  await fetchChain(src.value.value, settings.alternatives);
  const full = prepareSource(src.value, { resolve });
  if (!full.ok) return full;
  const compare = settings.alternatives.length > 0;
  const narrow = { resolve, outputs: settings.outputs, ownOutputs: compare };
  const base = settings.outputs === undefined ? full : prepareSource(src.value, narrow);
  if (!base.ok) return base;
  const problems: Problem[] = [];
  const alternatives: Model[] = [];
  for (const id of settings.alternatives) {
    const parent = parents.get(id);
    if (!parent) {
      problems.push({
        code: 'extends',
        message: `no scenario '${id}' in the server's folder`,
        file,
        path: [],
        line: 1,
        column: 1,
      });
      continue;
    }
    const alt = prepareSource(parent, narrow);
    if (alt.ok) alternatives.push(alt.value);
    else problems.push(...alt.error);
  }
  if (problems.length > 0) return { ok: false, error: problems };
  const { trials, seed } = trialsAndSeed(base.value, settings);
  const operations = [base.value, ...alternatives].reduce((sum, m) => sum + runOperations(m, trials), 0);
  return {
    ok: true,
    value: { base: base.value, full: full.value, alternatives, value: src.value.value, trials, seed, operations },
  };
}

const outcome = <T>(r: Result<T, Problem[]>): Outcome<T> => (r.ok ? r : { ok: false, problems: r.error });

export async function prepare(text: string, file: string, settings: RunSettings): Promise<Outcome<Prepared>> {
  const compiled = await compileAll(text, file, settings);
  if (!compiled.ok) return { ok: false, problems: compiled.error };
  const { full, value, trials, seed, operations } = compiled.value;
  const doc = full.document;
  return {
    ok: true,
    value: {
      id: doc.id,
      title: doc.title,
      value,
      times: Array.from(full.time.times),
      trials,
      seed,
      outputs: full.outputs.map((id) => ({ id, unit: full.symbols.get(id)?.unit })),
      targets: doc.targets?.length ?? 0,
      assumptions: doc.assumptions?.length ?? 0,
      operations,
    },
  };
}

export async function run(
  text: string,
  file: string,
  settings: RunSettings,
  onProgress: (done: number, total: number) => void,
): Promise<Outcome<RunResult | ComparisonResult>> {
  const compiled = await compileAll(text, file, settings);
  if (!compiled.ok) return { ok: false, problems: compiled.error };
  const c = compiled.value;
  if (c.operations > BROWSER_WORK_LIMIT) return { ok: false, over: c.operations };
  const options = { trials: c.trials, seed: c.seed, onProgress };
  if (c.alternatives.length === 0) return outcome(runModel(c.base, options));
  return outcome(
    compareModels(c.base, c.alternatives, {
      ...options,
      ...(settings.outputs !== undefined ? { outputs: settings.outputs } : {}),
    }),
  );
}

const noAlternatives: RunSettings = { alternatives: [] };

export async function analyse(
  text: string,
  file: string,
  ask: SensitivityAsk,
  onProgress: (done: number, total: number) => void,
): Promise<Outcome<SensitivityResult>> {
  const compiled = await compileAll(text, file, noAlternatives);
  if (!compiled.ok) return { ok: false, problems: compiled.error };
  const model = compiled.value.full;
  const settings = {
    output: ask.output,
    method: ask.method,
    ...(ask.at !== undefined ? { at: ask.at } : {}),
    ...(ask.seed !== undefined ? { seed: ask.seed } : {}),
    ...(ask.method === 'sobol' && ask.samples !== undefined ? { samples: ask.samples } : {}),
  };
  const plan = planSensitivity(model, settings);
  if (!plan.ok) return { ok: false, problems: plan.error };
  const operations = plan.value.runs * model.trialOperations;
  if (operations > BROWSER_WORK_LIMIT) return { ok: false, over: operations };
  return outcome(sensitivity(model, settings, { onProgress }));
}

export async function check(text: string, file: string, runs: number, seed?: number): Promise<Outcome<CheckReport>> {
  const compiled = await compileAll(text, file, noAlternatives);
  if (!compiled.ok) return { ok: false, problems: compiled.error };
  const model = compiled.value.full;
  // Each property run probes one trial (two for `monotone`); shrinking a counterexample comes on top.
  const probes = (model.document.assumptions ?? []).reduce((n, a) => n + ('holds' in a ? 1 : 2) * runs, 0);
  const operations = probes * model.trialOperations;
  if (operations > BROWSER_WORK_LIMIT) return { ok: false, over: operations };
  // fast-check is a fifth of the engine's download: fetched on the first check only.
  const { checkScenario } = await import('@foresight/check');
  return outcome(checkScenario(model, { runs, seed: seed ?? model.document.seed ?? 1 }));
}
