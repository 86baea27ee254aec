import { CopulaSampler } from '../random/copula.js';
import { makeSampler, quantile, type Sampler } from '../random/distributions.js';
import { rowSampler } from './parameters.js';
import { RandomStream } from '../random/stream.js';
import type { ScenarioDocument } from '../scenario/schema.js';
import type { CompiledEquations, InitItem, StockEquation } from './equations.js';
import { makeLookup, runtime } from './expression.js';
import { emitTree } from './expression-emit.js';
import type { ExprTree } from './expression-tree.js';
import type {
  CorrelationModel,
  GivenRunner,
  ParameterModel,
  ProbeRunner,
  ProbeStep,
  ShockModel,
  SymbolInfo,
  TrialRunner,
} from './model.js';
import { drawEventWeights, drawShockEvents, setHalfLife, ShockState, shockIntensity, weighEvents } from './shocks.js';
import { seriesTable } from './series.js';
import { hiddenSlot } from './stateful.js';
import { reportIndex, timeAt, type TimeGrid } from './time.js';

interface ModelParts {
  readonly doc: ScenarioDocument;
  readonly time: TimeGrid;
  readonly symbols: ReadonlyMap<string, SymbolInfo>;
  readonly parameters: readonly ParameterModel[];
  readonly shocks: readonly ShockModel[];
  readonly equations: CompiledEquations;
  /** Slots of the value vector: the symbols', then the hidden state's. */
  readonly slotCount: number;
  readonly evaluated: readonly SymbolInfo[];
  readonly recorded: readonly string[];
  /** Recorded rows holding a running integral, turned into integrals over a year at the end of a trial. */
  readonly annualRows: readonly number[];
  readonly correlation: CorrelationModel | undefined;
}

/**
 * The names the generated trial function closes over, in the order `tables`
 * passes them: the runtime helpers, samplers, parameter streams, shock states
 * and streams (of events, and of per-event severities), lookups, series tables (at the steps and, for RK4, half a step
 * later), the step and reporting times, and for each reporting time the index of the one a year later.
 */
const INPUTS = [
  'R',
  'S',
  'G',
  'H',
  'HG',
  'HS',
  'L',
  'Q',
  'TIMES',
  'REPORT_STEPS',
  'QM',
  'MID_TIMES',
  'YEAR_ON',
] as const;

/** A finite number as JavaScript source; only numbers ever reach generated code as literals. */
export function literal(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`internal: non-finite literal ${x}`);
  const s = String(x);
  return x < 0 ? `(${s})` : s;
}

/**
 * Generate one function that runs a whole trial: draws, initial values, and
 * every step in the order the format fixes (shocks, per-step draws, series,
 * variables, record, advance). Symbols become `v[slot]`; user text never
 * reaches the source, only slot numbers, number literals and helper names.
 */
