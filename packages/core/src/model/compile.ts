import { didYouMean } from '../did-you-mean.js';
import { capProblems, type KeyPath, type Problem, type ProblemCode } from '../errors.js';
import { nameKey } from '../random/stream.js';
import { err, ok, type Result } from '../result.js';
import type { ScenarioDocument } from '../scenario/schema.js';
import type { SourceDocument } from '../scenario/source.js';
import { generateModel } from './codegen.js';
import { constantFolder } from './constant.js';
import { compileCorrelations } from './correlations.js';
import { BUILTIN_NAMES } from './builtins.js';
import { orderEquations } from './equations.js';
import { makeLookup, parseExpression, treeSize, type ParsedExpression } from './expression.js';
import type { ExprTree } from './expression-tree.js';
import type { Model, ParameterModel, ShockModel, SymbolInfo, SymbolKind } from './model.js';
import { applySample, parameterInfo, positive, SAMPLE_KEY, type ParameterInfo } from './parameters.js';
import { severityStream } from './shocks.js';
import {
  accumulator,
  emptyHiddenState,
  firstStatefulCall,
  hiddenSymbol,
  lowerTree,
  MAX_DELAY_ORDER,
  MAX_HIDDEN_STOCKS,
  type LowerContext,
} from './stateful.js';
import { gridSize, reportIndex, timeGrid } from './time.js';
import { shockEventBound, trialOperations } from './work.js';

/** Size limits a scenario cannot dodge; each reported with code `limit`. */
export const MODEL_LIMITS = {
  maxSteps: 100_000,
  maxSymbols: 2_000,
  maxReportTimes: 10_000,
  maxSeriesPoints: 10_000,
  maxLookupPoints: 10_000,
  maxDiscreteValues: 10_000,
  maxQuantiles: 50,
  maxOutputs: 500,
  /** Events one shock can have in one trial: fixed times listed, or Poisson draws (the cap of max_events). */
  maxShockEvents: 10_000,
  maxTargets: 1_000,
  maxAssumptions: 200,
  /** Order of one delayn: each order is a hidden stock. */
  maxDelayOrder: MAX_DELAY_ORDER,
  /** Hidden stocks of delays, smooths, trend and forecast in one model. */
  maxHiddenStocks: MAX_HIDDEN_STOCKS,
  /** Cells of hidden state (the stocks of delays and smooths, previous and init cells, fixed-delay pipelines). */
  maxHiddenSlots: 1_000_000,
} as const;

interface Ctx {
  readonly src: SourceDocument;
  readonly problems: Problem[];
}

function report(ctx: Ctx, code: ProblemCode, message: string, path: KeyPath, snippet?: string): void {
  const pos = ctx.src.locate(path, snippet);
  ctx.problems.push({ code, message, file: pos.file, path, line: pos.line, column: pos.column });
}

const entries = <T>(r: Record<string, T> | undefined): [string, T][] => (r ? Object.entries(r) : []);

