import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatProblem, runModel, type Problem, type RunResult } from '@foresight/core';
import { loadModel, loadScenarioFolder, type ScenarioFolder } from '@foresight/node';

/**
 * The scenario library in `scenarios/`: every file validates and runs, the
 * baseline reproduces the report's figures (its targets), and each variant
 * moves its headline output the way its story says, against the baseline at
 * the same seed and trial count (common random numbers make that a paired
 * comparison, so the direction is not a sampling accident).
 */
const DIR = fileURLToPath(new URL('../../scenarios', import.meta.url));
const VARIANTS = [
  'trend-extrapolation',
  'decoupling-severe',
  'talent-squeeze',
  'commercialization-bottleneck',
  'policy-push',
] as const;
const ALL = ['baseline', ...VARIANTS] as const;

/** Modest, so the suite is fast; the baseline's targets are checked at its own default (2000). */
const TRIALS = 500;
const SEED = 2026;

const describeProblems = (problems: readonly Problem[]): string => problems.map((p) => formatProblem(p)).join('\n');

let folder: ScenarioFolder;

function run(id: string, options: { trials?: number; seed?: number } = {}): RunResult {
  const model = loadModel(id, folder);
  if (!model.ok) throw new Error(`${id} does not compile:\n${describeProblems(model.error)}`);
  const result = runModel(model.value, options);
  if (!result.ok) throw new Error(`${id} does not run:\n${describeProblems(result.error)}`);
  return result.value;
}

/** A statistic of one output at one reporting time. */
function at(result: RunResult, output: string, time: number, stat = 'p50'): number {
  const summary = result.outputs[output];
  if (!summary) throw new Error(`${result.scenario} has no output '${output}'`);
  const i = result.times.indexOf(time);
  if (i < 0) throw new Error(`${result.scenario} does not report time ${time}`);
  const column = stat === 'mean' ? summary.mean : summary.quantiles[stat];
  if (!column) throw new Error(`${result.scenario} has no statistic '${stat}'`);
  return column[i]!;
}

beforeAll(() => {
  folder = loadScenarioFolder(DIR);
});

describe('the scenario folder', () => {
  it('parses without problems and holds the baseline and its five variants', () => {
    expect(describeProblems(folder.problems)).toBe('');
    expect([...folder.entries.keys()].sort()).toEqual([...ALL].sort());
  });

  it.each(ALL)('%s: its id is its file name, and variants extend the baseline', (id) => {
    const entry = folder.entries.get(id)!;
    expect(entry.file.replace(/\\/g, '/')).toMatch(new RegExp(`(^|/)${id}\\.yaml$`));
    expect(entry.extends).toBe(id === 'baseline' ? undefined : 'baseline');
  });

  it.each(ALL)('%s: every parameter and target says where its number comes from', (id) => {
    const doc = folder.entries.get(id)!.source.value as {
      parameters?: Record<string, unknown>;
      targets?: { source?: unknown }[];
    };
    const sourced = (s: unknown): boolean =>
      typeof s === 'string' && (/^report [A-Z]\d*(\.\d+)?\b/.test(s) || /^assumption — \S/.test(s));
    const missing = Object.entries(doc.parameters ?? {})
      .filter(([, p]) => !(p !== null && typeof p === 'object' && sourced((p as { source?: unknown }).source)))
      .map(([name]) => name);
    expect(missing).toEqual([]);
    for (const target of doc.targets ?? []) expect(sourced(target.source)).toBe(true);
  });

  it.each(ALL)('%s: validates and runs, every output finite', (id) => {
    const result = run(id, { trials: 100, seed: SEED });
    expect(result.times[0]).toBe(2020);
    expect(result.times.at(-1)).toBe(2035);
    expect(result.times).toHaveLength(16);
    for (const [name, summary] of Object.entries(result.outputs)) {
      for (const column of [summary.mean, ...Object.values(summary.quantiles)]) {
        expect(column.every(Number.isFinite), `${id}: ${name} has a non-finite value`).toBe(true);
      }
    }
    for (const name of [
      'workforce',
      'returnees_cumulative',
      'vc_inflow',
      'patient_capital',
      'startups',
      'ev_battery_capacity',
      'robotaxi_fleet',
      'ai_lab_share',
    ]) {
      expect(result.outputs[name], `${id} reports ${name}`).toBeDefined();
    }
  });
});

