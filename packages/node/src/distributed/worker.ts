/*
 * A worker process of the distributed executor (`foresight worker`): takes
 * pieces from the BullMQ queue and computes each on a thread of its own
 * (the same generic driver the thread executor uses), so this thread is
 * always free to renew the job's lock. It fetches each scenario and stage
 * input once and keeps them; the thread compiles each scenario once.
 */
import { hostname } from 'node:os';
import { ENGINE_VERSION } from '@foresight/core';
import type { Piece, PlanArray } from '@foresight/core/plans';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { SentScenario, ThreadTask } from '../pool/protocol.js';
import { shared, startThreads } from '../pool/threads.js';
import { decode, encode } from './codec.js';
import { client, DEFAULT_QUEUE, shownUrl } from './connection.js';
import { ANSWER_MS, keys, type PieceJob } from './keys.js';

export interface WorkerOptions {
  readonly url: string;
  readonly queue?: string | undefined;
  /** Pieces computed at once, each on a thread (default 1; run more processes for more). */
  readonly threads?: number | undefined;
  /**
   * How long a piece's lock lasts unless renewed (default 10,000 ms): a
   * worker that dies mid-piece has its piece computed again about this long
   * (and at most half as long again) later.
   */
  readonly leaseMs?: number | undefined;
  /** One line per event worth telling an operator. */
  readonly log?: ((line: string) => void) | undefined;
}

export const DEFAULT_LEASE_MS = 10_000;

/** SET answer, only if the plan is alive and the piece not unwanted (KEYS: alive, unwanted, answer; ARGV: bytes, job id, ms). */
const STORE_IF_WANTED = `
if redis.call('exists', KEYS[1]) == 1 and redis.call('sismember', KEYS[2], ARGV[2]) == 0 then
  redis.call('set', KEYS[3], ARGV[1], 'PX', ARGV[3])
  return 1
end
return 0`;

export interface RunningWorker {
  /** Pieces computed, and of them those started again after another worker stopped. */
  readonly stats: { pieces: number; retried: number };
  /** Finish the pieces in hand (`force`: drop them, to be computed elsewhere), then stop. */
  close(force?: boolean): Promise<void>;
}

/** Decoded documents and shared inputs kept between pieces, the oldest dropped first. */
class Kept<V> {
  readonly #map = new Map<string, V>();
  constructor(readonly capacity: number) {}
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.#map.get(key);
    if (hit !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, hit);
      return hit;
    }
    const v = await load();
    this.#map.set(key, v);
    while (this.#map.size > this.capacity) this.#map.delete(this.#map.keys().next().value!);
    return v;
  }
}

function jobData(job: Job): PieceJob {
  const d = job.data as Partial<PieceJob> | null;
  const ok =
    d !== null &&
    typeof d === 'object' &&
    typeof d.plan === 'string' &&
    typeof d.engine === 'string' &&
    Number.isSafeInteger(d.stage) &&
    Number.isSafeInteger(d.index) &&
    typeof d.piece === 'string' &&
    typeof d.inputs === 'object' &&
    d.inputs !== null &&
    Object.values(d.inputs).every((v) => typeof v === 'string');
  if (!ok) throw new UnrecoverableError(`job ${job.id} is not a Foresight piece`);
  return d as PieceJob;
}

