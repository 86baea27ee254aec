/**
 * The page's Web Worker: answers the calls of `protocol.ts`, one at a time
 * in order of arrival, so the page's typing never waits on the engine.
 * Served with a Content-Security-Policy of its own that allows `eval`:
 * core compiles a scenario's equations to JavaScript functions (from
 * whitelisted syntax only); the page itself allows no eval.
 */
import { scenarioJsonSchema } from '@foresight/core';
import { renderFanChart, renderRunCsv, renderSensitivityChart } from '@foresight/report';
import type { CallMessage, CallName, Calls, ReplyMessage } from '../protocol.js';
import { analyse, check, prepare, run, setFolder } from './engine.js';

// The DOM's types describe the page; a worker's scope is this much of them.
const scope = globalThis as unknown as {
  postMessage(message: ReplyMessage): void;
  addEventListener(type: 'message', listener: (event: { data: CallMessage }) => void): void;
};

type Handlers = {
  [K in CallName]: (args: Calls[K]['args'], id: number) => Promise<Calls[K]['result']> | Calls[K]['result'];
};

const progress = (id: number) => {
  let last = 0;
  return (done: number, total: number) => {
    // A message per thousand trials is plenty for a bar.
    if (done !== total && done - last < total / 50) return;
    last = done;
    scope.postMessage({ id, progress: { done, total } });
  };
};

const handlers: Handlers = {
  folder: ({ entries }) => {
    setFolder(entries);
    return null;
  },
  schema: () => scenarioJsonSchema(),
  prepare: ({ text, file, settings }) => prepare(text, file, settings),
  run: ({ text, file, settings }, id) => run(text, file, settings, progress(id)),
  sensitivity: ({ text, file, ask }, id) => analyse(text, file, ask, progress(id)),
  check: ({ text, file, runs, seed }) => check(text, file, runs, seed),
  fanSvg: ({ runs, outputs, width }) => renderFanChart([...runs], { outputs: [...outputs], width }),
  sensitivitySvg: ({ result }) => renderSensitivityChart(result),
  csv: ({ run: result }) => renderRunCsv(result),
};

// Calls are answered in order: a run started by one keystroke finishes before the next text is read.
let queue: Promise<unknown> = Promise.resolve();
scope.addEventListener('message', ({ data }) => {
  queue = queue.then(async () => {
    try {
      const handler = handlers[data.name] as (args: unknown, id: number) => unknown;
      scope.postMessage({ id: data.id, ok: true, result: await handler(data.args, data.id) });
    } catch (e) {
      scope.postMessage({ id: data.id, ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  });
});
