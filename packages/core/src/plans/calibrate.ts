/*
 * The plan of a calibration: rounds of proposals, each a stage of pieces
 * (ranges of proposal indices). Proposal k of a round is a pure function of
 * (seed, its global index, the previous population): its normal scores come
 * from the stream (seed, index, CALIBRATE_KEY), and its model run uses the
 * trial streams of that index for what stays random (per-step parameters,
 * shock events). Everything else (the next tolerance, which proposals make
 * the population, the weights, the resampling) is decided in `next()` from
 * answers merged in piece order: the same bytes on every executor.
 *
 * Round 0 draws from the prior. With likelihoods only (`sd`, `log_sd`) its
 * particles are weighted by the likelihood: importance sampling, adapted by
 * population Monte Carlo while the effective sample size is under half the
 * particles (proposals from Gaussian kernels around the last round's
 * particles, a tenth from the prior). With bands (`tolerance`), ABC-SMC by
 * resampling and moving (Del Moral et al. 2012): each round's tolerance is
 * the median band distance of the population (shrinking, never below 1);
 * the particles inside it are resampled and moved by Metropolis steps that
 * keep them inside, until every band holds (tolerance 1). Sampling is in
 * normal-score space (`space.ts`); the posterior is resampled by weight.
 */
import {
  describeEvidence,
  evidenceOf,
  fits,
  logLikelihood,
  bandDistance,
  observed,
  type Evidence,
} from '../calibrate/evidence.js';
import {
  CalibrationSettings,
  type CalibrationResult,
  type CalibrationSettings as Settings,
} from '../calibrate/document.js';
import {
  calibrationSpace,
  kernelFactor,
  lowerSolve,
  lowerTimes,
  valuesOf,
  type CalibrationSpace,
} from '../calibrate/space.js';
import { capProblems, formatPath, type KeyPath, type Problem } from '../errors.js';
import { DEFAULT_TRIALS, RUN_LIMITS, seedOf } from '../limits.js';
import type { Model } from '../model/model.js';
import { moments, quantile } from '../random/distributions.js';
import { normalQuantile } from '../random/normal.js';
import { nameKey, RandomStream } from '../random/stream.js';
import { err, ok, type Result } from '../result.js';
import { nonFinite } from '../simulate/simulate.js';
import { quantileSorted } from '../summarize/stats.js';
import { grouped } from '../text.js';
import { ENGINE_VERSION } from '../version.js';
import { identityOf, measure, resultMeasure, stepsOf } from './cost.js';
import { placed, planScenario } from './scenario.js';
import { LOCAL_SIZING } from './sequential.js';
import { runRanges } from './trials.js';
import type { Piece, PieceEnv, PieceKind, PieceRegistry, PieceSizing, Plan, Stage, Step } from './types.js';

export const CALIBRATE_KEY = nameKey('calibrate proposal');
export const RESAMPLE_KEY = nameKey('calibrate resample');

/** Rounds of ABC-SMC at most. */
export const MAX_ROUNDS = 40;
/** A final effective sample size below this is a degenerate posterior: the evidence conflicts. */
export const MIN_ESS = 10;
/**
 * With likelihoods only, rounds after the prior's whose proposals come from
 * the kernel mixture around the last population (adaptive importance
 * sampling, population Monte Carlo), until the effective sample size is
 * GOOD_ESS of the draws or MAX_ADAPT_ROUNDS have run. ADAPT is their
 * tolerance: every proposal is kept.
 */
const ADAPT = Number.MAX_VALUE;
export const GOOD_ESS = 0.5;
/**
 * Share of an adaptive round's proposals drawn from the prior (a defensive
 * mixture, Hesterberg 1995): weights stay bounded where the kernels miss
 * part of the posterior, which would otherwise narrow its intervals.
 */
const DEFENSIVE = 0.1;
export const MAX_ADAPT_ROUNDS = 12;
/** Metropolis-Hastings steps of an ABC-SMC round at most. */
export const MAX_MOVES = 10;
/** Model runs at most per posterior draw, by default. */
export const DEFAULT_RUNS_PER_DRAW = 100;

/** What both piece kinds of a calibration carry: particles [from, to) of a stage. */
interface ParticlePiece extends Piece {
  readonly seed: number;
  readonly targets: boolean;
  /** The round's tolerance; -1 in the prior round. */
  readonly eps: number;
  readonly from: number;
  readonly to: number;
  /** Global index of particle 0 of the stage: particle k draws from, and runs, the streams of offset + k. */
  readonly offset: number;
}

