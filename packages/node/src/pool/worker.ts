/**
 * A worker thread (piscina loads this file through `worker-entry.cjs`): the
 * one generic driver of pieces. It compiles each scenario it is sent once,
 * keeps the model (and what pieces keep with it) for later pieces, and
 * computes a piece with the function its kind names.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { computePiece, ScenarioCache } from '../pieces.js';
import type { ThreadTask } from './protocol.js';

const cache = new ScenarioCache();

/** The answer, with the buffers of its arrays moved rather than copied. */
function moved(answer: unknown): unknown {
  const buffers = new Set<ArrayBuffer>();
  const walk = (v: unknown, depth: number) => {
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) buffers.add(v.buffer);
    } else if (depth < 3 && typeof v === 'object' && v !== null) {
      for (const x of Object.values(v)) walk(x, depth + 1);
    }
  };
  walk(answer, 0);
  if (buffers.size === 0) return answer;
  return move({ [transferableSymbol]: [...buffers], [valueSymbol]: answer } as never);
}

export default async function handle(task: ThreadTask): Promise<unknown> {
  if (task.kind !== 'piece') throw new Error(`internal: a worker thread was sent a '${String(task.kind)}' message`);
  cache.learn(task.scenarios);
  return moved(await computePiece(task.piece, cache, task.inputs, task.outputs));
}