export async function startRedisWorker(options: WorkerOptions): Promise<RunningWorker> {
  const url = options.url;
  const queueName = options.queue ?? DEFAULT_QUEUE;
  const threads = options.threads ?? 1;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const log = options.log ?? (() => undefined);
  const k = keys(queueName);
  const name = `${hostname()}:${process.pid}`;
  const commands = client(url, `foresight-worker-${process.pid}`, true);
  const consumer = client(url, `foresight-worker-jobs-${process.pid}`, true);
  let lostLogged = false;
  let started = false;
  let lastError: Error | undefined;
  for (const c of [commands, consumer]) {
    c.on('error', (e: Error) => {
      lastError = e;
      if (!started || lostLogged) return;
      lostLogged = true;
      log(`cannot reach Redis at ${shownUrl(url)} (${e.message}); retrying`);
    });
    c.on('ready', () => {
      if (!lostLogged) return;
      lostLogged = false;
      log(`connected to Redis at ${shownUrl(url)} again`);
    });
  }
  try {
    await Promise.all([commands.connect(), consumer.connect()]);
  } catch (e) {
    commands.disconnect();
    consumer.disconnect();
    throw lastError ?? e;
  }
  started = true;
  const piscina = startThreads(threads);
  const documents = new Kept<SentScenario>(32);
  // Stage inputs can be large (a run's recorded values): a few at most.
  const inputs = new Kept<PlanArray>(4);
  const stats = { pieces: 0, retried: 0 };

  const fetch = async (redis: Redis, key: string, what: string): Promise<unknown> => {
    const bytes = await redis.getBuffer(key);
    if (bytes === null) throw new Error(`${what} is missing from Redis (${key})`);
    return decode(bytes);
  };

  async function processor(job: Job): Promise<string> {
    const data = jobData(job);
    if (data.engine !== ENGINE_VERSION) {
      throw new UnrecoverableError(
        `this worker runs engine ${ENGINE_VERSION}, the piece was made by engine ${data.engine}; run workers of the submitter's version`,
      );
    }
    if ((await commands.exists(k.alive(data.plan))) === 0) return 'abandoned';
    if (job.attemptsStarted > 1) {
      stats.retried++;
      log(`piece ${job.id} started again (attempt ${job.attemptsStarted}): the worker computing it stopped`);
    }
    const piece = decode(Buffer.from(data.piece, 'base64')) as Piece;
    const scenarios = await Promise.all(
      piece.scenarios.map((sha) =>
        documents.get(sha, async () => ({
          sha256: sha,
          document: await fetch(commands, k.document(sha), `scenario ${sha}`),
        })),
      ),
    );
    const given: Record<string, PlanArray> = {};
    for (const [input, key] of Object.entries(data.inputs))
      given[input] = await inputs.get(key, async () =>
        shared((await fetch(commands, key, `input ${input}`)) as PlanArray),
      );
    // The plan may end (its submitter gone, or a failure elsewhere) while the piece runs: then stop it.
    const abort = new AbortController();
    const watch = setInterval(() => {
      const m = commands.multi();
      m.exists(k.alive(data.plan));
      m.sismember(k.unwanted(data.plan), job.id ?? '');
      m.exec().then(
        (r) => {
          if (r && (r[0]?.[1] === 0 || r[1]?.[1] === 1)) abort.abort();
        },
        () => undefined,
      );
    }, 1_000);
    let answer: unknown;
    try {
      const task: ThreadTask = { kind: 'piece', piece, scenarios, inputs: given };
      answer = await piscina.run(task, { signal: abort.signal });
    } catch (e) {
      if (abort.signal.aborted) return 'abandoned';
      throw e;
    } finally {
      clearInterval(watch);
    }
    // Stored only while the plan still wants it, in one step: a plan that ended meanwhile leaves nothing behind.
    const stored = await commands.eval(
      STORE_IF_WANTED,
      3,
      k.alive(data.plan),
      k.unwanted(data.plan),
      k.answer(data.plan, data.stage, data.index),
      encode(answer),
      job.id ?? '',
      ANSWER_MS,
    );
    if (stored !== 1) return 'abandoned';
    stats.pieces++;
    return 'ok';
  }

  const worker = new Worker(queueName, processor, {
    connection: consumer,
    name,
    concurrency: threads,
    lockDuration: leaseMs,
    stalledInterval: Math.max(500, Math.floor(leaseMs / 2)),
    maxStalledCount: 5,
  });
  worker.on('error', (e) => {
    if (!lostLogged) log(`worker error: ${e.message}`);
  });
  worker.on('stalled', (jobId) => log(`piece ${jobId} was left by a worker that stopped; it is queued again`));
  worker.on('failed', (job, e) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) log(`piece ${job.id} failed: ${e.message}`);
  });
  await worker.waitUntilReady();

  return {
    stats,
    async close(force = false) {
      // Without Redis the pieces in hand cannot be handed back: wait one lease for them at most.
      const closing = worker.close(force).catch(() => undefined);
      await Promise.race([closing, new Promise((r) => setTimeout(r, leaseMs).unref())]);
      await piscina.destroy();
      commands.disconnect();
      consumer.disconnect();
    },
  };
}
