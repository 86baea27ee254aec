import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runModel, runPlan, type Executor, type Progress } from '@foresight/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusyError, ClosedError, createThreadExecutor, inProcessExecutor } from '../src/index.js';
import { staleFiles, workerFile } from '../src/pool/entry.js';
import { analyses, reference } from './analyses.js';
import { compiled, exact, inline } from './helpers.js';

// Long trials (100,000 steps each) with little to store: plans still running when a test acts on them.
const slow = () =>
  inline({
    format: 1,
    id: 'slow',
    time: { start: 0, end: 1000, dt: 0.01, report: 1000 },
    parameters: { g: { dist: 'normal', mean: 0, sd: 0.001 } },
    stocks: { s: { initial: 1, inflow: 's * g' } },
    outputs: ['s'],
  });

const executors = new Map<string, Executor>();
beforeAll(() => {
  executors.set('in process', inProcessExecutor());
  for (const n of [1, 2, 3]) executors.set(`${n} thread(s)`, createThreadExecutor({ workers: n }));
});
afterAll(async () => {
  await Promise.all([...executors.values()].map((e) => e.close()));
});

describe('every analysis gives the sequential reference on every executor, to the byte', () => {
  // The in-process executor is the reference's own loop, yielding between pieces: one analysis of each kind.
  it('in process', async () => {
    const executor = executors.get('in process')!;
    for (const c of analyses().filter((a) =>
      /^(run|compare|check|tornado|sobol|failure: streamed compare)/.test(a.name),
    )) {
      const plan = c.plan(executor.sizing);
      if (!plan.ok) throw new Error(`${c.name}: ${plan.error[0]?.message}`);
      expect(exact(await executor.run(plan.value)), c.name).toBe(exact(reference(c)));
    }
  }, 240_000);

  for (const where of ['1 thread(s)', '2 thread(s)', '3 thread(s)']) {
    it(where, async () => {
      const executor = executors.get(where)!;
      for (const c of analyses()) {
        const plan = c.plan(executor.sizing);
        if (!plan.ok) throw new Error(`${c.name}: ${plan.error[0]?.message}`);
        const got = await executor.run(plan.value);
        expect(exact(got), c.name).toBe(exact(reference(c)));
      }
      // Every analysis, the baseline's among them: a hang guard that a loaded machine does not trip.
    }, 240_000);
  }

  it('the failure cases fail, each with the problem the reference names', () => {
    const failing = analyses().filter((c) => c.name.startsWith('failure'));
    expect(failing.length).toBeGreaterThan(3);
    for (const c of failing) {
      const r = reference(c);
      expect(r.ok, c.name).toBe(false);
      if (!r.ok) expect(r.error[0]!.code).toBe('non-finite');
    }
    const late = analyses().find((c) => c.name === 'failure: streamed, past the pilot')!;
    const r = reference(late);
    expect(!r.ok && r.error[0]!.message).toContain('in trial 26983');
  });
});

