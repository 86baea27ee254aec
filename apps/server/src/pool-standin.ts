/*
 * TEMPORARY in-process stand-in for @foresight/node's worker pool (branch
 * `perf`), with the same interface, so the routes can be written and tested
 * before the pool lands. It runs on the main thread. Delete on merge.
 */
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import {
  compareModels,
  err,
  ok,
  parseSource,
  prepareSource,
  runModel,
  type CheckReport,
  type ComparisonResult,
  type Model,
  type Problem,
  type Result,
  type RunResult,
  type SourceDocument,
} from '@foresight/core';
import { checkAssumptions } from '@foresight/check';
import type { ScenarioFolder } from '@foresight/node';

export interface PortableScenario {
  readonly sources: readonly { readonly text: string; readonly file: string }[];
  readonly outputs?: readonly string[] | undefined;
}
export interface PoolOptions { readonly workers?: number; readonly maxQueue?: number }
export interface JobOptions { readonly signal?: AbortSignal; readonly onProgress?: (done: number, total: number) => void }
export interface RunPool {
  run(s: PortableScenario, o?: { trials?: number; seed?: number } & JobOptions): Promise<Result<RunResult, Problem[]>>;
  compare(base: PortableScenario, alternatives: readonly PortableScenario[], o?: { trials?: number; seed?: number; outputs?: readonly string[] } & JobOptions): Promise<Result<ComparisonResult, Problem[]>>;
  check(s: PortableScenario, o?: { runs?: number; seed?: number } & JobOptions): Promise<Result<CheckReport, Problem[]>>;
  readonly workers: number;
  readonly pending: number;
  close(): Promise<void>;
}
export class PoolBusyError extends Error {}

function chain(id: string | undefined, folder: ScenarioFolder, cwd: string): { text: string; file: string }[] {
  const out: { text: string; file: string }[] = [];
  const seen = new Set<string>();
  while (id !== undefined && !seen.has(id)) {
    seen.add(id);
    const entry = folder.entries.get(id);
    if (!entry) break;
    out.push({ text: readFileSync(resolvePath(cwd, entry.file), 'utf8'), file: entry.file });
    id = entry.extends;
  }
  return out;
}

export function portableScenario(ref: string, folder: ScenarioFolder, options: { outputs?: readonly string[]; cwd?: string } = {}): Result<PortableScenario, Problem[]> {
  const cwd = options.cwd ?? process.cwd();
  if (!folder.entries.has(ref)) return err([{ code: 'usage', message: `no scenario '${ref}'`, file: ref, path: [], line: 1, column: 1 }]);
  return ok({ sources: chain(ref, folder, cwd), outputs: options.outputs });
}

export function portableValue(value: unknown, folder: ScenarioFolder | undefined, options: { outputs?: readonly string[]; file?: string } = {}): Result<PortableScenario, Problem[]> {
  const file = `${options.file ?? '<request>'}.json`;
  const parent = typeof value === 'object' && value !== null && 'extends' in value ? (value as { extends: unknown }).extends : undefined;
  const parents = folder && typeof parent === 'string' ? chain(parent, folder, process.cwd()) : [];
  return ok({ sources: [{ text: JSON.stringify(value, null, 2), file }, ...parents], outputs: options.outputs });
}

function model(s: PortableScenario): Result<Model, Problem[]> {
  const parsed: SourceDocument[] = [];
  for (const src of s.sources) {
    const p = parseSource(src.text, src.file);
    if (!p.ok) return p;
    parsed.push(p.value);
  }
  const [first, ...rest] = parsed;
  const byId = new Map(rest.map((d) => [String((d.value as { id?: unknown }).id), d]));
  return prepareSource(first!, { resolve: (id) => byId.get(id), outputs: s.outputs });
}

export function createRunPool(options: PoolOptions = {}): RunPool {
  let pending = 0;
  const maxQueue = options.maxQueue ?? Infinity;
  const job = <T>(signal: AbortSignal | undefined, work: () => Result<T, Problem[]>): Promise<Result<T, Problem[]>> => {
    if (pending >= maxQueue + 1) return Promise.reject(new PoolBusyError('the queue is full'));
    pending++;
    return new Promise<Result<T, Problem[]>>((res, rej) => {
      setImmediate(() => {
        try {
          if (signal?.aborted) rej(signal.reason);
          else res(work());
        } finally {
          pending--;
        }
      });
    });
  };
  return {
    run: (s, o = {}) => job(o.signal, () => { const m = model(s); return m.ok ? runModel(m.value, o) : m; }),
    compare: (base, alts, o = {}) => job(o.signal, () => {
      const all = [base, ...alts].map(model);
      const bad = all.flatMap((m) => (m.ok ? [] : m.error));
      if (bad.length > 0) return err(bad);
      const models = all.map((m) => (m.ok ? m.value : undefined!));
      return compareModels(models[0]!, models.slice(1), o);
    }),
    check: (s, o = {}) => job(o.signal, () => { const m = model(s); return m.ok ? ok(checkAssumptions(m.value, o)) : m; }),
    workers: 1,
    get pending() { return pending; },
    close: async () => {},
  };
}
