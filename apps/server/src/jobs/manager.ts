/*
 * Jobs: analyses asked for with `Prefer: respond-async`, kept in the store
 * and run as plans on the server's executor (worker threads, or with
 * `--redis` worker processes anywhere). The store is the queue: a job is
 * inserted `queued`, claimed atomically by one server (replicas sharing a
 * PostgreSQL database never take the same one), and run; progress is the
 * plan's pieces and model runs done, written with a heartbeat. A job
 * cancelled through any replica is seen at the next heartbeat and its
 * pieces stop. A job whose server died (no heartbeat) is queued again, up
 * to `maxAttempts` starts, then failed as `interrupted`: never lost.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { gzipSync } from 'node:zlib';
import type { Executor, Plan, Progress } from '@foresight/core';
import { BusyError, ClosedError } from '@foresight/node';
import type { Planned } from '../analyses.js';
import { ApiError, problemsError } from '../errors.js';
import type { JobProgress, JobRecord, JobStore, Retention, StoredProblem } from '../store/index.js';
import { isFinal } from '../store/index.js';

export interface JobOptions {
  /** Jobs this server runs at once (each a plan on the executor; the rest wait in the store). */
  readonly concurrency: number;
  /** Jobs one client may have queued or running at once; past it, 429 `too-many-jobs`. */
  readonly perClient: number;
  /** How often a running job's progress and heartbeat are written, and cancellation looked for. */
  readonly heartbeatMs: number;
  /**
   * A running job not heard from for this long belongs to a server that
   * died: it is queued again. At start-up, a SQLite store (one server per
   * file) takes every running job back at once.
   */
  readonly staleMs: number;
  /** Starts of one job at most: a job interrupted this often is failed with the reason `interrupted`. */
  readonly maxAttempts: number;
  /** Results kept: compressed bytes in all and age; oldest first out. */
  readonly retention: Retention;
}

export const DEFAULT_JOBS: JobOptions = {
  concurrency: 2,
  perClient: 1000,
  heartbeatMs: 1000,
  staleMs: 15_000,
  maxAttempts: 2,
  retention: { maxBytes: 1024 ** 3, maxAgeMs: 7 * 24 * 3600 * 1000 },
};

/** What a job of a kind needs to run: its plan, made again from the stored request (and after a restart). */
export type Planner = (job: JobRecord) => Promise<Plan<unknown>>;

/** A job as it changes: what `/jobs/{id}/events` sends. */
export type JobEvent = JobRecord;

class Cancelled extends Error {
  override readonly name = 'Cancelled';
}
class Closing extends Error {
  override readonly name = 'Closing';
}