describe('the thread executor', () => {
  it('reports progress in pieces and model runs, up to the totals', async () => {
    const seen: Progress[] = [];
    const executor = executors.get('2 thread(s)')!;
    const plan = runPlan(compiled('baseline'), { trials: 3000 }, executor.sizing);
    if (!plan.ok) throw new Error('plan');
    await executor.run(plan.value, { onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(1);
    const runs = seen.map((p) => p.runsDone);
    expect(runs).toEqual([...runs].sort((a, b) => a - b));
    expect(seen.at(-1)).toMatchObject({ runsDone: 3000, runs: 3000, retried: 0 });
    expect(seen.at(-1)!.piecesDone).toBe(seen.at(-1)!.pieces);
  });

  it('rejects with BusyError when the queue is full, and counts pending plans', async () => {
    const executor = createThreadExecutor({ workers: 1, maxQueue: 1 });
    const plan = (model = compiled('baseline'), trials = 10) => {
      const p = runPlan(model, { trials }, executor.sizing);
      if (!p.ok) throw new Error('plan');
      return p.value;
    };
    try {
      const first = executor.run(plan(slow(), 40));
      const second = executor.run(plan());
      expect(executor.pending).toBe(2);
      await expect(executor.run(plan())).rejects.toBeInstanceOf(BusyError);
      expect((await first).ok).toBe(true);
      expect((await second).ok).toBe(true);
      expect(executor.pending).toBe(0);
    } finally {
      await executor.close();
    }
  });

  it("aborts a running and a waiting plan with the signal's reason, and recovers", async () => {
    const executor = createThreadExecutor({ workers: 1 });
    const plan = (model = compiled('baseline'), trials = 10) => {
      const p = runPlan(model, { trials }, executor.sizing);
      if (!p.ok) throw new Error('plan');
      return p.value;
    };
    try {
      const running = new AbortController();
      const waiting = new AbortController();
      let progressed = 0;
      // Minutes of work, stopped at its first progress.
      const big = executor.run(plan(slow(), 200_000), {
        signal: running.signal,
        onProgress: (p) => {
          progressed = p.runsDone;
          if (p.runsDone > 0) running.abort();
        },
      });
      const queued = expect(executor.run(plan(), { signal: waiting.signal })).rejects.toThrow('not needed');
      const aborted = expect(big).rejects.toMatchObject({ name: 'AbortError' });
      waiting.abort(new Error('not needed'));
      await queued;
      await aborted;
      expect(progressed).toBeLessThan(200_000);
      const before = new AbortController();
      before.abort();
      await expect(executor.run(plan(), { signal: before.signal })).rejects.toMatchObject({ name: 'AbortError' });
      // The thread that ran the aborted piece was terminated; a new one takes the next plan.
      const after = await executor.run(plan(compiled('baseline'), 301));
      expect(exact(after)).toBe(exact(runModel(compiled('baseline'), { trials: 301 })));
      expect(executor.pending).toBe(0);
    } finally {
      await executor.close();
    }
  });

  it('close rejects running and queued plans, and every later call', async () => {
    const executor = createThreadExecutor({ workers: 1 });
    const big = runPlan(slow(), { trials: 2000 }, executor.sizing);
    const small = runPlan(compiled('baseline'), {}, executor.sizing);
    if (!big.ok || !small.ok) throw new Error('plan');
    const running = expect(executor.run(big.value)).rejects.toBeInstanceOf(ClosedError);
    const queued = expect(executor.run(small.value)).rejects.toBeInstanceOf(ClosedError);
    await executor.close();
    await running;
    await queued;
    await expect(executor.run(small.value)).rejects.toBeInstanceOf(ClosedError);
    expect(executor.pending).toBe(0);
  });

  // Node 20.19+ aborts the process (a V8 fatal error) when a worker is
  // terminated while require() loads an ES module into it; piscina require()s
  // the worker's file, so that file is CommonJS and imports the ES module
  // asynchronously. Before, about one pool in 150 closed while its threads
  // started took the process down (scripts/pool-start-close.mjs): 60 closes
  // here, at moments spread over the start-up, would find that in about a
  // third of runs; the test below pins the cause.
  it('closing executors while their threads start never takes the process down', async () => {
    for (let i = 0; i < 60; i++) {
      const executor = createThreadExecutor({ workers: 2 });
      await new Promise((resolve) => setTimeout(resolve, (i * 37) % 250));
      await executor.close();
    }
  });

  it('gives piscina a CommonJS entry whose handler imports the worker asynchronously', () => {
    const entry = fileURLToPath(workerFile());
    expect(entry.endsWith('.cjs')).toBe(true);
    // Plain CommonJS: require() returns the handler without loading an ES module synchronously.
    const handle: unknown = createRequire(import.meta.url)(entry);
    expect(typeof handle).toBe('function');
    expect(readFileSync(entry, 'utf8')).toMatch(/= import\('\.\/worker\.js'\)/);
  });

  it('refuses a worker count that is not a whole number >= 1', () => {
    expect(() => createThreadExecutor({ workers: 0 })).toThrow(RangeError);
    expect(() => createThreadExecutor({ workers: 1.5 })).toThrow(RangeError);
  });
});

describe('the worker entry under sources', () => {
  it('names built files that are missing or older than their sources', () => {
    const pkg = mkdtempSync(join(tmpdir(), 'foresight-entry-'));
    mkdirSync(join(pkg, 'src', 'pool'), { recursive: true });
    mkdirSync(join(pkg, 'dist', 'pool'), { recursive: true });
    for (const f of ['a', 'pool/b', 'pool/c']) writeFileSync(join(pkg, 'src', `${f}.ts`), '');
    for (const f of ['pool/d', 'pool/e']) writeFileSync(join(pkg, 'src', `${f}.cts`), '');
    writeFileSync(join(pkg, 'src', 'types.d.ts'), '');
    writeFileSync(join(pkg, 'dist', 'a.js'), '');
    writeFileSync(join(pkg, 'dist', 'pool', 'b.js'), '');
    writeFileSync(join(pkg, 'dist', 'pool', 'd.cjs'), '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(pkg, 'dist', 'pool', 'b.js'), old, old);
    // CommonJS sources (.cts, like the worker entry) build to .cjs; declarations build to nothing.
    expect(
      staleFiles(pkg)
        .map((f) => f.slice(pkg.length + 1))
        .sort(),
    ).toEqual(['dist/pool/b.js', 'dist/pool/c.js', 'dist/pool/e.cjs']);
  });

  it('drops the source condition vitest passes, and keeps every other option', async () => {
    const { workerExecArgv } = await import('../src/pool/entry.js');
    expect(
      workerExecArgv([
        '--conditions',
        '@foresight/source',
        '--conditions',
        'node',
        '--conditions=@foresight/source',
        '--max-old-space-size=100',
      ]),
    ).toEqual(['--conditions', 'node', '--max-old-space-size=100']);
  });
});