export interface ProposalPiece extends ParticlePiece {
  readonly kind: 'calibrate-proposals';
  /** Particles of the previous population (0 in the prior round). */
  readonly n: number;
  /** Share of proposals drawn from the prior instead of the kernel mixture (adaptive importance rounds: 0.1). */
  readonly defensive: number;
}

/** Per proposal: normal scores (d), observed values (m), log-likelihood, band distance, log-weight. */
export type ProposalAnswer =
  | {
      readonly z: Float64Array;
      readonly y: Float64Array;
      readonly loglik: Float64Array;
      readonly dist: Float64Array;
      readonly logw: Float64Array;
    }
  | { readonly failure: { readonly index: number; readonly problem: Problem } };

interface Prepared {
  readonly space: CalibrationSpace;
  readonly evidence: Evidence[];
}

const prepared = (model: Model, targets: boolean): Prepared => ({
  space: calibrationSpace(model),
  evidence: evidenceOf(model, targets),
});

/**
 * What both piece kinds do with one particle: its parameter values from its
 * normal scores, the model run on the trial streams of its index, and the
 * observed values, log-likelihood and band distance of that run.
 */
function particles(
  env: PieceEnv,
  p: { readonly scenarios: readonly string[]; readonly targets: boolean; readonly seed: number },
) {
  const sha = p.scenarios[0]!;
  const model = env.model(sha);
  const { space, evidence } = env.memo(sha, `calibrate ${p.targets}`, () => prepared(model, p.targets));
  const given = env.memo(sha, 'given', () => model.given());
  const d = space.d;
  const inputs = new Float64Array(model.parameters.length);
  const scratch = new Float64Array(model.recorded.length * model.time.times.length);
  const solved = new Float64Array(d);
  const out = { ll: 0, far: 0, problem: undefined as Problem | undefined };
  return {
    space,
    evidence,
    d,
    m: evidence.length,
    /** Run the particle at row `zAt` of `z` on the streams of `index`; its observed values into `ys` at `ysAt`. */
    run(z: Float64Array, zAt: number, index: number, ys: Float64Array, ysAt: number) {
      given.draw(p.seed, index, inputs);
      valuesOf(space, z, zAt, inputs);
      const failedAt = given.run(p.seed, index, inputs, scratch, 0, 1);
      out.problem = failedAt >= 0 ? nonFinite(model, given, p.seed, index, failedAt) : undefined;
      out.ll = 0;
      out.far = 0;
      if (out.problem) return out;
      for (let e = 0; e < evidence.length; e++) {
        const ev = evidence[e]!;
        const v = observed(ev, scratch);
        ys[ysAt * evidence.length + e] = v;
        out.ll += logLikelihood(ev, v);
        out.far = Math.max(out.far, bandDistance(ev, v));
      }
      return out;
    },
    /** log of the prior density N(0, R) at row `at` of z, up to a constant. */
    logPrior(z: Float64Array, at: number): number {
      lowerSolve(space.prior, d, z, at * d, solved);
      let lp = 0;
      for (let i = 0; i < d; i++) lp -= 0.5 * solved[i]! * solved[i]!;
      return lp;
    },
  };
}

