/**
 * The file piscina loads in each worker thread, CommonJS on purpose.
 *
 * piscina loads a worker's file with `require()` first. On Node 20.19+ that
 * loads an ES module synchronously (require(esm)), and a worker terminated in
 * the middle of that load (a pool closed, or a job aborted, while a thread is
 * still starting) aborts the whole process in V8 ("FATAL ERROR:
 * v8::Module::IsGraphAsync ... must be used on an instantiated module"), as
 * `scripts/pool-start-close.mjs` shows. This file is CommonJS, so
 * `require()` of it is plain, and it loads the worker's ES module through the
 * asynchronous `import()`, whose termination Node handles.
 */
import type { ThreadTask } from './protocol.js';

const worker = import('./worker.js');
// A failed load is reported to the tasks that await it, not as an unhandled rejection.
worker.catch(() => undefined);

async function handle(task: ThreadTask): Promise<unknown> {
  return (await worker).default(task);
}

export = handle;
