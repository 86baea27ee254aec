import { Readable } from 'node:stream';
import { jsonChunks } from '@foresight/report';
import type { FastifyReply } from 'fastify';
import type { AppContext } from './context.js';
import { overBudget } from './jobs.js';

/**
 * Answer with a result document the engine just built, as JSON written a
 * chunk at a time (the bytes JSON.stringify gives, never one string of the
 * whole): other requests are answered between chunks, and a slow reader
 * holds no more than a few chunks. The document is typed by the engine, so
 * it is not validated again. Writing the answer counts against the time
 * budget: past it before the first byte, a 504; past it while writing, the
 * connection is closed (the JSON is left unfinished, never cut to look whole).
 */
export function sendJson(ctx: AppContext, reply: FastifyReply, document: unknown, fewer = 'trials'): FastifyReply {
  const budget = ctx.limits.timeBudgetMs;
  const left = budget - reply.elapsedTime;
  if (left <= 0) throw overBudget(budget, fewer);
  const deadline = performance.now() + left;
  const body = Readable.from(paced(jsonChunks(document, { chunk: CHUNK }), deadline, budget), { highWaterMark: 2 });
  return reply.type('application/json; charset=utf-8').send(body);
}

/**
 * Milliseconds of writing answers before other work gets a turn of the
 * event loop. A socket on loopback never pushes back, so a stream alone
 * would write a whole answer in one go; and the slice is shared by every
 * answer being written, so several at once take no longer a turn than one.
 */
const SLICE_MS = 5;
/** Characters per chunk: a fraction of a millisecond of work, so that a slice ends close to its time. */
const CHUNK = 16_384;

let sliceStart = performance.now();
let nextTurn: Promise<void> | undefined;

/** Resolves after the event loop's next turn (timers, sockets, other requests), once for every answer waiting. */
function turn(): Promise<void> {
  nextTurn ??= new Promise<void>((resolve) =>
    setImmediate(() => {
      nextTurn = undefined;
      sliceStart = performance.now();
      resolve();
    }),
  );
  return nextTurn;
}

/** The chunks, leaving the event loop at the end of each slice, stopped at the deadline. */
async function* paced(chunks: Iterable<string>, deadline: number, budget: number): AsyncGenerator<string> {
  for (const chunk of chunks) {
    const now = performance.now();
    if (now > deadline)
      throw new Error(`the answer was still being written when the time budget of ${budget} ms ran out`);
    if (now - sliceStart > SLICE_MS) await turn();
    yield chunk;
  }
}