export const proposalPiece: PieceKind<ProposalPiece, ProposalAnswer> = {
  compute(p, env) {
    const one = particles(env, p);
    const { space, d, m } = one;
    const len = p.to - p.from;
    const z = new Float64Array(len * d);
    const y = new Float64Array(len * m);
    const loglik = new Float64Array(len);
    const dist = new Float64Array(len);
    const logw = new Float64Array(len);
    const stream = new RandomStream();
    const score = new Float64Array(d);
    const step = new Float64Array(d);
    const solved = new Float64Array(d);
    const prior = p.eps < 0;
    const Z = prior ? undefined : (env.input('Z') as Float64Array);
    const cumw = prior ? undefined : (env.input('cumw') as Float64Array);
    const logW = prior ? undefined : (env.input('logw') as Float64Array);
    const kernel = prior ? undefined : (env.input('kernel') as Float64Array);
    const kz = prior ? undefined : (env.input('kz') as Float64Array);
    const logDetPrior = logDiagonal(space.prior, d);
    const logDetKernel = kernel ? logDiagonal(kernel, d) : 0;
    for (let k = p.from; k < p.to; k++) {
      const row = k - p.from;
      const index = p.offset + k;
      stream.reset(p.seed, index, CALIBRATE_KEY);
      if (!Z || !cumw || !kernel) {
        for (let i = 0; i < d; i++) score[i] = normalQuantile(stream.next());
        lowerTimes(space.prior, d, score, z, row * d);
      } else {
        const pick = stream.next();
        for (let i = 0; i < d; i++) score[i] = normalQuantile(stream.next());
        if (pick < p.defensive) lowerTimes(space.prior, d, score, z, row * d);
        else {
          const j = firstAtLeast(cumw, (pick - p.defensive) / (1 - p.defensive));
          lowerTimes(kernel, d, score, step);
          for (let i = 0; i < d; i++) z[row * d + i] = Z[j * d + i]! + step[i]!;
        }
      }
      const { ll, far, problem } = one.run(z, row, index, y, row);
      if (problem) return { failure: { index: k, problem } };
      loglik[row] = ll;
      dist[row] = far;
      if (prior) {
        logw[row] = ll;
        continue;
      }
      if (far > p.eps || ll === -Infinity || !logW || !kz || !kernel) {
        logw[row] = -Infinity;
        continue;
      }
      // Prior density of z (N(0, R)) over the kernel mixture sum_j W_j K(z | Z_j), in logs.
      const lp = one.logPrior(z, row);
      lowerSolve(kernel, d, z, row * d, solved);
      let top = -Infinity;
      let sum = 0;
      for (let j = 0; j < p.n; j++) {
        let q = 0;
        for (let i = 0; i < d; i++) {
          const r = solved[i]! - kz[j * d + i]!;
          q += r * r;
        }
        // log-sum-exp in one pass: rescale the running sum when a larger term comes.
        const t = logW[j]! - 0.5 * q;
        if (t === -Infinity) continue; // a particle of weight 0
        if (t <= top) sum += Math.exp(t - top);
        else {
          sum = sum * Math.exp(top - t) + 1;
          top = t;
        }
      }
      // Densities up to the common (2 pi)^(-d/2): the proposal is the kernel mixture, or the prior with probability `defensive`.
      const logPrior = lp - logDetPrior;
      const logMix = top + Math.log(sum) - logDetKernel;
      const logQ =
        p.defensive > 0 ? logAdd(Math.log(1 - p.defensive) + logMix, Math.log(p.defensive) + logPrior) : logMix;
      const lw = logPrior + ll - logQ;
      logw[row] = Number.isNaN(lw) ? -Infinity : lw;
    }
    return { z, y, loglik, dist, logw };
  },
};

/** Moves of particles [from, to) of the population (the stage's inputs `Z`, `Y`, `LL`, `D`). */
export interface MovePiece extends ParticlePiece {
  readonly kind: 'calibrate-moves';
}

/** Per particle after one Metropolis-Hastings move: as `ProposalAnswer`, and whether it moved. */
export type MoveAnswer =
  | {
      readonly z: Float64Array;
      readonly y: Float64Array;
      readonly loglik: Float64Array;
      readonly dist: Float64Array;
      readonly moved: Float64Array;
    }
  | { readonly failure: { readonly index: number; readonly problem: Problem } };

/**
 * One move of each particle (ABC-MCMC, Marjoram et al. 2003, as the move
 * step of ABC-SMC after Del Moral et al. 2012): propose z' = z + L n; run the
 * model; accept when every band is within the tolerance and u < prior(z')
 * L(z') / (prior(z) L(z)). The simulation of a particle that stays is kept.
 */
export const movePiece: PieceKind<MovePiece, MoveAnswer> = {
  compute(p, env) {
    const one = particles(env, p);
    const { d, m } = one;
    const len = p.to - p.from;
    const z = (env.input('Z') as Float64Array).slice(p.from * d, p.to * d);
    const y = (env.input('Y') as Float64Array).slice(p.from * m, p.to * m);
    const loglik = (env.input('LL') as Float64Array).slice(p.from, p.to);
    const dist = (env.input('D') as Float64Array).slice(p.from, p.to);
    const kernel = env.input('kernel') as Float64Array;
    const moved = new Float64Array(len);
    const stream = new RandomStream();
    const score = new Float64Array(d);
    const candidate = new Float64Array(d);
    const ys = new Float64Array(m);
    for (let k = p.from; k < p.to; k++) {
      const row = k - p.from;
      const index = p.offset + k;
      stream.reset(p.seed, index, CALIBRATE_KEY);
      const u = stream.next();
      for (let i = 0; i < d; i++) score[i] = normalQuantile(stream.next());
      lowerTimes(kernel, d, score, candidate);
      for (let i = 0; i < d; i++) candidate[i] = candidate[i]! + z[row * d + i]!;
      const { ll, far, problem } = one.run(candidate, 0, index, ys, 0);
      if (problem) return { failure: { index: k, problem } };
      if (!(far <= p.eps) || ll === -Infinity) continue;
      const logRatio = one.logPrior(candidate, 0) - one.logPrior(z, row) + ll - loglik[row]!;
      if (!(Math.log(u) < logRatio)) continue;
      z.set(candidate, row * d);
      y.set(ys, row * m);
      loglik[row] = ll;
      dist[row] = far;
      moved[row] = 1;
    }
    return { z, y, loglik, dist, moved };
  },
};

