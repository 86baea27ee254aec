// The server under load runs in a child process (server.mjs) so its RSS is
// its own. Whatever ends the harness, the child ends with it: a normal end
// closes it (its jobs stopped), an error or process.exit kills it from the
// 'exit' event (which uncaught exceptions and unhandled rejections reach
// too), SIGINT, SIGTERM and SIGHUP kill it before the harness dies of the
// same signal, and a harness killed outright (SIGKILL) is noticed by the
// child itself, which exits when its IPC channel closes.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const running = new Set();
let guarded = false;

function stopAll() {
  for (const child of running) child.kill('SIGTERM');
  running.clear();
}

function guard() {
  if (guarded) return;
  guarded = true;
  process.on('exit', stopAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      stopAll();
      // Die of the signal, as without this handler (exit status 128 + its number).
      process.kill(process.pid, signal);
    });
  }
}

/** The next message of `child` carrying `key`; rejects if the child exits first. */
function next(child, key) {
  return new Promise((resolve, reject) => {
    const onMessage = (m) => {
      if (m && typeof m === 'object' && key in m) {
        done();
        resolve(m[key]);
      }
    };
    const onExit = (code, signal) => {
      done();
      reject(new Error(`the server exited (${signal ?? code}) before sending ${key}`));
    };
    const done = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/**
 * Start the server on 127.0.0.1 and a free port. Resolves with its URL, its
 * pid, `rss()` (megabytes) and `close()`, which closes the app (stopping its
 * jobs) and resolves once the child has exited.
 */
export async function startServerChild() {
  guard();
  const child = fork(fileURLToPath(new URL('./server.mjs', import.meta.url)), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const url = await next(child, 'url');
  return {
    url,
    pid: child.pid,
    async rss() {
      const answer = next(child, 'rss');
      child.send('rss');
      return (await answer) / 1e6;
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('close');
      await exited;
    },
  };
}
