import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareModels, prepareValue, runModel } from '@foresight/core';
import { checkAssumptions } from '@foresight/check';
import { describe, expect, it } from 'vitest';
import { createRunPool, PoolBusyError, PoolClosedError, portableValue, type PortableScenario } from '../src/index.js';
import { staleFiles, workerFile } from '../src/pool/entry.js';
import { compiled, exact, folder, poolsOfOneToThree, portable } from './helpers.js';

// Trials that fail: u > 0.997 makes log(0) in about one trial in 330, so a
// run of 3000 trials has several failures spread over many ranges.
const fragile = (trials: number, name = 'u', threshold = 0.997, id = 'fragile') => ({
  format: 1,
  id,
  time: { start: 0, end: 5 },
  trials,
  seed: 4,
  parameters: { [name]: { dist: 'uniform', min: 0, max: 1 } },
  stocks: { s: { initial: 1, inflow: 's * 0.01' } },
  variables: { y: `${name} > ${threshold} ? log(0) : s` },
  outputs: ['s', 'y'],
});

// Long trials (100,000 steps each) with little to store: jobs that are still running when a test acts on them.
const slow = portableValue(
  {
    format: 1,
    id: 'slow',
    time: { start: 0, end: 1000, dt: 0.01, report: 1000 },
    parameters: { g: { dist: 'normal', mean: 0, sd: 0.001 } },
    stocks: { s: { initial: 1, inflow: 's * g' } },
    outputs: ['s'],
  },
  undefined,
);
const slowJob = (): PortableScenario => {
  if (!slow.ok) throw new Error('the slow scenario does not compile');
  return slow.value;
};

const pools = poolsOfOneToThree();