export const CALIBRATE_PIECES: PieceRegistry = {
  'calibrate-proposals': proposalPiece as PieceKind,
  'calibrate-moves': movePiece as PieceKind,
};

/** log |L L'| / 2 of a lower Cholesky factor: the sum of the logs of its diagonal. */
function logDiagonal(l: Float64Array, d: number): number {
  let s = 0;
  for (let i = 0; i < d; i++) s += Math.log(l[i * d + i]!);
  return s;
}

/** log(e^a + e^b). */
function logAdd(a: number, b: number): number {
  const top = Math.max(a, b);
  return top === -Infinity ? -Infinity : top + Math.log(Math.exp(a - top) + Math.exp(b - top));
}

/** The smallest j with c[j] >= u (c non-decreasing, its last entry 1). */
function firstAtLeast(c: Float64Array, u: number): number {
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c[mid]! >= u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A set of particles: normal scores, observed values, and weights. */
interface Population {
  readonly n: number;
  readonly z: Float64Array;
  readonly y: Float64Array;
  readonly loglik: Float64Array;
  readonly dist: Float64Array;
  readonly logw: Float64Array;
}

/** Normalised weights and their effective sample size. */
function normalise(logw: Float64Array): { w: Float64Array; ess: number } {
  let top = -Infinity;
  for (const x of logw) if (x > top) top = x;
  const w = new Float64Array(logw.length);
  if (top === -Infinity) return { w, ess: 0 };
  let sum = 0;
  for (let i = 0; i < w.length; i++) {
    w[i] = Math.exp(logw[i]! - top);
    sum += w[i]!;
  }
  let sq = 0;
  for (let i = 0; i < w.length; i++) {
    w[i] = w[i]! / sum;
    sq += w[i]! * w[i]!;
  }
  return { w, ess: 1 / sq };
}

export interface CalibratePlan extends Plan<CalibrationResult> {
  readonly settings: Settings;
}

/** A calibration's plan: settings and evidence checked against the model, cost counted, nothing run. */
export function calibratePlan(
  model: Model,
  asked: Settings = {},
  sizing: PieceSizing = LOCAL_SIZING,
): Result<CalibratePlan, Problem[]> {
  const parsed = CalibrationSettings.safeParse(asked);
  const at = (path: KeyPath, message: string, code: Problem['code'] = 'usage'): Problem => {
    const pos = model.source.locate(path);
    return { code, message, file: pos.file, path, line: pos.line, column: pos.column };
  };
  if (!parsed.success)
    return err(parsed.error.issues.map((i) => at([], `${i.path.join('.') || 'settings'}: ${i.message}`)));
  const settings = parsed.data;
  const targets = settings.targets ?? false;
  const { space, evidence } = prepared(model, targets);
  if (evidence.length === 0)
    return err([
      at(
        [],
        targets
          ? `'${model.document.id}' has neither observations nor targets to calibrate on`
          : `'${model.document.id}' has no observations: add observations, or calibrate on its targets (--targets)`,
      ),
    ]);
  if (space.d === 0)
    return err([at(['parameters'], `'${model.document.id}' has no per-trial parameter with a spread to calibrate`)]);
  const n = settings.trials ?? model.document.trials ?? DEFAULT_TRIALS;
  const seed = seedOf(model, settings.seed);
  const maxRuns = settings.max_runs ?? DEFAULT_RUNS_PER_DRAW * n;
  if (maxRuns < n) return err([at([], `max_runs (${maxRuns}) is below the trials of the prior round (${n})`)]);
  const steps = model.time.steps;
  const operations = maxRuns * model.trialOperations + maxRuns * evidence.length * 4;
  if (operations > RUN_LIMITS.maxOperations || maxRuns > RUN_LIMITS.maxTrials)
    return err([
      at(
        ['trials'],
        `a calibration of up to ${grouped(maxRuns)} model runs is over the engine's work limit (maxOperations, maxTrials); ask for fewer trials or max_runs`,
        'limit',
      ),
    ]);
  const scenario = planScenario(model);
  const sha = scenario.sha256;
  const bands = evidence.some((e) => e.error.kind === 'tolerance');
  const d = space.d;
  const m = evidence.length;
  return ok({
    kind: 'calibrate',
    identity: identityOf('calibrate', [sha], { trials: n, seed, targets, maxRuns }),
    scenarios: [scenario],
    settings,
    cost: {
      runs: measure(model, ['trials'], maxRuns, `at most ${grouped(maxRuns)} model runs (max_runs)`),
      trials: measure(model, ['trials'], n, `${grouped(n)} posterior draws`),
      trialSteps: measure(
        model,
        ['trials'],
        maxRuns * steps,
        `${grouped(maxRuns)} runs x ${grouped(steps)} steps`,
        'ask for fewer trials or max_runs',
      ),
      storedValues: measure(
        model,
        ['observations'],
        3 * n * (d + m + 3),
        'three populations of draws x (parameters + observations + 3)',
        'ask for fewer trials',
      ),
      operations,
      steps: stepsOf([model]),
      // The posterior sample dominates: trials x parameters numbers (about 24 bytes each as JSON), then the tables.
      result: resultMeasure(
        model,
        ['trials'],
        {
          values: n * d + 14 * d + 10 * m + 5 * MAX_ROUNDS,
          bytes: 24 * (n * d + 14 * d + 10 * m + 5 * MAX_ROUNDS) + 120 * (d + m) + 4096,
        },
        `${grouped(n)} posterior draws x ${d} parameters, and the tables`,
        'ask for fewer trials (posterior draws)',
      ),
    },
    kinds: CALIBRATE_PIECES,
    start() {
      const started = Date.now();
      let runs = 0;
      let offset = 0;
      const rounds: CalibrationResult['rounds'] = [];
      let prior: Population | undefined;
      const failed = (p: Problem): Step<CalibrationResult> => ({ result: err(capProblems([placed(model, p)])) });

      /** Proposals [0, count) of one batch as a stage; `then` gets them merged in index order. */
      const batch = (
        eps: number,
        count: number,
        previous: { pop: Population; inputs: Record<string, Float64Array> } | undefined,
        then: (got: Population) => Step<CalibrationResult>,
      ): Stage<CalibrationResult> => {
        const base = offset;
        offset += count;
        runs += count;
        const pieces: ProposalPiece[] = runRanges(count, steps, sizing).map(([from, to]) => ({
          kind: 'calibrate-proposals',
          scenarios: [sha],
          inputs: previous ? ['Z', 'cumw', 'logw', 'kernel', 'kz'] : [],
          runs: to - from,
          seed,
          targets,
          eps,
          from,
          to,
          offset: base,
          n: previous?.pop.n ?? 0,
          defensive: eps === ADAPT ? DEFENSIVE : 0,
        }));
        const got = emptyPopulation(count, d, m);
        return particleStage(eps < 0 ? 'prior' : `round ${rounds.length}`, pieces, previous?.inputs ?? {}, got, {
          d,
          m,
          take: (a: ProposalAnswer & { logw: Float64Array }, from) => got.logw.set(a.logw, from),
          next: () => then(got),
          failed,
        });
      };

      const finish = (pop: Population, method: CalibrationResult['method']): Step<CalibrationResult> => {
        const { w, ess: own } = normalise(pop.logw);
        // After ABC-SMC's moves the particles weigh the same: the last round's weights before its resampling tell.
        const ess = method === 'abc-smc' ? (rounds.at(-1)?.ess ?? own) : own;
        if (!(ess >= MIN_ESS) || !prior) return failed(conflictProblem(model, evidence, prior ?? pop, pop, rounds));
        const picks = resample(w, n, seed);
        const values = new Float64Array(model.parameters.length);
        const rows = picks.map((j) => {
          valuesOf(space, pop.z, j, values);
          return space.indices.map((i) => values[i]!);
        });
        const warnings: string[] = [];
        if (ess < n / 10)
          warnings.push(
            `the effective sample size is ${ess.toFixed(1)} of ${n} draws: the posterior rests on few particles; ask for more trials`,
          );
        const doc: CalibrationResult = {
          scenario: model.document.id,
          method,
          trials: n,
          seed,
          model_runs: runs,
          rounds,
          ess,
          parameters: space.ids.map((id, i) => ({
            id,
            prior: priorSpread(space, i),
            posterior: sampleSpread(Float64Array.from(rows, (r) => r[i]!)),
          })),
          observations: evidence.map((e, k) => {
            const before = column(prior!.y, m, k, prior!.n);
            const after = Float64Array.from(picks, (j) => pop.y[j * m + k]!);
            return {
              variable: e.variable,
              time: e.time,
              ...(e.relativeTo !== undefined ? { relative_to: e.relativeTo } : {}),
              ...(e.over !== undefined ? { over: e.over } : {}),
              value: e.value,
              error: e.error.kind,
              width: e.error.width,
              ...(e.source !== undefined ? { source: e.source } : {}),
              at: formatPath(e.path),
              prior_fit: share(e, before),
              posterior_fit: share(e, after),
              prior_p50: finiteOrNull(median(before)),
              posterior_p50: finiteOrNull(median(after)),
            };
          }),
          warnings,
          sample: { columns: [...space.ids], rows },
          provenance: {
            engine: ENGINE_VERSION,
            document_sha256: sha,
            seed,
            trials: n,
            elapsed_ms: Date.now() - started,
          },
        };
        return { result: ok(doc) };
      };

      /**
       * One ABC-SMC round at tolerance eps (Del Moral et al. 2012): weigh the
       * population by which particles are inside eps, resample, then move
       * every particle by Metropolis-Hastings steps that keep it inside, until
       * the particles have moved once each on average (at most MAX_MOVES steps).
       */
      const smcRound = (pop: Population, eps: number): Step<CalibrationResult> => {
        const logw = Float64Array.from(pop.logw, (x, i) => (pop.dist[i]! <= eps ? x : -Infinity));
        const { w, ess } = normalise(logw);
        if (!(ess >= MIN_ESS)) return failed(conflictProblem(model, evidence, prior!, pop, rounds, eps));
        const picks = resample(w, n, seed, rounds.length);
        let cur = gather(
          picks.map((k) => ({ src: pop, k })),
          d,
          m,
        );
        cur.logw.fill(0);
        let tries = 0;
        let moves = 0;
        const step = (): Step<CalibrationResult> => {
          if (runs + n > maxRuns) return failed(conflictProblem(model, evidence, prior!, cur, rounds, eps));
          const uniform = new Float64Array(n).fill(1 / n);
          const scale = (2.38 * 2.38) / d / 2;
          const kernel = kernelFactor(cur.z, uniform, n, d, scale);
          const base = offset;
          offset += n;
          runs += n;
          const pieces: MovePiece[] = runRanges(n, steps, sizing).map(([from, to]) => ({
            kind: 'calibrate-moves',
            scenarios: [sha],
            inputs: ['Z', 'Y', 'LL', 'D', 'kernel'],
            runs: to - from,
            seed,
            targets,
            eps,
            from,
            to,
            offset: base,
          }));
          const next = emptyPopulation(n, d, m);
          let moved = 0;
          return {
            stage: particleStage(
              `round ${rounds.length} move ${tries}`,
              pieces,
              { Z: cur.z, Y: cur.y, LL: cur.loglik, D: cur.dist, kernel },
              next,
              {
                d,
                m,
                take: (a: MoveAnswer & { moved: Float64Array }) => {
                  for (const x of a.moved) moved += x;
                },
                failed,
                next: () => {
                  cur = next;
                  tries++;
                  moves += moved;
                  if (moves < n && tries < MAX_MOVES) return step();
                  rounds.push({
                    tolerance: eps,
                    proposals: tries * n,
                    accepted: moves,
                    acceptance_rate: moves / (tries * n),
                    ess,
                  });
                  if (eps <= 1) return finish(cur, 'abc-smc');
                  if (rounds.length >= MAX_ROUNDS)
                    return failed(conflictProblem(model, evidence, prior!, cur, rounds, eps));
                  return smcRound(cur, nextTolerance(cur, eps));
                },
              },
            ),
          };
        };
        return step();
      };

      /**
       * One adaptive importance round (likelihoods only): n proposals from the
       * kernel mixture around `pop` (a tenth from the prior), weighed by prior x
       * likelihood / proposal density; again while the ESS is under GOOD_ESS.
       */
      const adaptRound = (pop: Population): Step<CalibrationResult> => {
        const { w } = normalise(pop.logw);
        const cumw = new Float64Array(pop.n);
        let c = 0;
        for (let j = 0; j < pop.n; j++) {
          c += w[j]!;
          cumw[j] = c;
        }
        cumw[pop.n - 1] = 1;
        const logwIn = Float64Array.from(w, (x) => Math.log(x));
        const kernel = kernelFactor(pop.z, w, pop.n, d);
        const kz = new Float64Array(pop.n * d);
        const solved = new Float64Array(d);
        for (let j = 0; j < pop.n; j++) {
          lowerSolve(kernel, d, pop.z, j * d, solved);
          kz.set(solved, j * d);
        }
        const previous = { pop, inputs: { Z: pop.z, cumw, logw: logwIn, kernel, kz } };
        const kept: { src: Population; k: number }[] = [];
        let proposed = 0;
        // Proposals whose likelihood is 0 (a lognormal error on a value <= 0) are proposed again.
        const more = (): Step<CalibrationResult> => {
          const left = maxRuns - runs;
          if (left <= 0) return failed(conflictProblem(model, evidence, prior!, pop, rounds));
          return {
            stage: batch(ADAPT, Math.min(left, n - kept.length), previous, (got) => {
              proposed += got.n;
              for (let k = 0; k < got.n && kept.length < n; k++)
                if (got.logw[k]! > -Infinity) kept.push({ src: got, k });
              if (kept.length < n) return more();
              const next = gather(kept, d, m);
              const ess = normalise(next.logw).ess;
              rounds.push({ tolerance: null, proposals: proposed, accepted: n, acceptance_rate: n / proposed, ess });
              if (ess >= n * GOOD_ESS || rounds.length >= MAX_ADAPT_ROUNDS) return finish(next, 'importance');
              return adaptRound(next);
            }),
          };
        };
        return more();
      };

      return {
        stage: batch(-1, n, undefined, (pop) => {
          prior = pop;
          const { ess } = normalise(pop.logw);
          rounds.push({ tolerance: null, proposals: n, accepted: n, acceptance_rate: 1, ess });
          if (!bands) return ess >= n * GOOD_ESS ? finish(pop, 'importance') : adaptRound(pop);
          return smcRound(pop, nextTolerance(pop, Infinity));
        }),
      };
    },
  });
}

function emptyPopulation(n: number, d: number, m: number): Population {
  return {
    n,
    z: new Float64Array(n * d),
    y: new Float64Array(n * m),
    loglik: new Float64Array(n),
    dist: new Float64Array(n),
    logw: new Float64Array(n),
  };
}

type ParticleAnswer =
  | { readonly z: Float64Array; readonly y: Float64Array; readonly loglik: Float64Array; readonly dist: Float64Array }
  | { readonly failure: { readonly index: number; readonly problem: Problem } };

/**
 * A stage of particle pieces (ranges [from, to) of particles) whose answers
 * are copied into `into` at their rows; `take` reads the rest of an answer.
 * The failure reported is the lowest failing particle's, as one thread meets it.
 */
function particleStage<A>(
  name: string,
  pieces: readonly (Piece & { readonly from: number })[],
  inputs: Readonly<Record<string, Float64Array>>,
  into: Population,
  how: {
    readonly d: number;
    readonly m: number;
    readonly take: (answer: A, from: number) => void;
    readonly next: () => Step<CalibrationResult>;
    readonly failed: (p: Problem) => Step<CalibrationResult>;
  },
): Stage<CalibrationResult> {
  let first: { index: number; problem: Problem } | undefined;
  return {
    name,
    pieces,
    inputs,
    wanted: (i) => !(first && first.index < pieces[i]!.from),
    take(i, answer) {
      const a = answer as ParticleAnswer;
      if ('failure' in a) {
        if (!first || a.failure.index < first.index) first = a.failure;
        return;
      }
      const from = pieces[i]!.from;
      into.z.set(a.z, from * how.d);
      into.y.set(a.y, from * how.m);
      into.loglik.set(a.loglik, from);
      into.dist.set(a.dist, from);
      how.take(answer as A, from);
    },
    next: () => (first ? how.failed(first.problem) : how.next()),
  };
}

/** The next tolerance: the median band distance of the population, shrinking by 5% at least, never below 1. */
function nextTolerance(pop: Population, eps: number): number {
  const finite = Float64Array.from(pop.dist.filter((x) => Number.isFinite(x))).sort();
  if (finite.length === 0) return 1;
  return Math.max(1, Math.min(quantileSorted(finite, 0.5), eps * 0.95));
}

/** Accepted proposals of several batches, in order, as one population. */
function gather(kept: readonly { src: Population; k: number }[], d: number, m: number): Population {
  const pop = emptyPopulation(kept.length, d, m);
  kept.forEach(({ src, k }, i) => {
    pop.z.set(src.z.subarray(k * d, (k + 1) * d), i * d);
    pop.y.set(src.y.subarray(k * m, (k + 1) * m), i * m);
    pop.loglik[i] = src.loglik[k]!;
    pop.dist[i] = src.dist[k]!;
    pop.logw[i] = src.logw[k]!;
  });
  return pop;
}

/** Systematic resampling of n indices by weight, from one uniform of the stream (seed, 0, RESAMPLE_KEY). */
export function resample(w: Float64Array, n: number, seed: number, round = 0): number[] {
  const g = new RandomStream();
  g.reset(seed, round, RESAMPLE_KEY);
  const u0 = g.next();
  const picks: number[] = [];
  let j = 0;
  let c = w[0] ?? 0;
  for (let i = 0; i < n; i++) {
    const u = (i + u0) / n;
    while (c < u && j < w.length - 1) c += w[++j]!;
    picks.push(j);
  }
  return picks;
}

function column(y: Float64Array, m: number, k: number, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => y[i * m + k]!);
}