describe('the baseline reproduces the report', () => {
  let result: RunResult;
  beforeAll(() => {
    result = run('baseline'); // its own default trials and seed
  });

  it('runs at its default 2000 trials in seconds at most', () => {
    expect(result.trials).toBe(2000);
    expect(result.provenance.elapsed_ms).toBeLessThan(10_000);
  });

  it('carries the report figures as targets', () => {
    const targets = result.targets.map(
      (t) => `${t.variable}@${t.time}${t.relative_to ? `/${t.relative_to}` : ''}=${t.value}`,
    );
    expect(targets).toEqual(
      expect.arrayContaining([
        'workforce@2025/2020=3.436',
        'vc_inflow@2025=38000000000',
        'ev_battery_capacity@2025/2022=3',
        'robotaxi_fleet@2026=5000',
        'returnees_cumulative@2025=450000',
      ]),
    );
  });

  it('passes every target', () => {
    const failed = result.targets
      .filter((t) => !t.pass)
      .map((t) => `${t.variable} at ${t.time}: ${t.actual} vs ${t.value} ±${t.tolerance * 100}%`);
    expect(failed).toEqual([]);
  });

  it('bends the workforce below the report trend once the labour pool binds', () => {
    const w2020 = at(result, 'workforce', 2020);
    const w2035 = at(result, 'workforce', 2035);
    expect(w2035).toBeGreaterThan(at(result, 'workforce', 2025));
    expect(w2035 / w2020).toBeLessThan(1.28 ** 15);
  });
});

describe('each variant moves its headline output the way its story says', () => {
  let base: RunResult;
  const variant: Record<string, RunResult> = {};
  beforeAll(() => {
    base = run('baseline', { trials: TRIALS, seed: SEED });
    for (const id of VARIANTS) variant[id] = run(id, { trials: TRIALS, seed: SEED });
  });

  const cases: { id: (typeof VARIANTS)[number]; output: string; time: number; direction: 'above' | 'below' }[] = [
    { id: 'trend-extrapolation', output: 'workforce', time: 2035, direction: 'above' },
    { id: 'trend-extrapolation', output: 'ev_battery_capacity', time: 2035, direction: 'above' },
    { id: 'decoupling-severe', output: 'vc_inflow', time: 2030, direction: 'below' },
    { id: 'decoupling-severe', output: 'startups', time: 2035, direction: 'below' },
    { id: 'decoupling-severe', output: 'ai_lab_share', time: 2035, direction: 'below' },
    { id: 'talent-squeeze', output: 'workforce', time: 2035, direction: 'below' },
    { id: 'talent-squeeze', output: 'chip_talent', time: 2035, direction: 'below' },
    { id: 'talent-squeeze', output: 'returnees_cumulative', time: 2035, direction: 'below' },
    { id: 'commercialization-bottleneck', output: 'startups', time: 2035, direction: 'below' },
    { id: 'policy-push', output: 'workforce', time: 2035, direction: 'above' },
    { id: 'policy-push', output: 'startups', time: 2035, direction: 'above' },
    { id: 'policy-push', output: 'vc_inflow', time: 2030, direction: 'above' },
  ];

  it.each(cases)('$id: median $output in $time is $direction the baseline', ({ id, output, time, direction }) => {
    const b = at(base, output, time);
    const v = at(variant[id]!, output, time);
    if (direction === 'above') expect(v).toBeGreaterThan(b);
    else expect(v).toBeLessThan(b);
  });

  it.each(VARIANTS.filter((id) => id !== 'trend-extrapolation'))(
    '%s: changes nothing before the report year (2020-2025 match the baseline)',
    (id) => {
      for (const output of Object.keys(base.outputs)) {
        for (const time of [2020, 2023, 2025]) {
          const v = at(variant[id]!, output, time, 'mean');
          const b = at(base, output, time, 'mean');
          expect(Math.abs(v - b), `${id}: ${output} in ${time}: ${v} vs ${b}`).toBeLessThanOrEqual(1e-9 * Math.abs(b));
        }
      }
    },
  );

  it('trend-extrapolation reproduces the report history exactly and compounds 28% a year', () => {
    const r = variant['trend-extrapolation']!;
    expect(at(r, 'workforce', 2025) / at(r, 'workforce', 2020)).toBeCloseTo(1.28 ** 5, 6);
    expect(at(r, 'workforce', 2035) / at(r, 'workforce', 2020)).toBeCloseTo(1.28 ** 15, 3);
    expect(at(r, 'ev_battery_capacity', 2025) / at(r, 'ev_battery_capacity', 2022)).toBeCloseTo(1.4422 ** 3, 3);
  });
});
