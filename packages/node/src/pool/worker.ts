/**
 * The worker thread of a RunPool (piscina loads this file): every task is a
 * pure function of its message and the shared buffers it names, computed with
 * the same core functions a single-threaded run uses.
 */
import {
  addCounts,
  blockPartials,
  countsLength,
  err,
  evaluateTargets,
  newErrorTracker,
  outputColumnStats,
  pairedStats,
  pilotBounds,
  runShape,
  simulateInto,
  streamedPairedStats,
  streamedSummaries,
  type BlockView,
  type Model,
  type ScenarioFailure,
} from '@foresight/core';
import { move } from 'piscina';
import { ModelCache, type CachedModel } from './models.js';
import type {
  BoundsTask,
  CheckReply,
  FinishPairedTask,
  FinishRunReply,
  FinishRunTask,
  PairedTask,
  PrepareReply,
  SimulateReply,
  StatsTask,
  StreamFailures,
  StreamTask,
  Task,
  TargetsReply,
} from './protocol.js';
import { sensitivityTask } from './sensitivity-worker.js';

const models = new ModelCache();
let scratch = new Float64Array(0);
let localCounts = new Uint32Array(0);
/** One block buffer per compiled model, reused by every stream task. */
const blockBuffers = new WeakMap<Model, Float64Array>();

/** A scratch buffer of at least `n` values, kept between tasks. */
function scratchOf(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(n);
  return scratch;
}

function compiled(task: { scenario: Parameters<ModelCache['get']>[0] }): CachedModel {
  const m = models.get(task.scenario);
  // The pool prepares every scenario before it sends work for it.
  if (!m.ok) throw new Error(`internal: a task for a scenario that does not compile: ${m.error[0]?.message ?? ''}`);
  return m.value;
}

function prepare(task: Extract<Task, { kind: 'prepare' }>): PrepareReply {
  const m = models.get(task.scenario);
  return m.ok ? { ok: true, shape: runShape(m.value.model) } : { ok: false, problems: m.error };
}

function simulate(task: Extract<Task, { kind: 'simulate' }>): SimulateReply {
  const entry = compiled(task);
  entry.runner ??= entry.model.instantiate();
  const failure = simulateInto(
    entry.model,
    { seed: task.seed, from: task.from, to: task.to, runner: entry.runner },
    task.values,
    task.stride,
    0,
  );
  return { failure };
}

function stats(task: StatsTask): unknown {
  return move(outputColumnStats(task.shape, task.values, task.n, task.from, task.to, scratchOf(task.n)));
}

function targets(task: Extract<Task, { kind: 'targets' }>): TargetsReply {
  const model = compiled(task).model;
  return evaluateTargets(model, { from: 0, to: task.n, times: model.time.times.length, values: task.values });
}

function paired(task: PairedTask): unknown {
  return move(
    pairedStats(task.plan, task.quantiles, task.base, task.alt, task.n, scratchOf(task.n), task.from, task.to),
  );
}

function bounds(task: BoundsTask): undefined {
  const views = task.pilots.map((values) => ({ values, stride: task.pilotLen, offset: 0 }));
  pilotBounds(task.columns, views, task.pilotLen, task.bounds, task.from, task.to, scratchOf(task.pilotLen));
  return undefined;
}

function stream(task: StreamTask): unknown {
  const entries = task.scenarios.slice(0, task.relevant).map((s) => compiled({ scenario: s }));
  const failures: ScenarioFailure[] = [];
  const parts: Float64Array[] = [];
  if (task.stats && localCounts.length !== countsLength(task.bounds))
    localCounts = new Uint32Array(countsLength(task.bounds));
  for (let from = task.from; from < task.to; from += task.block) {
    const to = Math.min(task.to, from + task.block);
    let views: BlockView[];
    if (to <= task.pilotLen) views = task.pilots.map((values) => ({ values, stride: task.pilotLen, offset: from }));
    else {
      views = entries.map((entry, i) => {
        const m = entry.model;
        const size = m.recorded.length * m.time.times.length * task.block;
        let buffer = blockBuffers.get(m);
        if (buffer?.length !== size) {
          buffer = new Float64Array(size);
          blockBuffers.set(m, buffer);
        }
        if (failures.some((f) => f.scenario === i)) return { values: buffer, stride: to - from, offset: 0 };
        entry.runner ??= m.instantiate();
        const f = simulateInto(m, { seed: task.seed, from, to, runner: entry.runner }, buffer, to - from, from);
        if (f) failures.push({ ...f, scenario: i });
        return { values: buffer, stride: to - from, offset: 0 };
      });
    }
    if (task.stats && failures.length === 0)
      parts.push(blockPartials(task.columns, views, to - from, task.bounds, localCounts, scratchOf(task.block)));
  }
  if (failures.length > 0 || !task.stats) {
    localCounts.fill(0);
    return { failures } satisfies StreamFailures;
  }
  addCounts(task.counts, localCounts, true);
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return move(out);
}

function finishRun(task: FinishRunTask): FinishRunReply {
  return streamedSummaries(compiled(task).model, task.shape, task, task.first);
}

function finishPaired(task: FinishPairedTask): unknown {
  const err = newErrorTracker();
  const packed = streamedPairedStats(task.plan, task.quantiles, task, task.first, err);
  const out = new Float64Array(packed.length + 1);
  out.set(packed);
  out[packed.length] = err[0]!;
  return move(out);
}

/** fast-check loads with the first check, not with every worker. */
async function check(task: Extract<Task, { kind: 'check' }>): Promise<CheckReply> {
  const m = models.get(task.scenario);
  if (!m.ok) return err(m.error);
  const { checkScenario } = await import('@foresight/check');
  // The engine's own bound on a check's work holds here too, whatever the caller checked before.
  return checkScenario(m.value.model, { runs: task.runs, seed: task.seed });
}

export default function handle(task: Task): unknown {
  switch (task.kind) {
    case 'prepare':
      return prepare(task);
    case 'simulate':
      return simulate(task);
    case 'stats':
      return stats(task);
    case 'targets':
      return targets(task);
    case 'paired':
      return paired(task);
    case 'check':
      return check(task);
    case 'bounds':
      return bounds(task);
    case 'stream':
      return stream(task);
    case 'finish-run':
      return finishRun(task);
    case 'finish-paired':
      return finishPaired(task);
    case 'sensitivity':
      return sensitivityTask(task, models);
    default:
      return task satisfies never;
  }
}