function share(e: Evidence, ys: Float64Array): number {
  let c = 0;
  for (const v of ys) if (fits(e, v)) c++;
  return ys.length === 0 ? 0 : c / ys.length;
}

function median(ys: Float64Array): number {
  const finite = ys.filter((v) => Number.isFinite(v)).sort();
  return finite.length === 0 ? NaN : quantileSorted(finite, 0.5);
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

function priorSpread(space: CalibrationSpace, i: number): CalibrationResult['parameters'][number]['prior'] {
  const dist = space.distributions[i]!;
  const q = (p: number) => quantile(dist, p);
  const { mean, sd } = moments(dist);
  return { mean, sd, p5: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95) };
}

function sampleSpread(xs: Float64Array): CalibrationResult['parameters'][number]['posterior'] {
  const sorted = Float64Array.from(xs).sort();
  let mean = 0;
  for (const x of xs) mean += x / xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  const q = (p: number) => quantileSorted(sorted, p);
  return {
    mean,
    sd: xs.length > 1 ? Math.sqrt(ss / (xs.length - 1)) : 0,
    p5: q(0.05),
    p25: q(0.25),
    p50: q(0.5),
    p75: q(0.75),
    p95: q(0.95),
  };
}

/** Effective trials an observation alone leaves of the prior round: its likelihood's ESS, or the trials inside its band. */
function effectiveAlone(prior: Population, m: number, ev: readonly Evidence[], ks: readonly number[]): number {
  const logw = new Float64Array(prior.n);
  for (let i = 0; i < prior.n; i++) {
    let s = 0;
    for (const k of ks) {
      const e = ev[k]!;
      const v = prior.y[i * m + k]!;
      s += e.error.kind === 'tolerance' ? (bandDistance(e, v) <= 1 ? 0 : -Infinity) : logLikelihood(e, v);
    }
    logw[i] = s;
  }
  return normalise(logw).ess;
}

