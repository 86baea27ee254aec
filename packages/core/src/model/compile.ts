import { didYouMean } from '../did-you-mean.js';
import { capProblems, type KeyPath, type Problem, type ProblemCode } from '../errors.js';
import { nameKey } from '../random/stream.js';
import { err, ok, type Result } from '../result.js';
import type { ScenarioDocument } from '../scenario/schema.js';
import type { SourceDocument } from '../scenario/source.js';
import { generateModel, type CompiledEquations } from './codegen.js';
import { compileCorrelations } from './correlations.js';
import { BUILTIN_NAMES } from './builtins.js';
import { parseExpression, type ParsedExpression } from './expression.js';
import type { Model, ParameterModel, ShockModel, SymbolInfo, SymbolKind } from './model.js';
import { dependencyOrder } from './order.js';
import { parameterInfo } from './parameters.js';
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

  const params = entries(doc.parameters).map(([id, spec]) => ({ id, info: parameterInfo(spec) }));
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

  /** "did you mean" among the ids the document declares (and t, dt). */
  const nearest = (name: string, among: Iterable<string> = symbols.keys()) => didYouMean(name, among);
  const parse = (text: string | number, path: KeyPath, allowed?: (s: SymbolInfo) => string | undefined) => {
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
        continue;
      }
      const why = allowed?.(sym);
      if (why !== undefined) {
        report(ctx, 'unknown-symbol', why, path, name);
        fine = false;
      }
    }
    return fine ? parsed.value : undefined;
  };

  // Variables, in dependency order.
  const varExprs = new Map<string, ParsedExpression>();
  for (const [id, v] of entries(doc.variables)) {
    const isObj = typeof v === 'object';
    const e = parse(isObj ? v.expr : v, isObj ? ['variables', id, 'expr'] : ['variables', id]);
    if (e) varExprs.set(id, e);
  }
  const varDeps = new Map(
    [...varExprs].map(([id, e]) => [id, e.symbols.filter((s) => symbols.get(s)?.kind === 'variable')]),
  );
  const varOrder = dependencyOrder([...varExprs.keys()], varDeps);
  for (const cycle of varOrder.cycles) {
    report(ctx, 'cycle', `variables depend on each other in a cycle: ${cycle.join(' -> ')}`, ['variables', cycle[0]!]);
  }

  // Stocks: initial values use parameters drawn once, series, constants and other initials.
  const initExprs = new Map<string, ParsedExpression>();
  const flowExprs = new Map<string, { inflow: ParsedExpression | undefined; outflow: ParsedExpression | undefined }>();
  const initialOnly = (s: SymbolInfo): string | undefined => {
    if (s.kind === 'variable' || s.kind === 'shock') {
      return `an initial value cannot use the ${s.kind} '${s.id}': only parameters, series, constants and other stocks' initial values`;
    }
    const p = params.find((x) => x.id === s.id);
    if (p && p.info.per === 'step') return `an initial value cannot use the per-step parameter '${s.id}'`;
    return undefined;
  };
  for (const [id, s] of entries(doc.stocks)) {
    const init = parse(s.initial, ['stocks', id, 'initial'], initialOnly);
    if (init) initExprs.set(id, init);
    flowExprs.set(id, {
      inflow: s.inflow === undefined ? undefined : parse(s.inflow, ['stocks', id, 'inflow']),
      outflow: s.outflow === undefined ? undefined : parse(s.outflow, ['stocks', id, 'outflow']),
    });
  }
  const initDeps = new Map(
    [...initExprs].map(([id, e]) => [id, e.symbols.filter((s) => symbols.get(s)?.kind === 'stock')]),
  );
  const initOrder = dependencyOrder([...initExprs.keys()], initDeps);
  for (const cycle of initOrder.cycles) {
    report(ctx, 'cycle', `initial values depend on each other in a cycle: ${cycle.join(' -> ')}`, [
      'stocks',
      cycle[0]!,
      'initial',
    ]);
  }

  // Shocks.
  const shocks: ShockModel[] = [];
  for (const [id, s] of entries(doc.shocks)) {
    let rate: ShockModel['rate'];
    if (typeof s.rate === 'string') {
      const p = params.find((x) => x.id === s.rate);
      if (!p)
        report(
          ctx,
          'unknown-symbol',
          `shock rate '${s.rate}' is not a parameter${nearest(
            s.rate,
            params.map((x) => x.id),
          )}`,
          ['shocks', id, 'rate'],
          s.rate,
        );
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
  const recordableIds = () => [...symbols.keys()].filter(recordable);
  const outputs = doc.outputs ?? [...Object.keys(doc.stocks ?? {}), ...Object.keys(doc.variables ?? {})];
  counted(outputs.length, 'maxOutputs', 'outputs', ['outputs']);
  // An API caller's outputs list is not bounded by the document's size: do not check each of a million ids.
  if (outputs.length > MODEL_LIMITS.maxOutputs) return err(capProblems(ctx.problems));
  (doc.outputs ?? []).forEach((id, i) => {
    if (!recordable(id))
      report(
        ctx,
        'unknown-symbol',
        `output '${id}' is not a stock, variable, parameter, series or shock of '${doc.id}'${nearest(id, recordableIds())}`,
        ['outputs', i],
      );
  });
  const recorded = [...new Set(outputs)];
  (doc.targets ?? []).forEach((t, i) => {
    if (!recordable(t.variable)) {
      report(
        ctx,
        'unknown-symbol',
        `target variable '${t.variable}' is not defined${nearest(t.variable, recordableIds())}`,
        ['targets', i, 'variable'],
      );
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
  (doc.assumptions ?? []).forEach((a, i) => {
    if ('holds' in a) {
      parse(a.holds, ['assumptions', i, 'holds']);
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

  if (ctx.problems.length > 0) return err(capProblems(ctx.problems));

  const parameters: ParameterModel[] = params.map((p) => ({
    id: p.id,
    slot: symbols.get(p.id)!.slot,
    per: p.info.per,
    distribution: p.info.distribution,
    key: nameKey(p.id),
  }));
  const equations: CompiledEquations = {
    variables: varOrder.order.map((id) => ({ slot: symbols.get(id)!.slot, expr: varExprs.get(id)! })),
    initials: initOrder.order.map((id) => ({ slot: symbols.get(id)!.slot, expr: initExprs.get(id)! })),
    stocks: entries(doc.stocks).map(([id, s]) => ({
      slot: symbols.get(id)!.slot,
      inflow: flowExprs.get(id)!.inflow,
      outflow: flowExprs.get(id)!.outflow,
      min: s.min ?? -Infinity,
      max: s.max ?? Infinity,
    })),
  };
  const evaluated = [
    ...entries(doc.stocks).map(([id]) => symbols.get(id)!),
    ...varOrder.order.map((id) => symbols.get(id)!),
  ];
  const generated = generateModel({
    doc,
    time,
    symbols,
    parameters,
    shocks,
    equations,
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
    stepExpressions: [
      ...equations.variables.map((e) => e.expr.size),
      ...equations.stocks.flatMap((s) => [s.inflow?.size ?? 1, s.outflow?.size ?? 1]),
    ],
    initialExpressions: equations.initials.map((e) => e.expr.size),
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
    slotCount: symbols.size,
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
