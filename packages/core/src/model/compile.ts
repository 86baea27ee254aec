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
import { applySample, parameterInfo, SAMPLE_KEY, type ParameterInfo } from './parameters.js';
import {
  emptyHiddenState,
  firstStatefulCall,
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
        const known = lookupIds.has(name) ? ` ('${name}' is a lookup: call it as ${name}(x))` : '';
        report(ctx, 'unknown-symbol', `unknown symbol '${name}'${known}`, path, name);
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
  for (const [id, s] of entries(doc.shocks)) {
    let rate: ShockModel['rate'];
    if (typeof s.rate === 'string') {
      const p = params.find((x) => x.id === s.rate);
      if (!p)
        report(ctx, 'unknown-symbol', `shock rate '${s.rate}' is not a parameter`, ['shocks', id, 'rate'], s.rate);
      else if (p.info.per === 'step')
        report(ctx, 'schema', `shock rate '${s.rate}' must be drawn per trial, not per step`, ['shocks', id, 'rate']);
      else rate = { slot: symbols.get(p.id)!.slot };
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
    const maxEvents = Math.min(s.max_events ?? MODEL_LIMITS.maxShockEvents, MODEL_LIMITS.maxShockEvents);
    const at = s.at ? Float64Array.from([...s.at].sort((a, b) => a - b).slice(0, maxEvents)) : undefined;
    const sym = symbols.get(id);
    if (sym)
      shocks.push({ id, slot: sym.slot, key: nameKey(id), at, rate, halfLife: s.half_life ?? Infinity, maxEvents });
  }

  // Outputs, targets, assumptions refer to symbols that exist.
  const recordable = (id: string) => {
    const k = symbols.get(id)?.kind;
    return k !== undefined && k !== 'time';
  };
  const outputs = doc.outputs ?? [...Object.keys(doc.stocks ?? {}), ...Object.keys(doc.variables ?? {})];
  counted(outputs.length, 'maxOutputs', 'outputs', ['outputs']);
  // An API caller's outputs list is not bounded by the document's size: do not check each of a million ids.
  if (outputs.length > MODEL_LIMITS.maxOutputs) return err(capProblems(ctx.problems));
  (doc.outputs ?? []).forEach((id, i) => {
    if (!recordable(id))
      report(ctx, 'unknown-symbol', `output '${id}' is not a stock, variable, parameter, series or shock`, [
        'outputs',
        i,
      ]);
  });
  const recorded = [...new Set(outputs)];
  (doc.targets ?? []).forEach((t, i) => {
    if (!recordable(t.variable)) {
      report(ctx, 'unknown-symbol', `target variable '${t.variable}' is not defined`, ['targets', i, 'variable']);
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
  });
  (doc.observations ?? []).forEach((o, i) => {
    if (!recordable(o.variable)) {
      report(ctx, 'unknown-symbol', `observed variable '${o.variable}' is not defined`, [
        'observations',
        i,
        'variable',
      ]);
    } else if (!recorded.includes(o.variable)) {
      recorded.push(o.variable);
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
        report(ctx, 'unknown-symbol', `'${m.output}' is not defined`, ['assumptions', i, 'monotone', 'output']);
      if (!params.some((p) => p.id === m.in))
        report(ctx, 'unknown-symbol', `'${m.in}' is not a parameter`, ['assumptions', i, 'monotone', 'in']);
      if (reportIndex(time, m.at) < 0)
        report(ctx, 'schema', `${m.at} is not a reporting time`, ['assumptions', i, 'monotone', 'at']);
    }
  });

  const correlated = compileCorrelations(doc.correlations, params, (id) => symbols.has(id) || lookupIds.has(id), src);
  ctx.problems.push(...correlated.problems);

  // Streams are keyed by a 32-bit hash of the id: two ids that collide would
  // silently share draws, so they are refused (about n^2 / 2^33 likely).
  const keyOwner = new Map<number, string>();
  for (const id of [...params.map((p) => p.id), ...shocks.map((s) => s.id)]) {
    const other = keyOwner.get(nameKey(id));
    if (other !== undefined) {
      report(ctx, 'schema', `'${id}' and '${other}' would share a random stream (hash collision); rename one`, [
        origin.get(id) ?? 'parameters',
        id,
      ]);
    }
    keyOwner.set(nameKey(id), id);
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
    correlation: correlated.correlation,
  });
  const shockEvents = entries(doc.shocks).map(([, s], i) => {
    const rate = shocks[i]?.rate;
    const distribution =
      rate && 'slot' in rate ? params.find((p) => symbols.get(p.id)!.slot === rate.slot)?.info.distribution : undefined;
    return shockEventBound(s, distribution, time.end - time.start, shocks[i]?.maxEvents ?? MODEL_LIMITS.maxShockEvents);
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