/** Observations (a few) that conflict, alone or in pairs, in the prior round; else the worst fitting. */
export function conflictingEvidence(
  prior: Population,
  last: Population,
  ev: readonly Evidence[],
): { ks: number[]; why: string } {
  const m = ev.length;
  const alone = ev.map((_, k) => effectiveAlone(prior, m, ev, [k]));
  const single = alone.flatMap((e, k) => (e < MIN_ESS ? [k] : []));
  if (single.length > 0)
    return {
      ks: single,
      why: `the priors reproduce ${single.length === 1 ? 'it' : 'each'} in fewer than ${MIN_ESS} of ${prior.n} trials`,
    };
  const cap = Math.min(m, 60);
  const pairs: [number, number][] = [];
  for (let a = 0; a < cap && pairs.length < 5; a++)
    for (let b = a + 1; b < cap && pairs.length < 5; b++)
      if (effectiveAlone(prior, m, ev, [a, b]) < MIN_ESS) pairs.push([a, b]);
  if (pairs.length > 0)
    return {
      ks: [...new Set(pairs.flat())],
      why: `each alone is reproduced by the priors, but together (${pairs.map(([a, b]) => `${describeEvidence(ev[a]!)} with ${describeEvidence(ev[b]!)}`).join('; ')}) in fewer than ${MIN_ESS} of ${prior.n} trials`,
    };
  const fit = ev.map((e, k) => share(e, column(last.y, m, k, last.n)));
  const worst = fit
    .map((f, k) => [f, k] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .slice(0, 3)
    .map(([, k]) => k);
  return { ks: worst, why: 'they fit worst in the last population' };
}

function conflictProblem(
  model: Model,
  ev: readonly Evidence[],
  prior: Population,
  last: Population,
  rounds: CalibrationResult['rounds'],
  eps?: number,
): Problem {
  const { ks, why } = conflictingEvidence(prior, last, ev);
  const trail = rounds
    .flatMap((r) =>
      r.tolerance === null
        ? []
        : [`${r.tolerance.toPrecision(3)} (${(r.acceptance_rate * 100).toPrecision(2)}% accepted)`],
    )
    .join(', ');
  const where =
    eps === undefined || eps === ADAPT
      ? `the posterior would rest on fewer than ${MIN_ESS} effective draws`
      : `ABC-SMC could not bring the tolerance from ${eps.toPrecision(4)} to 1 within its runs; tolerances ${trail || 'none'}`;
  const path = ev[ks[0] ?? 0]!.path;
  const pos = model.source.locate(path);
  return {
    code: 'conflict',
    message: `the evidence conflicts with the priors (${where}): ${ks.map((k) => describeEvidence(ev[k]!)).join('; ')}: ${why}. Widen these observations' errors or the priors they depend on, or drop one`,
    file: pos.file,
    path,
    line: pos.line,
    column: pos.column,
  };
}
