import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compareModels,
  compile,
  formatProblem,
  runModel,
  type AlternativeComparison,
  type ComparisonResult,
  type Model,
  type Problem,
  type RunResult,
} from '@foresight/core';
import { loadModel, loadScenarioFolder, type ScenarioFolder } from '@foresight/node';
// @ts-expect-error: a plain script of the repository, without types
import { FUTURES as TOLD } from '../../scripts/scenario-charts.mjs';

/**
 * The scenario library in `scenarios/`: every file validates and runs, every
 * number says where it comes from, the baseline reproduces the report's
 * figures at any step size, and each future moves its headline the way its
 * story says, trial by trial against the baseline on common random numbers.
 * Trial counts are modest: a paired comparison needs far fewer trials than a
 * median does to show a direction.
 */
const DIR = fileURLToPath(new URL('../../scenarios', import.meta.url));
/** The futures, in the order scenarios/README.md tells them (its summary's order). */
const FUTURES = TOLD as readonly string[];
type Future = (typeof FUTURES)[number];
const ALL = ['baseline', ...FUTURES] as const;
/** Futures whose story is decoupling: the shock's window opens at the report's present, 2026. */
const DECOUPLING: readonly Future[] = ['decoupling-severe', 'policy-under-decoupling', 'decoupling-and-talent-squeeze'];
/** Futures that change nothing before the report's present (the others rewrite the history). */
const FROM_2026: readonly Future[] = FUTURES.filter((f) => f !== 'trend-extrapolation' && f !== 'report-overstates');
const PARENT: Record<string, string | undefined> = {
  baseline: undefined,
  'policy-under-decoupling': 'decoupling-severe',
  'decoupling-and-talent-squeeze': 'decoupling-severe',
};

/** The report's figure ids (../shared/report-figures.md): a source may only cite these. */
const FIGURE_IDS = new Set([
  ...['H1', 'H2', 'H3', 'H4', 'H5'],
  ...['S1.1', 'S1.2', 'S1.3', 'S1.4', 'S1.5', 'S1.6', 'S2.1', 'S2.2', 'S2.3', 'S2.4'],
  ...['S3.1', 'S3.2', 'S3.3', 'S4.1', 'S4.2', 'S4.3', 'C1', 'C2', 'C3', 'K1', 'K2'],
]);

const TRIALS = 400;
const SEED = 2026;

const describeProblems = (problems: readonly Problem[]): string => problems.map((p) => formatProblem(p)).join('\n');

let folder: ScenarioFolder;

function model(id: string): Model {
  const m = loadModel(id, folder);
  if (!m.ok) throw new Error(`${id} does not compile:\n${describeProblems(m.error)}`);
  return m.value;
}

function run(m: Model, options: { trials?: number; seed?: number } = {}): RunResult {
  const result = runModel(m, options);
  if (!result.ok) throw new Error(`${m.document.id} does not run:\n${describeProblems(result.error)}`);
  return result.value;
}

/** A statistic of one output at one reporting time. */
function at(result: RunResult, output: string, time: number, stat = 'p50'): number {
  const summary = result.outputs[output];
  if (!summary) throw new Error(`${result.scenario} has no output '${output}'`);
  const i = result.times.indexOf(time);
  if (i < 0) throw new Error(`${result.scenario} does not report time ${time}`);
  const column = stat === 'mean' ? summary.mean : stat === 'max' ? summary.max : summary.quantiles[stat];
  if (!column) throw new Error(`${result.scenario} has no statistic '${stat}'`);
  return column[i]!;
}

/** P(alt > base) and P(alt < base) of one output over the comparison's times. */
function shares(c: AlternativeComparison, output: string): { times: number[]; greater: number[]; less: number[] } {
  const entry = c.outputs[output];
  if (!entry || 'absent' in entry) throw new Error(`${c.scenario}: ${output} is not compared`);
  return { times: c.times, greater: entry.difference.p_greater, less: entry.difference.p_less };
}

beforeAll(() => {
  folder = loadScenarioFolder(DIR);
});