/** Compile a validated, flattened document into a runnable model; every problem found, positioned. */
export function compile(doc: ScenarioDocument, src: SourceDocument): Result<Model, Problem[]> {
  const ctx: Ctx = { src, problems: [] };
  // Sized before the grid is built: the grid has one entry per reporting time.
  const { steps, reportTimes } = gridSize(doc.time);
  if (!(steps <= MODEL_LIMITS.maxSteps)) {
    report(
      ctx,
      'limit',
      `${steps} steps is over the limit of ${MODEL_LIMITS.maxSteps} (maxSteps); raise dt or shorten the horizon`,
      ['time'],
    );
  } else if (!(reportTimes <= MODEL_LIMITS.maxReportTimes)) {
    report(
      ctx,
      'limit',
      `${reportTimes} reporting times is over the limit of ${MODEL_LIMITS.maxReportTimes} (maxReportTimes)`,
      ['time', 'report'],
    );
  }
  const counted = (n: number | undefined, limit: keyof typeof MODEL_LIMITS, what: string, path: KeyPath) => {
    if (n !== undefined && n > MODEL_LIMITS[limit])
      report(ctx, 'limit', `${n} ${what} is over the limit of ${MODEL_LIMITS[limit]} (${limit})`, path);
  };
  counted(doc.quantiles?.length, 'maxQuantiles', 'quantiles', ['quantiles']);
  counted(doc.targets?.length, 'maxTargets', 'targets', ['targets']);
  counted(doc.assumptions?.length, 'maxAssumptions', 'assumptions', ['assumptions']);
  for (const [id, p] of entries(doc.parameters)) {
    if (typeof p === 'object' && 'dist' in p && p.dist === 'discrete')
      counted(p.values.length, 'maxDiscreteValues', 'values', ['parameters', id, 'values']);
  }
  for (const [id, s] of entries(doc.shocks))
    counted(s.at?.length, 'maxShockEvents', 'event times', ['shocks', id, 'at']);
  if (ctx.problems.length > 0) return err(capProblems(ctx.problems));
  const time = timeGrid(doc.time);

  // One namespace for every id: slot 0 is t, slot 1 is dt.
  const symbols = new Map<string, SymbolInfo>();
  const origin = new Map<string, string>();
  symbols.set('t', { id: 't', kind: 'time', slot: 0, unit: undefined });
  symbols.set('dt', { id: 'dt', kind: 'time', slot: 1, unit: undefined });
  const lookupIds = new Set<string>();
  const declare = (section: string, id: string, kind: SymbolKind | 'lookup', unit: string | undefined) => {
    const path = [section, id];
    if (BUILTIN_NAMES.has(id) || id === 't' || id === 'dt') {
      report(ctx, 'schema', `'${id}' shadows a built-in name; choose another id`, path);
      return;
    }
    const prior = origin.get(id);
    if (prior !== undefined) {
      report(ctx, 'schema', `id '${id}' is defined twice: ${prior}.${id} and ${section}.${id}`, path);
      return;
    }
    origin.set(id, section);
    if (kind === 'lookup') lookupIds.add(id);
    else symbols.set(id, { id, kind, slot: symbols.size, unit });
  };

  const params: { id: string; info: ParameterInfo; sample?: Float64Array }[] = entries(doc.parameters).map(
    ([id, spec]) => ({ id, info: parameterInfo(spec) }),
  );
  for (const problem of applySample(doc, params)) report(ctx, problem.code, problem.message, problem.path);
  for (const p of params) declare('parameters', p.id, 'parameter', p.info.unit);
  for (const [id, s] of entries(doc.series)) {
    declare('series', id, 'series', s.unit);
    counted(Object.keys(s.points).length, 'maxSeriesPoints', 'points', ['series', id, 'points']);
  }
  for (const [id, l] of entries(doc.lookups)) {
    declare('lookups', id, 'lookup', l.unit);
    counted(l.points.length, 'maxLookupPoints', 'points', ['lookups', id, 'points']);
  }
  for (const [id, s] of entries(doc.shocks)) declare('shocks', id, 'shock', s.unit);
  for (const [id, s] of entries(doc.stocks)) declare('stocks', id, 'stock', s.unit);
  for (const [id, v] of entries(doc.variables)) {
    declare('variables', id, 'variable', typeof v === 'object' ? v.unit : undefined);
  }
  counted(symbols.size, 'maxSymbols', 'symbols', []);
  const perEvent = new Set(params.flatMap((p) => (p.info.per === 'event' ? [p.id] : [])));

  /** "did you mean" among the ids the document declares (and t, dt). */
  const nearest = (name: string, among: Iterable<string> = symbols.keys()) => didYouMean(name, among);
  const parse = (text: string | number, path: KeyPath) => {
    const source = typeof text === 'number' ? String(text) : text;
    const parsed = parseExpression(source, lookupIds);
    if (!parsed.ok) {
      for (const p of parsed.error) report(ctx, p.code, p.message, path, p.snippet || undefined);
      return undefined;
    }
    let fine = true;
    for (const name of parsed.value.symbols) {
      const sym = symbols.get(name);
      if (!sym) {
        const known = lookupIds.has(name) ? ` ('${name}' is a lookup: call it as ${name}(x))` : nearest(name);
        report(ctx, 'unknown-symbol', `unknown symbol '${name}'${known}`, path, name);
        fine = false;
      } else if (perEvent.has(name)) {
        report(
          ctx,
          'schema',
          `'${name}' is drawn per event for a shock's severity: it has no value to read`,
          path,
          name,
        );
        fine = false;
      }
    }
    return fine ? parsed.value : undefined;
  };

  // Variables and stocks; their order comes once the calls with memory are lowered (see below).
  const varExprs = new Map<string, ParsedExpression>();
  const varPaths = new Map<string, KeyPath>();
  for (const [id, v] of entries(doc.variables)) {
    const isObj = typeof v === 'object';
    const path = isObj ? ['variables', id, 'expr'] : ['variables', id];
    const e = parse(isObj ? v.expr : v, path);
    varPaths.set(id, path);
    if (e) varExprs.set(id, e);
  }
  // A stock's initial value is computed at the start time and may read anything, variables included.
  const initExprs = new Map<string, ParsedExpression>();
  const flowExprs = new Map<string, { inflow: ParsedExpression | undefined; outflow: ParsedExpression | undefined }>();
  for (const [id, s] of entries(doc.stocks)) {
    const init = parse(s.initial, ['stocks', id, 'initial']);
    if (init) initExprs.set(id, init);
    flowExprs.set(id, {
      inflow: s.inflow === undefined ? undefined : parse(s.inflow, ['stocks', id, 'inflow']),
      outflow: s.outflow === undefined ? undefined : parse(s.outflow, ['stocks', id, 'outflow']),
    });
  }

  // Shocks.
  const shocks: ShockModel[] = [];
  const paramIndex = new Map(params.map((p, i) => [p.id, i] as const));
  /** A parameter a shock's key names, or undefined after reporting why it cannot. */
  const shockParameter = (id: string, key: string, name: string, allowed: readonly string[]) => {
    const i = paramIndex.get(name);
    const path = ['shocks', id, key];
    if (i === undefined) {
      const hint = nearest(
        name,
        params.map((x) => x.id),
      );
      report(ctx, 'unknown-symbol', `shock ${key} '${name}' is not a parameter${hint}`, path, name);
      return undefined;
    }
    const per = params[i]!.info.per;
    if (!allowed.includes(per)) {
      const wanted = allowed.map((a) => `per ${a}`).join(' or ');
      report(ctx, 'schema', `shock ${key} '${name}' must be drawn ${wanted}, not per ${per}`, path, name);
      return undefined;
    }
    return i;
  };
  const severityUsers = new Set<string>();
  for (const [id, s] of entries(doc.shocks)) {
    let rate: ShockModel['rate'];
    if (typeof s.rate === 'string') {
      const i = shockParameter(id, 'rate', s.rate, ['trial']);
      if (i !== undefined) rate = { slot: symbols.get(s.rate)!.slot };
    } else if (typeof s.rate === 'number') {
      const expected = s.rate * (time.end - time.start);
      if (expected > MODEL_LIMITS.maxShockEvents) {
        report(
          ctx,
          'limit',
          `rate ${s.rate} expects ${expected} events, over the limit of ${MODEL_LIMITS.maxShockEvents} (maxShockEvents)`,
          ['shocks', id, 'rate'],
        );
      }
      rate = { value: s.rate };
    }
    let halfLife: ShockModel['halfLife'] = { value: Infinity };
    if (typeof s.half_life === 'number') halfLife = { value: s.half_life };
    else if (typeof s.half_life === 'string') {
      const i = shockParameter(id, 'half_life', s.half_life, ['trial']);
      if (i !== undefined) {
        if (!positive(params[i]!.info.distribution)) {
          report(
            ctx,
            'schema',
            `shock half_life '${s.half_life}' can be 0 or less: give it a distribution above 0 (a log-normal, or min > 0)`,
            ['shocks', id, 'half_life'],
            s.half_life,
          );
        } else halfLife = { slot: symbols.get(s.half_life)!.slot };
      }
    }
    let severity: ShockModel['severity'] = { value: 1 };
    if (typeof s.severity === 'number') severity = { value: s.severity };
    else if (typeof s.severity === 'string') {
      const i = shockParameter(id, 'severity', s.severity, ['trial', 'event']);
      if (i !== undefined) {
        severityUsers.add(s.severity);
        severity =
          params[i]!.info.per === 'event'
            ? { parameter: i, key: nameKey(severityStream(id)) }
            : { slot: symbols.get(s.severity)!.slot };
      }
    }
    const from = s.from ?? -Infinity;
    const until = s.until ?? Infinity;
    const maxEvents = Math.min(s.max_events ?? MODEL_LIMITS.maxShockEvents, MODEL_LIMITS.maxShockEvents);
    const inWindow = (x: number) => x >= from && x <= until;
    const at = s.at
      ? Float64Array.from(
          [...s.at]
            .filter(inWindow)
            .sort((a, b) => a - b)
            .slice(0, maxEvents),
        )
      : undefined;
    const sym = symbols.get(id);
    if (sym)
      shocks.push({ id, slot: sym.slot, key: nameKey(id), at, rate, from, until, halfLife, severity, maxEvents });
  }
  // A per-event parameter exists for a shock's severity; any other use has no value to read.
  for (const p of params) {
    if (p.info.per === 'event' && !severityUsers.has(p.id)) {
      report(ctx, 'schema', `'${p.id}' is drawn per event, but no shock's severity names it`, [
        'parameters',
        p.id,
        'per',
      ]);
    }
  }

  // Outputs, targets, assumptions refer to symbols that exist.
  const recordable = (id: string) => {
    const k = symbols.get(id)?.kind;
    return k !== undefined && k !== 'time' && !perEvent.has(id);
  };
  const recordableIds = () => [...symbols.keys()].filter(recordable);
  const eventOnly = (id: string) => ` ('${id}' is drawn per event for a shock's severity: it has no value at a time)`;
  const outputs = doc.outputs ?? [...Object.keys(doc.stocks ?? {}), ...Object.keys(doc.variables ?? {})];
  counted(outputs.length, 'maxOutputs', 'outputs', ['outputs']);
  // An API caller's outputs list is not bounded by the document's size: do not check each of a million ids.
  if (outputs.length > MODEL_LIMITS.maxOutputs) return err(capProblems(ctx.problems));
  (doc.outputs ?? []).forEach((id, i) => {
    if (!recordable(id))
      report(
        ctx,
        'unknown-symbol',
        `output '${id}' is not a stock, variable, parameter, series or shock of '${doc.id}'${perEvent.has(id) ? eventOnly(id) : nearest(id, recordableIds())}`,
        ['outputs', i],
      );
  });
  const recorded = [...new Set(outputs)];
  /** Variables whose integral over a year a target compares: their accumulators are made once lowering is done. */
  const annual = new Set<string>();
  (doc.targets ?? []).forEach((t, i) => {
    if (!recordable(t.variable)) {
      const why = perEvent.has(t.variable) ? eventOnly(t.variable) : nearest(t.variable, recordableIds());
      report(ctx, 'unknown-symbol', `target variable '${t.variable}' is not defined${why}`, ['targets', i, 'variable']);
    } else if (t.over === 'year') {
      annual.add(t.variable);
    } else if (!recorded.includes(t.variable)) {
      recorded.push(t.variable);
    }
    if (reportIndex(time, t.time) < 0) {
      report(ctx, 'schema', `target time ${t.time} is not a reporting time (${describeTimes(time.times)})`, [
        'targets',
        i,
        'time',
      ]);
    }
    if (t.relative_to !== undefined && reportIndex(time, t.relative_to) < 0) {
      report(ctx, 'schema', `relative_to ${t.relative_to} is not a reporting time (${describeTimes(time.times)})`, [
        'targets',
        i,
        'relative_to',
      ]);
    }
    if (t.over === 'year') {
      // The year [x, x + 1] is read from the integral at both of its ends.
      const ends = [t.time, ...(t.relative_to !== undefined ? [t.relative_to] : [])];
      const missing = ends.map((x) => x + 1).filter((x) => reportIndex(time, x) < 0);
      if (missing.length > 0) {
        report(
          ctx,
          'schema',
          `over: year integrates over [time, time + 1], and ${missing.join(' and ')} is not a reporting time (${describeTimes(time.times)})`,
          ['targets', i, 'over'],
        );
      }
    }
  });
  (doc.observations ?? []).forEach((o, i) => {
    if (!recordable(o.variable)) {
      report(ctx, 'unknown-symbol', `observed variable '${o.variable}' is not defined`, [
        'observations',
        i,
        'variable',
      ]);
    } else if (o.over === 'year') {
      annual.add(o.variable);
    } else if (!recorded.includes(o.variable)) {
      recorded.push(o.variable);
    }
    if (o.over === 'year') {
      const ends = [...(o.time !== undefined ? [o.time] : []), ...(o.points ?? []).map((p) => p[0]!)];
      if (o.relative_to !== undefined) ends.push(o.relative_to);
      const missing = ends.map((x) => x + 1).filter((x) => reportIndex(time, x) < 0);
      if (missing.length > 0)
        report(
          ctx,
          'schema',
          `over: year integrates over [time, time + 1], and ${missing.join(' and ')} is not a reporting time (${describeTimes(time.times)})`,
          ['observations', i, 'over'],
        );
    }
    if (o.file !== undefined && o.points === undefined)
      report(
        ctx,
        'io',
        `the series file '${o.file}' was not read: give the scenario as a file (its folder holds the series), or write its points in`,
        ['observations', i, 'file'],
      );
    const times: [number, KeyPath][] = [
      ...(o.time !== undefined ? [[o.time, ['observations', i, 'time']] as [number, KeyPath]] : []),
      ...(o.points ?? []).map((p, j): [number, KeyPath] => [p[0]!, ['observations', i, 'points', j, 0]]),
      ...(o.relative_to !== undefined
        ? [[o.relative_to, ['observations', i, 'relative_to']] as [number, KeyPath]]
        : []),
    ];
    for (const [t, path] of times)
      if (reportIndex(time, t) < 0)
        report(ctx, 'schema', `observation time ${t} is not a reporting time (${describeTimes(time.times)})`, path);
  });
  (doc.assumptions ?? []).forEach((a, i) => {
    if ('holds' in a) {
      const condition = parse(a.holds, ['assumptions', i, 'holds']);
      const stateful = condition && firstStatefulCall(condition.tree);
      if (stateful) {
        report(
          ctx,
          'forbidden',
          `${stateful} keeps state between steps, and a condition is checked without memory: compute it in a variable and test that`,
          ['assumptions', i, 'holds'],
          stateful,
        );
      }
    } else {
      const m = a.monotone;
      if (!recordable(m.output))
        report(ctx, 'unknown-symbol', `'${m.output}' is not defined${nearest(m.output, recordableIds())}`, [
          'assumptions',
          i,
          'monotone',
          'output',
        ]);
      if (!params.some((p) => p.id === m.in))
        report(
          ctx,
          'unknown-symbol',
          `'${m.in}' is not a parameter${nearest(
            m.in,
            params.map((p) => p.id),
          )}`,
          ['assumptions', i, 'monotone', 'in'],
        );
      else if (perEvent.has(m.in))
        report(ctx, 'schema', `'${m.in}' is drawn per event: monotone needs a per-trial parameter`, [
          'assumptions',
          i,
          'monotone',
          'in',
        ]);
      if (reportIndex(time, m.at) < 0)
        report(ctx, 'schema', `${m.at} is not a reporting time`, ['assumptions', i, 'monotone', 'at']);
    }
  });

  const correlated = compileCorrelations(doc.correlations, params, (id) => symbols.has(id) || lookupIds.has(id), src);
  ctx.problems.push(...correlated.problems);

  // Streams are keyed by a 32-bit hash of the id: two ids that collide would
  // silently share draws, so they are refused (about n^2 / 2^33 likely).
  const keyOwner = new Map<number, string>();
  const streams: { name: string; path: KeyPath }[] = [
    ...params.map((p) => ({ name: p.id, path: ['parameters', p.id] })),
    ...shocks.map((s) => ({ name: s.id, path: ['shocks', s.id] })),
    ...shocks.flatMap((s) =>
      'key' in s.severity ? [{ name: severityStream(s.id), path: ['shocks', s.id, 'severity'] }] : [],
    ),
  ];
  for (const { name, path } of streams) {
    const other = keyOwner.get(nameKey(name));
    if (other !== undefined) {
      report(ctx, 'schema', `'${name}' and '${other}' would share a random stream (hash collision); rename one`, path);
    }
    keyOwner.set(nameKey(name), name);
  }

  // Calls with memory become hidden state after the symbols' slots; then everything is ordered.
  const lookupFns = new Map(entries(doc.lookups).map(([id, l]) => [id, makeLookup(l.points)] as const));
  const constants = new Map(
    params.flatMap((p) =>
      p.info.distribution.kind === 'constant' ? [[p.id, p.info.distribution.value] as const] : [],
    ),
  );
  const hidden = emptyHiddenState();
  let lowerPath: KeyPath = [];
  const lowering: LowerContext = {
    nextSlot: symbols.size,
    state: hidden,
    steps: time.steps,
    dt: time.dt,
    owner: '',
    constant: constantFolder({
      symbols,
      constants,
      variables: new Map([...varExprs].map(([id, e]) => [id, e.tree])),
      lookups: lookupFns,
      start: time.start,
      dt: time.dt,
    }),
    problem: (code, fn, message) => report(ctx, code, message, lowerPath, fn),
  };
  const lower = (e: ParsedExpression | undefined, path: KeyPath): ExprTree | undefined => {
    if (!e) return undefined;
    lowerPath = path;
    lowering.owner = path.join('.');
    return lowerTree(e.tree, lowering);
  };
  const lowVars = new Map<string, ExprTree>();
  for (const [id, e] of varExprs) {
    const tree = lower(e, varPaths.get(id)!);
    if (tree) lowVars.set(id, tree);
  }
  const lowStocks = entries(doc.stocks).flatMap(([id, s]) => {
    const initial = lower(initExprs.get(id), ['stocks', id, 'initial']);
    const flows = flowExprs.get(id)!;
    const inflow = lower(flows.inflow, ['stocks', id, 'inflow']);
    const outflow = lower(flows.outflow, ['stocks', id, 'outflow']);
    return initial ? [{ id, initial, inflow, outflow, min: s.min ?? -Infinity, max: s.max ?? Infinity }] : [];
  });
  // The integrals targets with `over: year` read, one per variable, recorded after everything else.
  const annualRows = new Map<string, string>();
  for (const id of annual) {
    const name = hiddenSymbol(
      accumulator(lowering, { kind: 'symbol', name: id }, `the integral of ${id} (over: year)`),
    );
    annualRows.set(id, name);
    recorded.push(name);
  }
  const hiddenSlots = lowering.nextSlot - symbols.size;
  if (hiddenSlots > MODEL_LIMITS.maxHiddenSlots) {
    report(
      ctx,
      'limit',
      `delays, smooths and the other functions with memory need ${hiddenSlots} cells of state, over the limit of ${MODEL_LIMITS.maxHiddenSlots} (maxHiddenSlots); shorten fixed delays or use fewer`,
      [],
    );
  }
  const equations = orderEquations(
    { method: doc.time.method ?? 'euler', symbols, variables: lowVars, stocks: lowStocks, hidden },
    (code, message, path) => report(ctx, code, message, path),
  );

  if (ctx.problems.length > 0 || !equations) return err(capProblems(ctx.problems));

  const parameters: ParameterModel[] = params.map((p) => ({
    id: p.id,
    slot: symbols.get(p.id)!.slot,
    per: p.info.per,
    distribution: p.info.distribution,
    key: p.sample ? SAMPLE_KEY : nameKey(p.id),
    ...(p.sample ? { sample: p.sample } : {}),
  }));
  const evaluated = [
    ...entries(doc.stocks).map(([id]) => symbols.get(id)!),
    ...equations.variables.flatMap((v) => (v.id === undefined ? [] : [symbols.get(v.id)!])),
  ];
  const generated = generateModel({
    doc,
    time,
    symbols,
    parameters,
    shocks,
    equations,
    slotCount: lowering.nextSlot,
    evaluated,
    recorded,
    annualRows: [...annualRows.values()].map((name) => recorded.indexOf(name)),
    correlation: correlated.correlation,
  });
  const shockEvents = shocks.map((s) => {
    const rate = s.rate;
    const distribution =
      rate && 'slot' in rate ? params.find((p) => symbols.get(p.id)!.slot === rate.slot)?.info.distribution : undefined;
    const horizon = Math.max(0, Math.min(time.end, s.until) - Math.max(time.start, s.from));
    const events = shockEventBound(
      { at: s.at, rate: rate && 'value' in rate ? rate.value : 'parameter' },
      distribution,
      horizon,
      s.maxEvents,
    );
    // A severity drawn per event is one more draw per event.
    return 'key' in s.severity ? 2 * events : events;
  });
  const operations = trialOperations({
    steps: time.steps,
    horizon: time.end - time.start,
    stages: equations.method === 'rk4' ? 4 : 1,
    stageExpressions: [
      ...equations.variables.map((e) => treeSize(e.tree)),
      ...equations.stocks.flatMap((s) => [s.inflow ? treeSize(s.inflow) : 1, s.outflow ? treeSize(s.outflow) : 1]),
    ],
    stepExpressions: [
      ...equations.memories.map((m) => treeSize(m.next)),
      ...equations.pipelines.map((p) => treeSize(p.input) + 2),
    ],
    initialExpressions: equations.initials.map((e) =>
      e.kind === 'value' ? treeSize(e.tree) : treeSize(e.delay) + treeSize(e.initial),
    ),
    stocks: equations.stocks.length,
    evaluated: equations.stocks.length + equations.variables.length,
    series: Object.keys(doc.series ?? {}).length,
    drawsPerTrial: parameters.filter((p) => p.per === 'trial' && p.distribution.kind !== 'constant').length,
    drawsPerStep: parameters.filter((p) => p.per === 'step').length,
    shockEvents,
    recorded: recorded.length,
    generatedChars: generated.source.length,
  });
  return ok({
    document: doc,
    source: src,
    time,
    symbols,
    slotCount: lowering.nextSlot,
    parameters,
    shocks,
    evaluated,
    recorded,
    annualTotals: annualRows,
    outputs: [...new Set(outputs)],
    trialOperations: operations,
    instantiate: generated.instantiate,
    probe: generated.probe,
    given: generated.given,
    correlation: correlated.correlation,
    generatedSource: generated.source,
  });
}

function describeTimes(times: Float64Array): string {
  if (times.length <= 6) return Array.from(times).join(', ');
  return `${times[0]}, ${times[1]}, ..., ${times[times.length - 1]}`;
}