export function generateModel(parts: ModelParts): {
  source: string;
  instantiate: () => TrialRunner;
  probe: () => ProbeRunner;
  given: () => GivenRunner;
} {
  const { time, symbols, parameters, shocks, equations, recorded, correlation } = parts;
  const correlated = new Set(correlation?.members ?? []);
  const slotOf = (name: string): string => {
    const hidden = hiddenSlot(name);
    if (hidden !== undefined) return `v[${hidden}]`;
    const s = symbols.get(name);
    if (!s) throw new Error(`internal: unresolved symbol ${name}`);
    return `v[${s.slot}]`;
  };
  const lookupIds = Object.keys(parts.doc.lookups ?? {});
  const lookupRef = (id: string) => `L${lookupIds.indexOf(id)}`;
  const emit = (e: ExprTree | undefined) => (e ? emitTree(e, slotOf, lookupRef) : '0');
  // Without a stock (the model's or a hidden one) RK4's stages would recompute the same values.
  const rk4 = equations.method === 'rk4' && equations.stocks.length > 0;
  /** A stock's net flow: a model stock's inflow minus outflow, a hidden stock's one expression. */
  const flow = (s: StockEquation) => (s.hidden ? emit(s.inflow) : `(${emit(s.inflow)}) - (${emit(s.outflow)})`);
  /** Write a stock's new value, clamped to its bounds. */
  const store = (s: StockEquation, value: string) => {
    let code = `{ let x = ${value};`;
    if (s.min > -Infinity) code += ` if (x < ${literal(s.min)}) x = ${literal(s.min)};`;
    if (s.max < Infinity) code += ` if (x > ${literal(s.max)}) x = ${literal(s.max)};`;
    return `${code} v[${s.slot}] = x; }`;
  };
  const initialisation = (item: InitItem): string => {
    if (item.kind === 'value') return `v[${item.slot}] = ${emit(item.tree)};`;
    // A delay that is NaN gives no length: its outputs are NaN, which the run reports.
    return (
      `{ const d = ${emit(item.delay)}; const n = R.fixedSteps(d, ${literal(time.dt)}, ${item.capacity}); ` +
      `v[${item.steps}] = n > 0 ? n : 1; v[${item.first}] = n > 0 ? ${emit(item.initial)} : NaN; v[${item.out}] = v[${item.first}]; }`
    );
  };
  const seriesIds = Object.keys(parts.doc.series ?? {});

  /**
   * The trial function's source. `probe` mode (for `foresight check`) takes
   * per-trial values from PT, per-step sequences from PK and shock events set
   * by the caller instead of drawing them, records nothing, and calls CB.on(k, v)
   * after each step's variables (a true result stops the trial). The normal
   * mode is the hot path and is generated exactly as before. Correlated
   * parameters are drawn together by CP.draw(v) (the copula), after the
   * other per-trial draws and before any shock's rate is read.
   */
  const generate = (probe: boolean): string => {
    const lines: string[] = [];
    const out = (s: string) => lines.push(s);
    parameters.forEach((_, i) => out(`const S${i} = S[${i}], G${i} = G[${i}];`));
    shocks.forEach((_, i) => out(`const H${i} = H[${i}], HG${i} = HG[${i}], HS${i} = HS[${i}];`));
    lookupIds.forEach((_, i) => out(`const L${i} = L[${i}];`));
    seriesIds.forEach((_, i) => out(`const Q${i} = Q[${i}];`));
    if (rk4) seriesIds.forEach((_, i) => out(`const QM${i} = QM[${i}];`));
    out(`const TT = TIMES, RS = REPORT_STEPS${rk4 ? ', TM = MID_TIMES' : ''};`);
    out(`return function trial(v, out, col, stride) {`);
    out(`const span = ${time.times.length} * stride;`);
    out(`v[0] = TT[0]; v[1] = ${literal(time.dt)};`);
    parameters.forEach((p, i) => {
      if (p.per !== 'trial') return;
      if (probe) out(`v[${p.slot}] = PT[${i}];`);
      else if (!correlated.has(i)) out(`v[${p.slot}] = S${i}(G${i});`);
    });
    if (!probe && correlation) out(`CP.draw(v);`);
    // A shock's trial: its half-life when drawn, its events (a probe sets them), then their weights.
    shocks.forEach((s, i) => {
      if ('slot' in s.halfLife) out(`R.halfLife(H${i}, v[${s.halfLife.slot}]);`);
      if (s.rate !== undefined && !probe) {
        const rate = 'value' in s.rate ? literal(s.rate.value) : `v[${s.rate.slot}]`;
        out(`R.draw(H${i}, HG${i}, ${rate});`);
      }
      const w = s.severity;
      if ('slot' in w) out(`R.weigh(H${i}, v[${w.slot}]);`);
      else if ('key' in w)
        out(probe ? `R.weighFrom(H${i}, PK[${w.parameter}]);` : `R.weighEach(H${i}, S${w.parameter}, HS${i});`);
    });
    out(`let r = 0;`);
    out(`for (let k = 0; ; k++) {`);
    out(`const t = TT[k]; v[0] = t;`);
    // With RK4 the last stage of the step before already computed the intensities at t.
    if (rk4 && shocks.length > 0) out(`if (k === 0) {`);
    shocks.forEach((s, i) => out(`v[${s.slot}] = R.intensity(H${i}, t);`));
    if (rk4 && shocks.length > 0) out(`}`);
    parameters.forEach((p, i) => {
      if (p.per === 'step') out(probe ? `v[${p.slot}] = PK[${i}][k];` : `v[${p.slot}] = S${i}(G${i});`);
    });
    seriesIds.forEach((id, i) => out(`v[${symbols.get(id)!.slot}] = Q${i}[k];`));
    // The start: initial values are computed at the first step's time, after its draws.
    if (equations.initials.length > 0) {
      out(`if (k === 0) {`);
      for (const item of equations.initials) out(initialisation(item));
      out(`}`);
    }
    for (const p of equations.pipelines) {
      out(`v[${p.out}] = k < v[${p.steps}] ? v[${p.first}] : v[${p.base} + k % v[${p.steps}]];`);
    }
    if (rk4) {
      equations.stocks.forEach((_, i) => out(`let y${i} = 0, a${i} = 0;`));
      equations.memories.forEach((_, i) => out(`let m${i} = 0;`));
      equations.pipelines.forEach((_, i) => out(`let p${i} = 0;`));
      out(`for (let s = 0; s < 4; s++) {`);
      // The middle stages share one time, so the second changes nothing; shocks move forward only
      // (an intensity carries its sum from the time before: see shocks.ts).
      out(`if (s === 1) {`);
      out(`const ts = TM[k]; v[0] = ts;`);
      shocks.forEach((s, i) => out(`v[${s.slot}] = R.intensity(H${i}, ts);`));
      seriesIds.forEach((id, i) => out(`v[${symbols.get(id)!.slot}] = QM${i}[k];`));
      out(`} else if (s === 3) {`);
      out(`const ts = TT[k + 1]; v[0] = ts;`);
      shocks.forEach((s, i) => out(`v[${s.slot}] = R.intensity(H${i}, ts);`));
      seriesIds.forEach((id, i) => out(`v[${symbols.get(id)!.slot}] = Q${i}[k + 1];`));
      out(`}`);
    }
    for (const eq of equations.variables) out(`v[${eq.slot}] = ${emit(eq.tree)};`);
    if (rk4) out(`if (s === 0) {`);
    if (probe) out(`if (CB.on(k, v) === true) return k;`);
    // One sum catches any NaN or infinity among stocks and variables: x - x is 0 only for finite x.
    const watched = parts.evaluated.map((s) => `v[${s.slot}]`);
    if (watched.length > 0) out(`const acc = ${watched.join(' + ')}; if (acc - acc !== 0) return k;`);
    if (!probe) {
      out(`if (k === RS[r]) {`);
      out(`const at = r * stride + col;`);
      recorded.forEach((id, i) => out(`out[${i === 0 ? '' : `${i} * span + `}at] = ${slotOf(id)};`));
      out(`r++;`);
      out(`}`);
    }
    if (!probe && parts.annualRows.length > 0) {
      // A running integral recorded at every reporting time becomes, at time x, the
      // integral over [x, x + 1]: read forward, so each later entry is still the raw one.
      out(`if (k === ${time.steps}) {`);
      out(`for (let j = 0; j < ${time.times.length}; j++) {`);
      out(`const y = YEAR_ON[j];`);
      for (const row of parts.annualRows) {
        const base = `${row} * span + col`;
        out(`out[${base} + j * stride] = y < 0 ? 0 : out[${base} + y * stride] - out[${base} + j * stride];`);
      }
      out(`}`);
      out(`return -1;`);
      out(`}`);
    } else out(`if (k === ${time.steps}) return -1;`);
    if (rk4) {
      // Discrete state moves once per step, with the values at the step's own time.
      equations.memories.forEach((m, i) => out(`m${i} = ${emit(m.next)};`));
      equations.pipelines.forEach((p, i) => out(`p${i} = ${emit(p.input)};`));
      equations.stocks.forEach((s, i) => out(`y${i} = v[${s.slot}];`));
      out(`}`);
      equations.stocks.forEach((s, i) => out(`const f${i} = ${flow(s)};`));
      // Classic RK4: stages at t, t + dt/2, t + dt/2, t + dt; the step takes their weighted mean slope.
      const half = literal(time.dt / 2);
      out(`if (s === 0) {`);
      equations.stocks.forEach((s, i) => out(`a${i} = f${i}; ${store(s, `y${i} + ${half} * f${i}`)}`));
      out(`} else if (s === 1) {`);
      equations.stocks.forEach((s, i) => out(`a${i} += 2 * f${i}; ${store(s, `y${i} + ${half} * f${i}`)}`));
      out(`} else if (s === 2) {`);
      equations.stocks.forEach((s, i) => out(`a${i} += 2 * f${i}; ${store(s, `y${i} + ${literal(time.dt)} * f${i}`)}`));
      out(`} else {`);
      equations.stocks.forEach((s, i) => out(store(s, `y${i} + ${literal(time.dt / 6)} * (a${i} + f${i})`)));
      out(`}`);
      out(`}`);
      equations.memories.forEach((m, i) => out(`v[${m.slot}] = m${i};`));
      equations.pipelines.forEach((p, i) => out(`v[${p.base} + k % v[${p.steps}]] = p${i};`));
    } else {
      equations.stocks.forEach((s, i) => out(`const f${i} = ${flow(s)};`));
      equations.memories.forEach((m, i) => out(`const m${i} = ${emit(m.next)};`));
      equations.pipelines.forEach((p, i) => out(`const p${i} = ${emit(p.input)};`));
      equations.stocks.forEach((s, i) => out(store(s, `v[${s.slot}] + ${literal(time.dt)} * f${i}`)));
      equations.memories.forEach((m, i) => out(`v[${m.slot}] = m${i};`));
      equations.pipelines.forEach((p, i) => out(`v[${p.base} + k % v[${p.steps}]] = p${i};`));
    }
    out(`}`);
    out(`};`);
    return lines.join('\n');
  };
  const source = generate(false);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from checked trees only
  const factory = new Function(...INPUTS, 'CP', source) as (
    ...args: unknown[]
  ) => (v: Float64Array, out: Float64Array, col: number, stride: number) => number;

  // Tables shared by every runner of this model.
  const stepTimes = Float64Array.from({ length: time.steps + 1 }, (_, k) => timeAt(time.start, k, time.dt));
  const seriesTables = Object.values(parts.doc.series ?? {}).map((s) => seriesTable(s, stepTimes));
  // RK4's middle stages run half a step after each step's time.
  const midTimes = rk4
    ? Float64Array.from({ length: time.steps }, (_, k) => timeAt(time.start, k + 0.5, time.dt))
    : new Float64Array(0);
  const midSeries = rk4 ? Object.values(parts.doc.series ?? {}).map((s) => seriesTable(s, midTimes)) : [];
  const lookups = Object.values(parts.doc.lookups ?? {}).map((l) => makeLookup(l.points, l));
  const samplers: Sampler[] = parameters.map((p) => (p.sample ? rowSampler(p.sample) : makeSampler(p.distribution)));
  const yearOn = Int32Array.from(time.times, (x) => reportIndex(time, x + 1));
  const helpers = {
    ...runtime,
    intensity: shockIntensity,
    draw: drawShockEvents(time.start, time.end),
    halfLife: setHalfLife,
    weigh: weighEvents,
    weighEach: drawEventWeights,
    weighFrom: (h: ShockState, seq: ArrayLike<number>) => {
      for (let j = 0; j < h.count; j++) h.weights[j] = seq.length > 0 ? seq[Math.min(j, seq.length - 1)]! : NaN;
    },
  };
  /** What every variant of the trial function receives first, in the order of INPUTS. */
  const tables = (
    samplersOrReaders: readonly Sampler[],
    streams: readonly RandomStream[],
    states: readonly ShockState[],
    shockStreams: readonly RandomStream[],
    severityStreams: readonly (RandomStream | undefined)[],
  ): unknown[] => [
    helpers,
    samplersOrReaders,
    streams,
    states,
    shockStreams,
    severityStreams,
    lookups,
    seriesTables,
    stepTimes,
    time.reportSteps,
    midSeries,
    midTimes,
    yearOn,
  ];

  // The copula maps each member's uniform through its exact quantile function
  // (PERT and Bernoulli included, which sample otherwise when uncorrelated).
  const memberQuantiles = (correlation?.members ?? []).map((i) => {
    const d = parameters[i]!.distribution;
    return (p: number) => quantile(d, p);
  });
  const copula = (streams: readonly RandomStream[]): CopulaSampler | undefined =>
    correlation &&
    new CopulaSampler(
      correlation.cholesky,
      memberQuantiles,
      correlation.members.map((i) => streams[i]!),
    );
  const memberSlots = (correlation?.members ?? []).map((i) => parameters[i]!.slot);

  /** A stream per shock whose severity is drawn per event; undefined for the others. */
  const severityStreams = () => shocks.map((s) => ('key' in s.severity ? new RandomStream() : undefined));
  /** Re-seed every shock's streams for one trial. */
  const reseedShocks = (
    shockStreams: readonly RandomStream[],
    severity: readonly (RandomStream | undefined)[],
    seed: number,
    trial: number,
  ) => {
    for (let i = 0; i < shockStreams.length; i++) {
      const s = shocks[i]!;
      shockStreams[i]!.reset(seed, trial, s.key);
      if ('key' in s.severity) severity[i]!.reset(seed, trial, s.severity.key);
    }
  };

  const instantiate = (): TrialRunner => {
    const streams = parameters.map(() => new RandomStream());
    const shockStreams = shocks.map(() => new RandomStream());
    const severity = severityStreams();
    const states = shocks.map((s) => new ShockState(s));
    const sampler = copula(streams);
    const cp = sampler && {
      draw(v: Float64Array): void {
        const x = sampler.sample();
        for (let k = 0; k < memberSlots.length; k++) v[memberSlots[k]!] = x[k]!;
      },
    };
    const trial = factory(...tables(samplers, streams, states, shockStreams, severity), cp);
    const values = new Float64Array(parts.slotCount);
    // A constant never draws, so its stream is not re-seeded (a microsecond
    // per parameter and trial; a scenario often has many constants); a
    // per-event parameter draws from its shocks' severity streams instead.
    const drawing = parameters.flatMap((p, i) => (p.distribution.kind === 'constant' || p.per === 'event' ? [] : [i]));
    const keys = drawing.map((i) => parameters[i]!.key);
    return {
      values,
      run(seed, trialIndex, outBuf, col, stride) {
        for (let j = 0; j < drawing.length; j++) streams[drawing[j]!]!.reset(seed, trialIndex, keys[j]!);
        reseedShocks(shockStreams, severity, seed, trialIndex);
        return trial(values, outBuf, col, stride);
      },
      shockEvents: (i) => states[i]!.events(),
    };
  };

  // The run's own trial function, with each per-trial draw replaced by a read
  // of the caller's values: per-step draws and shock events stay as in a run.
  const given = (): GivenRunner => {
    const streams = parameters.map(() => new RandomStream());
    const shockStreams = shocks.map(() => new RandomStream());
    const severity = severityStreams();
    const states = shocks.map((s) => new ShockState(s));
    const inputs = new Float64Array(parameters.length);
    const readers: Sampler[] = parameters.map((p, i) => (p.per === 'trial' ? () => inputs[i]! : samplers[i]!));
    const cp = correlation && {
      draw(v: Float64Array): void {
        for (let k = 0; k < memberSlots.length; k++) v[memberSlots[k]!] = inputs[correlation.members[k]!]!;
      },
    };
    const trial = factory(...tables(readers, streams, states, shockStreams, severity), cp);
    const sampler = copula(streams);
    const values = new Float64Array(parts.slotCount);
    const stepIndices = parameters.flatMap((p, i) => (p.per === 'step' ? [i] : []));
    return {
      values,
      draw(seed, trialIndex, into) {
        parameters.forEach((p, i) => {
          if (p.per !== 'trial') {
            into[i] = NaN;
            return;
          }
          const g = streams[i]!;
          g.reset(seed, trialIndex, p.key);
          if (!correlated.has(i)) into[i] = samplers[i]!(g);
        });
        if (sampler && correlation) {
          const x = sampler.sample();
          correlation.members.forEach((m, k) => (into[m] = x[k]!));
        }
      },
      run(seed, trialIndex, given, outBuf, col, stride) {
        for (let i = 0; i < parameters.length; i++) inputs[i] = given[i] ?? NaN;
        // Only per-step parameters draw here: re-seeding the per-trial streams
        // would cost a microsecond each for draws nobody makes.
        for (const i of stepIndices) streams[i]!.reset(seed, trialIndex, parameters[i]!.key);
        reseedShocks(shockStreams, severity, seed, trialIndex);
        return trial(values, outBuf, col, stride);
      },
    };
  };
  // The probe variant is generated on first use only: runs never pay for it.
  let probeFactory: ((...args: unknown[]) => (v: Float64Array) => number) | undefined;
  const probe = (): ProbeRunner => {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from checked trees only
    probeFactory ??= new Function(...INPUTS, 'PT', 'PK', 'CB', generate(true)) as (
      ...args: unknown[]
    ) => (v: Float64Array) => number;
    const states = shocks.map((s) => new ShockState(s));
    const trialValues = new Float64Array(parameters.length);
    const stepValues: Float64Array[] = parameters.map((p) => new Float64Array(p.per === 'step' ? time.steps + 1 : 0));
    const callback: { on: ProbeStep } = { on: () => false };
    const trial = probeFactory(...tables(samplers, [], states, [], []), trialValues, stepValues, callback);
    const values = new Float64Array(parts.slotCount);
    return {
      values,
      run(input, onStep) {
        parameters.forEach((p, i) => {
          if (p.per === 'trial') trialValues[i] = input.trial[i] ?? NaN;
          else if (p.per === 'event') stepValues[i] = Float64Array.from(input.steps[i] ?? []);
          else {
            const seq = input.steps[i];
            const dst = stepValues[i]!;
            for (let k = 0; k < dst.length; k++) dst[k] = seq?.[Math.min(k, seq.length - 1)] ?? NaN;
          }
        });
        shocks.forEach((s, i) => {
          if (s.at !== undefined || s.rate === undefined) return;
          const from = Math.max(time.start, s.from);
          const until = Math.min(time.end, s.until);
          const events = Array.from(input.shocks[i] ?? [])
            .filter((x) => x >= from && x <= until)
            .sort((a, b) => a - b)
            .slice(0, s.maxEvents);
          states[i]!.setEvents(events);
        });
        callback.on = onStep;
        return trial(values);
      },
    };
  };
  return { source, instantiate, probe, given };
}