describe('the scenario folder', () => {
  it('parses without problems and holds the baseline and its eight futures', () => {
    expect(describeProblems(folder.problems)).toBe('');
    expect([...folder.entries.keys()].sort()).toEqual([...ALL].sort());
  });

  it.each(ALL)('%s: its id is its file name, and it extends the baseline or a future of it', (id) => {
    const entry = folder.entries.get(id)!;
    expect(entry.file.replace(/\\/g, '/')).toMatch(new RegExp(`(^|/)${id}\\.yaml$`));
    expect(entry.extends).toBe(id in PARENT ? PARENT[id] : 'baseline');
  });

  it.each(ALL)('%s: every source names a figure id of the report or says "assumption"', (id) => {
    const doc = folder.entries.get(id)!.source.value as Record<string, unknown>;
    const bad: string[] = [];
    const check = (where: string, source: unknown) => {
      if (typeof source !== 'string') return bad.push(`${where}: no source`);
      const figure = /^report ([A-Z]\d*(?:\.\d+)?)\b/.exec(source);
      if (figure) {
        if (!FIGURE_IDS.has(figure[1]!)) bad.push(`${where}: '${figure[1]}' is not a figure id of the report`);
      } else if (!/^assumption — \S/.test(source)) bad.push(`${where}: '${source}'`);
      return undefined;
    };
    const entries = (key: string) => Object.entries((doc[key] ?? {}) as Record<string, unknown>);
    for (const [name, p] of entries('parameters')) {
      // A variant may override part of a parameter (its mean) and keep the parent's source.
      const source = p !== null && typeof p === 'object' ? (p as { source?: unknown }).source : undefined;
      if (id === 'baseline' || source !== undefined) check(`parameters.${name}`, source);
    }
    for (const [i, t] of ((doc['targets'] ?? []) as { source?: unknown }[]).entries()) check(`targets[${i}]`, t.source);
    for (const [i, c] of ((doc['correlations'] ?? []) as { source?: unknown }[]).entries())
      check(`correlations[${i}]`, c.source);
    // Every figure id a text cites (sources, descriptions, comments aside) is one of the report's.
    for (const m of JSON.stringify(doc).matchAll(/\breport ([A-Z]\d+(?:\.\d+)?)\b/g)) {
      if (!FIGURE_IDS.has(m[1]!)) bad.push(`cites '${m[1]}'`);
    }
    expect(bad).toEqual([]);
  });

  it.each(ALL)('%s: validates and runs, every output finite', (id) => {
    const result = run(model(id), { trials: 100, seed: SEED });
    expect(result.times[0]).toBe(2020);
    expect(result.times.at(-1)).toBe(2035);
    expect(result.times).toHaveLength(16);
    for (const [name, summary] of Object.entries(result.outputs)) {
      for (const column of [summary.mean, ...Object.values(summary.quantiles)]) {
        expect(column.every(Number.isFinite), `${id}: ${name} has a non-finite value`).toBe(true);
      }
    }
    for (const name of ['workforce', 'tech_share_of_jobs', 'chip_talent', 'vc_inflow', 'startups', 'ai_lab_share']) {
      expect(result.outputs[name], `${id} reports ${name}`).toBeDefined();
    }
  });
});

describe('the baseline reproduces the report at any step size', () => {
  const results = new Map<number, RunResult>();
  beforeAll(() => {
    const baseline = model('baseline');
    for (const dt of [1 / 2, 1 / 4, 1 / 8, 1 / 16]) {
      const doc = { ...baseline.document, time: { ...baseline.document.time, dt } };
      const m = compile(doc, baseline.source);
      if (!m.ok) throw new Error(describeProblems(m.error));
      results.set(dt, run(m.value)); // its own default trials and seed
    }
  });

  it('carries the report figures as targets, flows compared as totals over a year', () => {
    const targets = results
      .get(1 / 4)!
      .targets.map(
        (t) => `${t.variable}@${t.time}${t.relative_to ? `/${t.relative_to}` : ''}${t.over ? ' year' : ''}=${t.value}`,
      );
    expect(targets).toEqual([
      'workforce@2025/2020 year=3.436',
      'workforce@2021/2020 year=1.28',
      'workforce@2025/2024 year=1.28',
      'vc_inflow@2025 year=38000000000',
      'ev_battery_capacity@2025/2022 year=3',
      'robotaxi_fleet@2027=5000',
      'returnees_cumulative@2026=450000',
      'ai_lab_share@2026=0.43',
      'av_startups@2026=78',
    ]);
  });

  it('runs at half-year steps of its own, the coarsest step checked here', () => {
    expect(model('baseline').document.time.dt).toBe(1 / 2);
  });

  it.each([1 / 2, 1 / 4, 1 / 8, 1 / 16])('passes every target at dt = %s', (dt) => {
    const result = results.get(dt)!;
    expect(result.trials).toBe(1000);
    const failed = result.targets
      .filter((t) => !t.pass)
      .map((t) => `${t.variable} at ${t.time}: ${t.actual} vs ${t.value} ±${t.tolerance * 100}%`);
    expect(failed).toEqual([]);
  });

  it('gives the same targets at every step size (the rates are exact and RK4 integrates the rest)', () => {
    const coarse = results.get(1 / 4)!.targets;
    for (const dt of [1 / 2, 1 / 8, 1 / 16]) {
      results.get(dt)!.targets.forEach((t, i) => {
        const c = coarse[i]!.actual!;
        expect(Math.abs(t.actual! - c) / Math.abs(c), `${t.variable} at ${t.time}, dt ${dt}`).toBeLessThan(2e-3);
      });
    }
  });

  it('keeps the tech workforce to a plausible share of the city: about a fifth of its jobs by 2035, never half', () => {
    const r = results.get(1 / 4)!;
    expect(at(r, 'tech_share_of_jobs', 2035)).toBeGreaterThan(0.15);
    expect(at(r, 'tech_share_of_jobs', 2035)).toBeLessThan(0.3);
    expect(at(r, 'tech_share_of_jobs', 2035, 'max')).toBeLessThan(0.5);
  });

  it('never deploys more than the fund holds, and has at least the 8,000 digital-yuan firms in 2026', () => {
    const r = results.get(1 / 4)!;
    const fund = r.outputs['fund_undeployed']!;
    expect(Math.max(...fund.max)).toBe(15e9);
    expect(Math.min(...fund.min)).toBeGreaterThan(0);
    expect(at(r, 'startups', 2026, 'p5')).toBeGreaterThan(8000);
  });
});