describe('RunPool gives the single-threaded result for any number of workers', () => {
  const baseline = compiled('baseline');
  for (const workers of [1, 2, 3]) {
    it(`run: ${workers} worker(s), odd trial counts, targets and an outputs filter`, async () => {
      const pool = pools.get(workers)!;
      expect(pool.workers).toBe(workers);
      for (const trials of [1, 257, 2001]) {
        const got = await pool.run(portable('baseline'), { trials, seed: 5 });
        expect(got.ok).toBe(true);
        expect(exact(got)).toBe(exact(runModel(baseline, { trials, seed: 5 })));
      }
      const only = ['workforce', 'vc_inflow'];
      const filtered = await pool.run(portable('baseline', only), { trials: 777 });
      expect(exact(filtered)).toBe(exact(runModel(compiled('baseline', only), { trials: 777 })));
    });

    it(`compare: ${workers} worker(s), several alternatives, a filter`, async () => {
      const pool = pools.get(workers)!;
      const alts = ['decoupling-severe', 'talent-squeeze'];
      const got = await pool.compare(
        portable('baseline'),
        alts.map((a) => portable(a)),
        { trials: 1001, seed: 9 },
      );
      const want = compareModels(
        baseline,
        alts.map((a) => compiled(a)),
        { trials: 1001, seed: 9 },
      );
      expect(got.ok).toBe(true);
      expect(exact(got)).toBe(exact(want));
      const filtered = await pool.compare(portable('baseline'), [portable('policy-push')], {
        trials: 333,
        outputs: ['workforce'],
      });
      expect(exact(filtered)).toBe(
        exact(compareModels(baseline, [compiled('policy-push')], { trials: 333, outputs: ['workforce'] })),
      );
    });
  }

  it('check: the report of checkAssumptions', async () => {
    const got = await pools.get(2)!.check(portable('baseline'), { runs: 20, seed: 3 });
    expect(got).toEqual({ ok: true, value: checkAssumptions(baseline, { runs: 20, seed: 3 }) });
  });

  it('reports progress in trials, up to the total', async () => {
    const seen: [number, number][] = [];
    await pools
      .get(2)!
      .run(portable('baseline'), { trials: 3000, onProgress: (done, total) => seen.push([done, total]) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every(([, total]) => total === 3000)).toBe(true);
    expect(seen.map(([d]) => d)).toEqual([...seen.map(([d]) => d)].sort((a, b) => a - b));
    expect(seen.at(-1)![0]).toBe(3000);
  });
});

describe('RunPool streams large runs as the single-threaded core does', () => {
  const baseline = compiled('baseline');
  // Single-threaded references, computed once for every worker count.
  const once = <T>(f: () => T): (() => T) => {
    let v: { value: T } | undefined;
    return () => {
      v ??= { value: f() };
      return v.value;
    };
  };
  const runs = new Map(
    [3001, 18_001].map((trials) => [
      trials,
      once(() => runModel(baseline, { trials, seed: 8, quantileMethod: 'sketch' })),
    ]),
  );
  const comparison = once(() =>
    compareModels(baseline, [compiled('talent-squeeze')], { trials: 9001, quantileMethod: 'sketch' }),
  );
  for (const workers of [1, 2, 3]) {
    it(`run and compare with the sketch: ${workers} worker(s), pilot and blocks, odd trial counts`, async () => {
      const pool = pools.get(workers)!;
      for (const [trials, want] of runs) {
        const got = await pool.run(portable('baseline'), { trials, seed: 8, quantileMethod: 'sketch' });
        expect(got.ok && got.value.provenance.quantile_method).toBe('sketch');
        expect(exact(got)).toBe(exact(want()));
      }
      const cmp = await pool.compare(portable('baseline'), [portable('talent-squeeze')], {
        trials: 9001,
        quantileMethod: 'sketch',
      });
      expect(cmp.ok && cmp.value.quantile_method).toBe('sketch');
      expect(exact(cmp)).toBe(exact(comparison()));
    });
  }

  it('reports the failure a single thread reports: the first failing scenario, at its first failing trial', async () => {
    // `late` first fails past the pilot (trial 26,983); `early` fails within its first trials.
    const late = portableValue(fragile(60_000, 'u', 0.99997, 'late'), undefined);
    const early = portableValue(fragile(60_000, 'v', 0.99, 'early'), undefined);
    if (!late.ok || !early.ok) throw new Error('portableValue failed');
    const lateModel = prepareValue(fragile(60_000, 'u', 0.99997, 'late'));
    const earlyModel = prepareValue(fragile(60_000, 'v', 0.99, 'early'));
    if (!lateModel.ok || !earlyModel.ok) throw new Error('prepareValue failed');
    const single = runModel(lateModel.value, { quantileMethod: 'sketch' });
    expect(!single.ok && single.error[0]!.message).toContain('in trial 26983');
    const pool = pools.get(3)!;
    expect(await pool.run(late.value, { quantileMethod: 'sketch' })).toEqual(single);
    for (const [b, a, bm, am] of [
      [late.value, early.value, lateModel.value, earlyModel.value],
      [early.value, late.value, earlyModel.value, lateModel.value],
    ] as const) {
      const want = compareModels(bm, [am], { quantileMethod: 'sketch' });
      expect(want.ok).toBe(false);
      expect(await pool.compare(b, [a], { quantileMethod: 'sketch' })).toEqual(want);
    }
    const fine = compareModels(compiled('baseline'), [earlyModel.value], { trials: 30_000, quantileMethod: 'sketch' });
    expect(!fine.ok && fine.error[0]!.file).toBe('<request>.json');
    expect(
      await pool.compare(portable('baseline'), [early.value], { trials: 30_000, quantileMethod: 'sketch' }),
    ).toEqual(fine);
  });
});

describe('RunPool passes problems through unchanged', () => {
  const pool = () => pools.get(3)!;

  it('a scenario that does not compile, and an inline document extending an id', async () => {
    const bad = portableValue({ format: 1, id: 'x', time: { start: 0, end: 1 }, variables: { y: 'nope + 1' } }, folder);
    expect(bad.ok).toBe(true);
    const got = await pool().run(bad.ok ? bad.value : ({} as PortableScenario));
    const want = prepareValue({ format: 1, id: 'x', time: { start: 0, end: 1 }, variables: { y: 'nope + 1' } });
    expect(got).toEqual(want);
    expect(got.ok).toBe(false);

    const child = { format: 1, id: 'child', extends: 'baseline', trials: 300 };
    const inline = portableValue(child, folder, { file: 'body' });
    if (!inline.ok) throw new Error('portableValue failed');
    expect(inline.value.sources.map((s) => s.file)).toEqual(['body.json', 'scenarios/baseline.yaml']);
    const run = await pool().run(inline.value);
    const model = prepareValue(child, { resolve: (id) => folder.entries.get(id)?.source, file: 'body' });
    if (!model.ok) throw new Error('prepareValue failed');
    expect(exact(run)).toBe(exact(runModel(model.value)));

    const orphan = portableValue({ ...child, extends: 'missing' }, folder);
    const missing = await pool().run(orphan.ok ? orphan.value : ({} as PortableScenario));
    expect(missing).toEqual(prepareValue({ ...child, extends: 'missing' }, { resolve: () => undefined }));
  });

  it('the first failing trial, as a single thread finds it, and limits', async () => {
    const doc = fragile(3000);
    const model = prepareValue(doc);
    if (!model.ok) throw new Error('fragile does not compile');
    const want = runModel(model.value);
    expect(want.ok).toBe(false);
    const s = portableValue(doc, undefined);
    if (!s.ok) throw new Error('portableValue failed');
    expect(await pool().run(s.value)).toEqual(want);
    expect(await pool().run(s.value, { trials: 20_000_000 })).toEqual(runModel(model.value, { trials: 20_000_000 }));
    const cmp = await pool().compare(portable('baseline'), [s.value], { trials: 3000 });
    expect(cmp).toEqual(compareModels(compiled('baseline'), [model.value], { trials: 3000 }));
  });

  it('comparison usage problems', async () => {
    const got = await pool().compare(portable('baseline'), [portable('policy-push')], { outputs: ['nothing'] });
    expect(got).toEqual(compareModels(compiled('baseline'), [compiled('policy-push')], { outputs: ['nothing'] }));
    expect(got.ok).toBe(false);
  });
});

describe('RunPool under load', () => {
  it('rejects with PoolBusyError when the queue is full, and counts pending jobs', async () => {
    const pool = createRunPool({ workers: 1, maxQueue: 1 });
    try {
      const first = pool.run(slowJob(), { trials: 40 });
      const second = pool.run(portable('baseline'), { trials: 10 });
      expect(pool.pending).toBe(2);
      await expect(pool.run(portable('baseline'), { trials: 10 })).rejects.toBeInstanceOf(PoolBusyError);
      expect((await first).ok).toBe(true);
      expect((await second).ok).toBe(true);
      expect(pool.pending).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it("aborts a running and a waiting job with the signal's reason, and recovers", async () => {
    const pool = createRunPool({ workers: 1 });
    try {
      const running = new AbortController();
      const waiting = new AbortController();
      let progressed = 0;
      // Under the engine's work limit (RUN_LIMITS.maxOperations), minutes of work, stopped at its first progress.
      const big = pool.run(slowJob(), {
        trials: 200_000,
        signal: running.signal,
        onProgress: (done) => {
          progressed = done;
          if (done > 0) running.abort();
        },
      });
      const queued = expect(pool.run(portable('baseline'), { trials: 10, signal: waiting.signal })).rejects.toThrow(
        'not needed',
      );
      const aborted = expect(big).rejects.toMatchObject({ name: 'AbortError' });
      waiting.abort(new Error('not needed'));
      await queued;
      await aborted;
      expect(progressed).toBeLessThan(200_000);
      const before = new AbortController();
      before.abort();
      await expect(pool.run(portable('baseline'), { signal: before.signal })).rejects.toMatchObject({
        name: 'AbortError',
      });
      // The worker that ran the aborted task was terminated; a new one takes the next job.
      const after = await pool.run(portable('baseline'), { trials: 301 });
      expect(exact(after)).toBe(exact(runModel(compiled('baseline'), { trials: 301 })));
      expect(pool.pending).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('close rejects running and queued jobs, and every later call', async () => {
    const pool = createRunPool({ workers: 1 });
    const running = expect(pool.run(slowJob(), { trials: 1_000_000 })).rejects.toBeInstanceOf(PoolClosedError);
    const queued = expect(pool.check(portable('baseline'))).rejects.toBeInstanceOf(PoolClosedError);
    await pool.close();
    await running;
    await queued;
    await expect(pool.run(portable('baseline'))).rejects.toBeInstanceOf(PoolClosedError);
    expect(pool.pending).toBe(0);
  });

  // Node 20.19+ aborts the process (a V8 fatal error) when a worker is
  // terminated while require() loads an ES module into it; piscina require()s
  // the worker's file, so that file is CommonJS and imports the ES module
  // asynchronously. Before, about one pool in 150 closed while its threads
  // started took the process down (scripts/pool-start-close.mjs): 60 closes
  // here, at moments spread over the start-up, would find that in about a
  // third of runs; the test below pins the cause.
  it('closing pools while their threads start never takes the process down', async () => {
    for (let i = 0; i < 60; i++) {
      const pool = createRunPool({ workers: 2 });
      await new Promise((resolve) => setTimeout(resolve, (i * 37) % 250));
      await pool.close();
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
    expect(() => createRunPool({ workers: 0 })).toThrow(RangeError);
    expect(() => createRunPool({ workers: 1.5 })).toThrow(RangeError);
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
});

describe('worker options', () => {
  it('drop the source condition vitest passes, keep every other option', async () => {
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
