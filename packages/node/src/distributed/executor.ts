/*
 * The distributed executor: a plan's pieces become BullMQ jobs in Redis,
 * taken by `foresight worker` processes on any machine; answers come back
 * through Redis and are merged here, as every executor merges them.
 *
 * Per plan: its documents are stored by hash (shared by every plan that
 * sends them), each stage's inputs once, each piece is a job whose answer
 * the worker stores before the job completes. The plan's keys live while
 * this process renews them (HEARTBEAT_MS); workers skip pieces of a plan
 * whose keys are gone. A worker that dies mid-piece leaves its job locked;
 * BullMQ's stalled-job check puts it back in the queue when the lock
 * expires, and another worker computes it again.
 */
import { randomUUID } from 'node:crypto';
import {
  ENGINE_VERSION,
  err,
  type Executor,
  type Plan,
  type Problem,
  type Result,
  type RunHooks,
} from '@foresight/core';
import { localEnv, type Piece, type PieceEnv, type PlanArray, type Stage } from '@foresight/core/plans';
import { Queue, QueueEvents } from 'bullmq';
import { Admission, DEFAULT_MAX_QUEUE } from '../admission.js';
import { CANCELLED, drive, type StageRun, type Transport } from '../drive.js';
import { encode, decode } from './codec.js';
import { client, DEFAULT_QUEUE, redisProblem, shownUrl } from './connection.js';
import { ALIVE_MS, DOCUMENT_MS, HEARTBEAT_MS, keys, type PieceJob } from './keys.js';

export interface RedisExecutorOptions {
  /** `redis://host:port` (`rediss://` for TLS; user and password in the URL). */
  readonly url: string;
  /** The BullMQ queue (default `foresight`): submitters and workers of one deployment share it. */
  readonly queue?: string | undefined;
  /** Plans running at once (default 4) and waiting beyond them (default 32). */
  readonly plans?: number | undefined;
  readonly maxQueue?: number | undefined;
  /** How long Redis may be out of reach before a plan fails with an `io` problem (default 3,000 ms). */
  readonly lostAfterMs?: number | undefined;
  /**
   * A stage whose inputs are larger than this (default 32 MB) is computed in
   * this process instead: shipping the inputs to every worker would cost
   * more than the work (an exact run's summaries read every recorded value).
   */
  readonly localInputBytes?: number | undefined;
}

/** Trial-steps of one distributed piece: about 1.3 s of one core, so a piece's round trip (about 1 ms) is noise. */
export const REDIS_TRIAL_STEPS = 8_000_000;
export const DEFAULT_LOST_AFTER_MS = 3_000;
export const DEFAULT_LOCAL_INPUT_BYTES = 32 * 1024 * 1024;

export interface RedisExecutor extends Executor {
  /** Connected, and the workers counted (pieces are sized for them); or the `io` problem. */
  ready(): Promise<Result<void, Problem[]>>;
}

/** Redis went away for longer than `lostAfterMs`, or a command failed because it is away. */
class RedisLost extends Error {
  override readonly name = 'RedisLost';
}

/** A worker gave up on a piece (after its attempts), or refused it. */
class PieceFailed extends Error {
  override readonly name = 'PieceFailed';
}

interface Waiter {
  readonly answerKey: string;
  readonly onStall: () => void;
  resolve(answer: unknown): void;
  reject(e: unknown): void;
}

