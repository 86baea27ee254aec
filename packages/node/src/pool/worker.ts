/**
 * The worker thread of a RunPool (piscina loads this file): every task is a
 * pure function of its message and the shared buffers it names, computed with
 * the same core functions a single-threaded run uses.
 */
import { checkAssumptions } from '@foresight/check';
import {
  err,
  ok,
  outputColumnStats,
  pairedStats,
  runShape,
  simulateInto,
  statistic,
  targetResults,
  type Model,
} from '@foresight/core';
import { move } from 'piscina';
import { ModelCache, type CachedModel } from './models.js';
import type { CheckReply, PairedTask, PrepareReply, SimulateReply, StatsTask, Task, TargetsReply } from './protocol.js';
import { sensitivityTask } from './sensitivity-worker.js';

const models = new ModelCache();
let scratch = new Float64Array(0);

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
  const failure = simulateInto(entry.model, { seed: task.seed, from: task.from, to: task.to, runner: entry.runner }, task.values, task.stride, 0);
  return { failure };
}

function stats(task: StatsTask): unknown {
  return move(outputColumnStats(task.shape, task.values, task.n, task.from, task.to, scratchOf(task.n)));
}

function targets(task: Extract<Task, { kind: 'targets' }>): TargetsReply {
  const model: Model = compiled(task).model;
  const T = model.time.times.length;
  return targetResults(model, (id, r, stat) => {
    const start = (model.recorded.indexOf(id) * T + r) * task.n;
    return statistic(task.values.subarray(start, start + task.n), stat);
  });
}

function paired(task: PairedTask): unknown {
  return move(pairedStats(task.plan, task.quantiles, task.base, task.alt, task.n, scratchOf(task.n), task.from, task.to));
}

function check(task: Extract<Task, { kind: 'check' }>): CheckReply {
  const m = models.get(task.scenario);
  if (!m.ok) return err(m.error);
  return ok(checkAssumptions(m.value.model, { runs: task.runs, seed: task.seed }));
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
    case 'sensitivity':
      return sensitivityTask(task, models);
    default:
      return task satisfies never;
  }
}