describe('each future moves its headline the way its story says', () => {
  let comparison: ComparisonResult;
  const of = (id: Future) => comparison.comparisons.find((c) => c.scenario === id)!;
  beforeAll(() => {
    const c = compareModels(
      model('baseline'),
      FUTURES.map((id) => model(id)),
      { trials: TRIALS, seed: SEED },
    );
    if (!c.ok) throw new Error(describeProblems(c.error));
    comparison = c.value;
  });

  /** Each headline holds from 2030 on; one that its story says fades by 2035 is checked in 2030 only. */
  const headlines: { id: Future; output: string; direction: 'above' | 'below'; fades?: true }[] = [
    { id: 'trend-extrapolation', output: 'workforce', direction: 'above' },
    { id: 'trend-extrapolation', output: 'ev_battery_capacity', direction: 'above' },
    { id: 'decoupling-severe', output: 'vc_inflow', direction: 'below' },
    { id: 'decoupling-severe', output: 'ai_lab_share', direction: 'below' },
    { id: 'decoupling-severe', output: 'startups', direction: 'below' },
    { id: 'talent-squeeze', output: 'chip_talent', direction: 'below' },
    { id: 'talent-squeeze', output: 'returnees_cumulative', direction: 'below' },
    { id: 'talent-squeeze', output: 'ai_lab_share', direction: 'below' },
    { id: 'commercialization-bottleneck', output: 'startups', direction: 'below' },
    { id: 'policy-push', output: 'startups', direction: 'above' },
    { id: 'policy-push', output: 'vc_inflow', direction: 'above' },
    { id: 'policy-under-decoupling', output: 'startups', direction: 'above', fades: true },
    { id: 'policy-under-decoupling', output: 'ai_lab_share', direction: 'below' },
    { id: 'decoupling-and-talent-squeeze', output: 'chip_talent', direction: 'below' },
    { id: 'decoupling-and-talent-squeeze', output: 'ai_lab_share', direction: 'below' },
    { id: 'report-overstates', output: 'vc_inflow', direction: 'below' },
    { id: 'report-overstates', output: 'startups', direction: 'below' },
  ];

  it.each(headlines)('$id: $output is $direction the baseline in at least 90% of paired trials by 2030', (h) => {
    const s = shares(of(h.id), h.output);
    for (const time of h.fades ? [2030] : [2030, 2035]) {
      const i = s.times.indexOf(time);
      const p = h.direction === 'above' ? s.greater[i]! : s.less[i]!;
      expect(p, `${h.id}: P(${h.direction}) of ${h.output} in ${time}`).toBeGreaterThanOrEqual(0.9);
    }
  });

  it.each(DECOUPLING)(
    '%s: no trial differs from the baseline in workforce or VC before the shock window opens',
    (id) => {
      for (const output of ['workforce', 'vc_inflow']) {
        const s = shares(of(id), output);
        s.times.forEach((t, i) => {
          if (t < 2026) {
            expect(s.greater[i], `${id}: P(alt > base) of ${output} in ${t}`).toBe(0);
            expect(s.less[i], `${id}: P(alt < base) of ${output} in ${t}`).toBe(0);
          }
        });
      }
    },
  );

  it.each(FROM_2026)('%s: changes nothing before the report year (2020-2025 match the baseline exactly)', (id) => {
    const c = of(id);
    for (const output of Object.keys(c.outputs)) {
      const s = shares(c, output);
      s.times.forEach((t, i) => {
        if (t < 2026) expect([s.greater[i], s.less[i]], `${id}: ${output} in ${t}`).toEqual([0, 0]);
      });
    }
  });

  it('severe decoupling never raises cumulative returnees: they come for jobs, and decoupling cuts the capital behind them', () => {
    for (const id of DECOUPLING.filter((d) => d !== 'policy-under-decoupling')) {
      const s = shares(of(id), 'returnees_cumulative');
      expect(Math.max(...s.greater), id).toBe(0);
    }
  });

  it('trend-extrapolation reproduces the report history and compounds 28% a year (RK4 at half-year steps: 1e-5)', () => {
    const r = comparison.runs[1 + FUTURES.indexOf('trend-extrapolation')]!;
    const history = at(r, 'workforce', 2025) / at(r, 'workforce', 2020);
    expect(Math.abs(history / 1.28 ** 5 - 1)).toBeLessThan(1e-5);
    expect(at(r, 'workforce', 2035) / at(r, 'workforce', 2020)).toBeCloseTo(1.28 ** 15, 3);
    expect(at(r, 'ev_battery_capacity', 2025) / at(r, 'ev_battery_capacity', 2022)).toBeCloseTo(1.4422 ** 3, 3);
  });
});