export function createRedisExecutor(options: RedisExecutorOptions): RedisExecutor {
  const url = options.url;
  const queueName = options.queue ?? DEFAULT_QUEUE;
  const lostAfterMs = options.lostAfterMs ?? DEFAULT_LOST_AFTER_MS;
  const localInputBytes = options.localInputBytes ?? DEFAULT_LOCAL_INPUT_BYTES;
  const k = keys(queueName);
  const commands = client(url, `foresight-submit-${process.pid}`, false);
  const blocking = client(url, `foresight-events-${process.pid}`, true);
  const admission = new Admission(options.plans ?? 4, options.maxQueue ?? DEFAULT_MAX_QUEUE);
  // Errors are reported through plans (the last one says why Redis cannot be reached); ioredis would print them.
  let lastError: unknown;
  commands.on('error', (e: unknown) => {
    lastError = e;
  });
  blocking.on('error', (e: unknown) => {
    lastError = e;
  });
  let queue: Queue | undefined;
  let events: QueueEvents | undefined;
  let workers = 0;
  let closed = false;
  const waiters = new Map<string, Waiter>();
  const lostListeners = new Set<(e: RedisLost) => void>();

  let downSince: number | undefined;
  const connected = () => commands.status === 'ready' && blocking.status === 'ready';
  const watch = () => {
    if (connected()) downSince = undefined;
    else downSince ??= Date.now();
  };
  for (const c of [commands, blocking]) for (const e of ['ready', 'close', 'end', 'reconnecting']) c.on(e, watch);
  const watchdog = setInterval(() => {
    if (downSince === undefined || Date.now() - downSince < lostAfterMs) return;
    const e = new RedisLost(`lost the connection to Redis for more than ${lostAfterMs} ms; the analysis was stopped`);
    for (const f of lostListeners) f(e);
  }, 100);
  watchdog.unref();
  const counting = setInterval(() => {
    if (queue && connected())
      queue.getWorkersCount().then(
        (n) => (workers = n),
        () => undefined,
      );
  }, 10_000);
  counting.unref();

  let opening: Promise<Result<void, Problem[]>> | undefined;
  function open(): Promise<Result<void, Problem[]>> {
    opening ??= (async () => {
      try {
        await Promise.all([commands.connect(), blocking.connect()]);
      } catch (e) {
        opening = undefined;
        commands.disconnect();
        blocking.disconnect();
        return err([redisProblem(url, `cannot reach Redis: ${describe(lastError ?? e)}`)]);
      }
      queue = new Queue(queueName, { connection: commands, streams: { events: { maxLen: 10_000 } } });
      queue.on('error', () => undefined);
      events = new QueueEvents(queueName, { connection: blocking });
      events.on('error', () => undefined);
      events.on('completed', ({ jobId, returnvalue }) => settle(jobId, returnvalue));
      events.on('failed', ({ jobId, failedReason }) => {
        const w = waiters.get(jobId);
        if (!w) return;
        waiters.delete(jobId);
        w.reject(new PieceFailed(`a worker gave up on piece ${jobId}: ${failedReason}`));
      });
      events.on('stalled', ({ jobId }) => waiters.get(jobId)?.onStall());
      await events.waitUntilReady();
      workers = await queue.getWorkersCount().catch(() => 0);
      return { ok: true, value: undefined };
    })();
    return opening;
  }

  function settle(jobId: string, returnvalue: unknown): void {
    const w = waiters.get(jobId);
    if (!w) return;
    waiters.delete(jobId);
    if (returnvalue === 'abandoned') {
      w.resolve(CANCELLED);
      return;
    }
    commands.getBuffer(w.answerKey).then(
      (bytes) => {
        commands.del(w.answerKey).catch(() => undefined);
        if (bytes === null) w.reject(new PieceFailed(`the answer of piece ${jobId} is missing from Redis`));
        else w.resolve(decode(bytes));
      },
      (e: unknown) => w.reject(new RedisLost(`lost Redis while fetching an answer: ${describe(e)}`)),
    );
  }

  async function runPlan<T>(plan: Plan<T>, hooks: RunHooks, signal: AbortSignal): Promise<Result<T, Problem[]>> {
    const opened = await open();
    if (!opened.ok) return opened;
    if (!connected()) {
      // Reconnecting: wait a little, as long as a plan would before it is failed.
      const until = Date.now() + lostAfterMs;
      while (!connected() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      if (!connected()) return err([redisProblem(url, `cannot reach Redis (${commands.status})`)]);
    }
    const id = randomUUID().replaceAll('-', '').slice(0, 16);
    const alive = k.alive(id);
    const live = new Set<string>([alive, k.unwanted(id)]);
    const outstanding = new Set<string>();
    // Answers a worker may have stored that nobody collected yet (pieces cancelled while computed).
    const uncollected = new Set<string>();
    let retried = 0;
    let stageNo = 0;
    let lost: RedisLost | undefined;
    const onLost = (e: RedisLost) => {
      lost ??= e;
      for (const jobId of outstanding) waiters.get(jobId)?.reject(e);
    };
    lostListeners.add(onLost);
    const guard = async <R>(p: Promise<R>): Promise<R> => {
      try {
        return await p;
      } catch (e) {
        throw lost ?? (connected() ? e : new RedisLost(`lost the connection to Redis: ${describe(e)}`));
      }
    };
    const heartbeat = setInterval(() => {
      const m = commands.multi();
      for (const key of live) m.pexpire(key, ALIVE_MS);
      m.exec().catch(() => undefined);
    }, HEARTBEAT_MS);
    heartbeat.unref();

    const local = localEnv(plan as Plan<unknown>);
    const transport: Transport = {
      alloc: { f64: (n) => new Float64Array(n), u32: (n) => new Uint32Array(n), i32: (n) => new Int32Array(n) },
      window: Number.POSITIVE_INFINITY,
      retried: () => retried,
      async begin(stage: Stage<unknown>): Promise<StageRun> {
        const s = stageNo++;
        const inputBytes = Object.values(stage.inputs).reduce((sum, a) => sum + a.byteLength, 0);
        if (inputBytes > localInputBytes) return localStage(plan as Plan<unknown>, local(stage));
        const inputKeys: Record<string, string> = {};
        const m = commands.multi();
        for (const [name, array] of Object.entries(stage.inputs)) {
          const key = k.input(id, s, name);
          inputKeys[name] = key;
          live.add(key);
          m.set(key, encode(array as PlanArray), 'PX', ALIVE_MS);
        }
        await guard(m.exec());
        let batch: { name: string; data: PieceJob; opts: object }[] = [];
        const mine = new Set<string>();
        const flush = () => {
          const jobs = batch;
          batch = [];
          guard(queue!.addBulk(jobs)).catch((e: unknown) => {
            for (const j of jobs) {
              const w = waiters.get((j.opts as { jobId: string }).jobId);
              waiters.delete((j.opts as { jobId: string }).jobId);
              w?.reject(e);
            }
          });
        };
        return {
          submit(index: number, piece: Piece) {
            const jobId = k.job(id, s, index);
            mine.add(jobId);
            outstanding.add(jobId);
            const data: PieceJob = {
              plan: id,
              engine: ENGINE_VERSION,
              stage: s,
              index,
              piece: encode(piece).toString('base64'),
              inputs: Object.fromEntries(piece.inputs.map((name) => [name, inputKeys[name]!])),
            };
            if (batch.length === 0) queueMicrotask(flush);
            batch.push({
              name: piece.kind,
              data,
              opts: {
                jobId,
                attempts: 3,
                backoff: { type: 'fixed', delay: 500 },
                removeOnComplete: true,
                removeOnFail: true,
              },
            });
            return new Promise<unknown>((resolve, reject) => {
              const done = (f: () => void) => {
                outstanding.delete(jobId);
                f();
              };
              uncollected.add(k.answer(id, s, index));
              waiters.set(jobId, {
                answerKey: k.answer(id, s, index),
                onStall: () => {
                  retried++;
                },
                resolve: (a) => done(() => resolve(a)),
                reject: (e) => done(() => reject(e)),
              });
              if (lost) waiters.get(jobId)?.reject(lost);
            });
          },
          cancel(index: number) {
            const jobId = k.job(id, s, index);
            commands.sadd(k.unwanted(id), jobId).catch(() => undefined);
            queue!.remove(jobId).then(
              (removed) => {
                if (removed !== 1) return;
                const w = waiters.get(jobId);
                waiters.delete(jobId);
                w?.resolve(CANCELLED);
              },
              () => undefined,
            );
          },
          async end() {
            const left = [...mine].filter((j) => outstanding.has(j));
            for (const jobId of left) {
              waiters.delete(jobId);
              outstanding.delete(jobId);
            }
            for (const key of Object.values(inputKeys)) live.delete(key);
            if (!connected()) return;
            const m = commands.multi();
            for (const jobId of left) m.sadd(k.unwanted(id), jobId);
            for (const key of Object.values(inputKeys)) m.del(key);
            await m.exec().catch(() => undefined);
            await Promise.all(left.map((jobId) => queue!.remove(jobId).catch(() => undefined)));
          },
        };
      },
    };

    try {
      const docs = commands.multi();
      for (const s of plan.scenarios) docs.set(k.document(s.sha256), encode(s.document), 'PX', DOCUMENT_MS);
      docs.set(alive, '1', 'PX', ALIVE_MS);
      await guard(docs.exec());
      return await drive(plan, { ...hooks, signal }, transport);
    } catch (e) {
      if (e instanceof RedisLost) return err([redisProblem(url, e.message)]);
      if (e instanceof PieceFailed) return err([redisProblem(url, e.message)]);
      throw e;
    } finally {
      clearInterval(heartbeat);
      lostListeners.delete(onLost);
      // The plan's key first: from then on no worker stores an answer for it.
      if (connected()) await commands.del(alive, k.unwanted(id), ...uncollected).catch(() => undefined);
    }
  }

  return {
    kind: 'redis',
    get sizing() {
      return { trialSteps: REDIS_TRIAL_STEPS, parallelism: Math.max(1, workers) };
    },
    get workers() {
      return workers;
    },
    get pending() {
      return admission.pending;
    },
    ready: open,
    run<T>(plan: Plan<T>, hooks: RunHooks = {}) {
      return admission.admit(hooks.signal as AbortSignal | undefined, (signal) => runPlan(plan, hooks, signal));
    },
    async close() {
      if (closed) return;
      closed = true;
      admission.close();
      clearInterval(watchdog);
      clearInterval(counting);
      const quit = Promise.all([events?.close(), queue?.close()]).catch(() => undefined);
      await Promise.race([quit, new Promise((r) => setTimeout(r, 1_000).unref())]);
      commands.disconnect();
      blocking.disconnect();
    },
  };
}

/** A stage computed here, a piece at a time, returning to the event loop between pieces. */
function localStage(plan: Plan<unknown>, env: PieceEnv): StageRun {
  return {
    submit: (_i, piece) =>
      new Promise((resolve, reject) =>
        setImmediate(() => {
          try {
            resolve(plan.kinds[piece.kind]!.compute(piece, env));
          } catch (e) {
            reject(e);
          }
        }),
      ),
    end: async () => undefined,
  };
}

/** An error from ioredis or a socket, in a few words. */
function describe(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  const message = e instanceof Error ? e.message : String(e);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

export { shownUrl };