const asStored = (e: ApiError): StoredProblem => ({
  status: e.status,
  code: e.code,
  message: e.message,
  details: e.details,
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: a process of another user has that pid: alive.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export const newJobId = (): string => randomBytes(15).toString('base64url');

export class JobManager {
  /** This server, as the owner of the jobs it runs. */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  readonly #running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  readonly #events = new EventEmitter();
  #timers: NodeJS.Timeout[] = [];
  #pumping = false;
  #pumpAgain = false;
  #closed = false;
  #lastRetention = 0;

  constructor(
    readonly store: JobStore,
    readonly executor: Executor,
    readonly options: JobOptions,
    readonly planner: Planner,
    readonly log: { warn(obj: object, msg: string): void } = { warn() {} },
  ) {
    this.#events.setMaxListeners(0);
  }

  /** Take back the jobs of servers that stopped, then run what is queued; keep doing both. */
  async start(): Promise<void> {
    const now = Date.now();
    // One server per SQLite file: whatever was running when it stopped is this server's to resume.
    if (this.store.dialect === 'sqlite')
      await this.store.recover({ staleBefore: now + 1 }, this.options.maxAttempts, now, this.#interrupted());
    await this.#recoverDead();
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const t = setInterval(() => {
        fn().catch((e: unknown) => this.log.warn({ err: e }, 'job upkeep failed'));
      }, ms);
      t.unref();
      this.#timers.push(t);
    };
    // Jobs other replicas queued, and those of servers that died.
    every(Math.max(250, this.options.heartbeatMs), async () => this.pump());
    every(Math.max(500, this.options.staleMs / 2), async () => {
      const t = Date.now();
      const { resumed } = await this.store.recover(
        { staleBefore: t - this.options.staleMs },
        this.options.maxAttempts,
        t,
        this.#interrupted(),
      );
      if (resumed.length > 0 || (await this.#recoverDead()) > 0) this.pump();
      await this.#retain(true);
    });
    this.pump();
  }

  /**
   * Jobs of servers on this machine whose process is gone (killed, crashed):
   * taken back at once rather than after `staleMs` without a heartbeat.
   */
  async #recoverDead(): Promise<number> {
    const host = hostname();
    const dead = (await this.store.runningOwners()).filter((owner) => {
      if (owner === this.owner) return false;
      const m = /^(.*):(\d+):[0-9a-f]+$/.exec(owner);
      if (!m || m[1] !== host) return false;
      const pid = Number(m[2]);
      return pid === process.pid || !alive(pid);
    });
    const now = Date.now();
    const { resumed, failed } = await this.store.recover(
      { owners: dead },
      this.options.maxAttempts,
      now,
      this.#interrupted(),
    );
    return resumed.length + failed.length;
  }

  /** The problem of a job interrupted as often as a job may start. */
  #interrupted(): StoredProblem {
    const n = this.options.maxAttempts;
    return asStored(
      new ApiError(
        'interrupted',
        `the server stopped while the job ran, ${n === 1 ? 'once' : `${n} times`}; send the request again`,
        { attempts: n },
      ),
    );
  }

  get running(): number {
    return this.#running.size;
  }

  /**
   * A new job for a plan, or the job already made for an identical one
   * (queued, running, or done with its result kept): `reused` says which.
   */
  async submit(
    kind: string,
    request: unknown,
    planned: Planned<unknown>,
    client: string,
  ): Promise<{ job: JobRecord; reused: boolean }> {
    if (this.#closed) throw new ApiError('busy', 'the server is shutting down', null);
    const { plan } = planned;
    const same = await this.store.findReusable(plan.identity);
    if (same) return { job: same, reused: true };
    const active = await this.store.countActive(client);
    if (active >= this.options.perClient)
      throw new ApiError(
        'too-many-jobs',
        `this client has ${active} jobs queued or running, the most one client may have (jobs.perClient); wait for some to finish or cancel them`,
        { active, cap: this.options.perClient },
        { 'retry-after': '5' },
      );
    const job = await this.store.insertJob({
      id: newJobId(),
      kind,
      identity: plan.identity,
      request,
      scenarios: planned.scenarios,
      versions: plan.scenarios.map((s) => s.sha256),
      pins: planned.pins,
      client,
      createdAt: Date.now(),
    });
    this.pump();
    return { job, reused: false };
  }

  /** Cancel a job (running pieces stop); the record after, undefined when unknown. */
  async cancel(id: string): Promise<JobRecord | undefined> {
    const job = await this.store.cancel(id, Date.now());
    const mine = this.#running.get(id);
    if (job?.status === 'cancelled') {
      mine?.controller.abort(new Cancelled());
      this.#emit(job);
    }
    return job;
  }

  /** Follow a job's changes made by this server (other replicas' are read from the store by the caller). */
  subscribe(id: string, listener: (job: JobEvent) => void): () => void {
    this.#events.on(id, listener);
    return () => this.#events.off(id, listener);
  }

  /** Claim and start queued jobs while this server has room. */
  pump(): void {
    if (this.#closed) return;
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = true;
    void (async () => {
      try {
        do {
          this.#pumpAgain = false;
          while (!this.#closed && this.#running.size < this.options.concurrency) {
            const job = await this.store.claimNext(this.owner, Date.now());
            if (!job) break;
            this.#start(job);
          }
        } while (this.#pumpAgain && !this.#closed);
      } catch (e) {
        this.log.warn({ err: e }, 'claiming a job failed');
      } finally {
        this.#pumping = false;
      }
    })();
  }

  /** Stop: running jobs are handed back to the queue (they resume at the next start, here or on a replica). */
  async close(): Promise<void> {
    this.#closed = true;
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    for (const { controller } of this.#running.values()) controller.abort(new Closing());
    await Promise.allSettled([...this.#running.values()].map((r) => r.done));
  }

  #emit(job: JobRecord): void {
    this.#events.emit(job.id, job);
  }

  #start(job: JobRecord): void {
    const controller = new AbortController();
    const done = this.#run(job, controller)
      .catch((e: unknown) => this.log.warn({ err: e, job: job.id }, 'a job failed unexpectedly'))
      .finally(() => {
        this.#running.delete(job.id);
        this.pump();
      });
    this.#running.set(job.id, { controller, done });
  }

  async #run(job: JobRecord, controller: AbortController): Promise<void> {
    const { store, owner } = this;
    this.#emit(job);
    let progress: JobProgress = job.progress;
    let written = true;
    const snapshot = (status: JobRecord['status'] = 'running'): JobRecord => ({ ...job, status, progress });
    // Heartbeat: progress written, and a cancellation made through any replica seen.
    const beat = setInterval(() => {
      const p = written ? undefined : progress;
      written = true;
      store.heartbeat(job.id, owner, p, Date.now()).then(
        (still) => {
          if (!still) controller.abort(new Cancelled());
        },
        (e: unknown) => this.log.warn({ err: e, job: job.id }, 'a heartbeat failed'),
      );
    }, this.options.heartbeatMs);
    const end = async (end: Parameters<JobStore['finish']>[2]) => {
      clearInterval(beat);
      await store.finish(job.id, owner, { ...end, progress }, Date.now());
      const after = await store.getJob(job.id);
      if (after) this.#emit(after);
    };
    try {
      let plan: Plan<unknown>;
      try {
        plan = await this.planner(job);
      } catch (e) {
        if (e instanceof ApiError) return await end({ status: 'failed', problem: asStored(e) });
        throw e;
      }
      const onProgress = (p: Progress) => {
        progress = { pieces: p.pieces, piecesDone: p.piecesDone, runs: p.runs, runsDone: p.runsDone };
        written = false;
        this.#emit(snapshot());
      };
      // The executor's own queue is shared with synchronous requests: when full, wait for a turn.
      for (;;) {
        try {
          const result = await this.executor.run(plan, { signal: controller.signal, onProgress });
          if (!result.ok) {
            const e = result.error.every((p) => p.code === 'io')
              ? new ApiError('unavailable', `the workers cannot be reached: ${result.error[0]?.message ?? ''}`)
              : problemsError(result.error);
            return await end({ status: 'failed', problem: asStored(e) });
          }
          const text = JSON.stringify(result.value);
          const gzip = gzipSync(text);
          await end({ status: 'done', result: { gzip, bytes: Buffer.byteLength(text) } });
          await this.#retain(false);
          return;
        } catch (e) {
          if (!(e instanceof BusyError) || controller.signal.aborted) throw e;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    } catch (e) {
      clearInterval(beat);
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : e;
      if (reason instanceof Cancelled) {
        const after = await store.getJob(job.id);
        if (after) this.#emit(after);
        return;
      }
      if (reason instanceof Closing || reason instanceof ClosedError) {
        // Handed back to the queue, not counted as a start: it runs again at the next start, here or on a replica.
        await store.release(job.id, owner);
        return;
      }
      this.log.warn({ err: e, job: job.id }, 'a job failed unexpectedly');
      await end({
        status: 'failed',
        problem: asStored(new ApiError('internal', `internal error (job ${job.id}); the server log has the details`)),
      });
    }
  }

  /** Evict results over the retention limits: after each result, at most once a second, and on the upkeep timer. */
  async #retain(force: boolean): Promise<void> {
    const now = Date.now();
    if (!force && now - this.#lastRetention < 1000) return;
    this.#lastRetention = now;
    await this.store.enforceRetention(this.options.retention, now);
  }

  /** The job as it is now (and whether this server is running it). */
  async get(id: string): Promise<JobRecord | undefined> {
    return this.store.getJob(id);
  }

  static isFinal(job: JobRecord): boolean {
    return isFinal(job.status);
  }
}
