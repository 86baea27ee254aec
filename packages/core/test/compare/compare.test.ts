import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  compareModels,
  ComparisonResult,
  prepareText,
  simulate,
  type Model,
  type PresentOutput,
} from '../../src/index.js';
import { column } from '../../src/summarize/summarize.js';
import { moments } from '../../src/summarize/stats.js';

function model(text: string, file = 'test.yaml'): Model {
  const m = prepareText(text, file);
  if (!m.ok) throw new Error(m.error.map((p) => `${p.line}:${p.column} ${p.code} ${p.message}`).join('\n'));
  return m.value;
}

const noisy = (id: string, mean: number, sd: number, extra = ''): string => `format: 1
id: ${id}
time: { start: 2020, end: 2030 }
trials: 300
seed: 11
parameters:
  g: { dist: normal, mean: ${mean}, sd: ${sd} }
  eps: { dist: normal, mean: 0, sd: 0.03, per: step }
${extra}stocks:
  w: { initial: 100, inflow: "w * (g + eps)", unit: people }
variables:
  half: "w / 2"
outputs: [w, half]
`;

function present(doc: ComparisonResult, alt: number, id: string): PresentOutput {
  const entry = doc.comparisons[alt]!.outputs[id]!;
  if ('absent' in entry) throw new Error(`${id} is absent`);
  return entry;
}

function compared(base: Model, alts: Model[], options: Parameters<typeof compareModels>[2] = {}): ComparisonResult {
  const r = compareModels(base, alts, options);
  if (!r.ok) throw new Error(r.error.map((p) => `${p.code} ${p.message}`).join('\n'));
  return ComparisonResult.parse(JSON.parse(JSON.stringify(r.value)));
}

const allZero = (xs: readonly (number | null)[]): boolean => xs.every((x) => x === 0);

describe('compareModels', () => {
  it('comparing a scenario with itself gives exactly zero differences and P = 0', () => {
    const m = model(noisy('a', 0.05, 0.02));
    const doc = compared(m, [m]);
    expect(doc).toMatchObject({ base: 'a', trials: 300, seed: 11 });
    expect(doc.runs.map((r) => r.scenario)).toEqual(['a', 'a']);
    expect(doc.runs[0]).toEqual({
      ...doc.runs[1],
      provenance: { ...doc.runs[1]!.provenance, elapsed_ms: doc.runs[0]!.provenance.elapsed_ms },
    });
    const c = doc.comparisons[0]!;
    expect(c.times).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030]);
    expect(Object.keys(c.outputs)).toEqual(['w', 'half']);
    for (const id of ['w', 'half']) {
      const d = present(doc, 0, id).difference;
      expect(allZero(d.mean)).toBe(true);
      expect(Object.keys(d.quantiles)).toEqual(['p5', 'p25', 'p50', 'p75', 'p95']);
      for (const col of Object.values(d.quantiles)) expect(allZero(col)).toBe(true);
      expect(allZero(d.relative_p50)).toBe(true);
      expect(allZero(d.p_greater)).toBe(true);
      expect(allZero(d.p_less)).toBe(true);
    }
    expect(present(doc, 0, 'w').unit).toBe('people');
  });

  it('adding an unrelated parameter to the alternative leaves the differences exactly zero', () => {
    const base = model(noisy('a', 0.05, 0.02));
    const alt = model(
      noisy(
        'b',
        0.05,
        0.02,
        '  unrelated: { dist: lognormal, mu: 0, sigma: 1 }\n  noise: { dist: uniform, min: 0, max: 1, per: step }\n',
      ),
    );
    const d = present(compared(base, [alt]), 0, 'w').difference;
    expect(allZero(d.mean)).toBe(true);
    for (const col of Object.values(d.quantiles)) expect(allZero(col)).toBe(true);
    expect(allZero(d.p_greater)).toBe(true);
  });

  it('a faster-growing alternative is greater in most trials, with a positive relative difference', () => {
    const doc = compared(model(noisy('a', 0.05, 0.02)), [model(noisy('b', 0.08, 0.02))]);
    const d = present(doc, 0, 'w').difference;
    expect(d.p_greater[0]).toBe(0); // same initial value
    expect(d.p_less[0]).toBe(0); // ties count on neither side
    expect(d.p_greater[10]).toBe(1); // the same z, a larger mean: every trial grows faster
    expect(d.p_less[10]).toBe(0);
    expect(d.quantiles['p50']![10]).toBeGreaterThan(0);
    expect(d.relative_p50[10]).toBeCloseTo(Math.exp(0.3) - 1, 1);
  });

  it('uses the base document defaults unless trials and seed are given, and the base quantiles', () => {
    const base = model(noisy('a', 0.05, 0.02).replace('outputs:', 'quantiles: [0.1, 0.9]\noutputs:'));
    const doc = compared(base, [model(noisy('b', 0.06, 0.02))], { trials: 50, seed: 3 });
    expect(doc).toMatchObject({ trials: 50, seed: 3 });
    expect(doc.runs.every((r) => r.trials === 50 && r.seed === 3)).toBe(true);
    expect(Object.keys(present(doc, 0, 'w').difference.quantiles)).toEqual(['p10', 'p50', 'p90']);
  });

  it('reports an output one side lacks as absent, with no numbers', () => {
    const base = model(
      noisy('a', 0.05, 0.02)
        .replace('outputs: [w, half]', 'outputs: [w, half]')
        .replace('variables:\n', 'variables:\n  only_base: "w + 1"\n')
        .replace('outputs: [w, half]', 'outputs: [w, only_base]'),
    );
    const alt = model(noisy('b', 0.05, 0.02).replace('outputs: [w, half]', 'outputs: [half, w]'));
    const doc = compared(base, [alt]);
    const outputs = doc.comparisons[0]!.outputs;
    expect(Object.keys(outputs)).toEqual(['w', 'only_base', 'half']);
    expect(outputs['only_base']).toEqual({ absent: 'alternative' });
    expect(outputs['half']).toEqual({ absent: 'base' });
    expect('difference' in outputs['w']!).toBe(true);
    // --outputs narrows the comparison; an id no scenario outputs is a usage problem.
    expect(Object.keys(compared(base, [alt], { outputs: ['half'] }).comparisons[0]!.outputs)).toEqual(['half']);
    const bad = compareModels(base, [alt], { outputs: ['nope'] });
    expect(!bad.ok && bad.error.map((p) => p.code)).toEqual(['usage']);
  });

  it('compares only the reporting times two grids share, and rejects grids with none in common', () => {
    const base = model(noisy('a', 0.05, 0.02));
    const coarse = model(noisy('b', 0.05, 0.02).replace('end: 2030 }', 'end: 2030, report: 5 }'));
    const doc = compared(base, [coarse]);
    expect(doc.comparisons[0]!.times).toEqual([2020, 2025, 2030]);
    const d = present(doc, 0, 'w').difference;
    expect(d.mean).toHaveLength(3);
    expect(allZero(d.mean)).toBe(true); // same draws, same dt: the coarser report changes nothing
    const later = model(noisy('c', 0.05, 0.02).replace('start: 2020, end: 2030', 'start: 2040, end: 2050'));
    const r = compareModels(base, [later]);
    expect(!r.ok && r.error.map((p) => p.code)).toEqual(['usage']);
  });

  it('stops on a problem of any scenario run', () => {
    const base = model(noisy('a', 0.05, 0.02));
    const r = compareModels(base, [base], { trials: 0 });
    expect(!r.ok && r.error[0]!.code).toBe('limit');
  });

  // Why common random numbers matter: pairing trial k with trial k removes the
  // noise both scenarios share, so the paired differences vary far less than
  // differences between independently seeded runs.
  test.prop(
    [
      fc.double({ min: 0, max: 0.05, noNaN: true }),
      fc.double({ min: 0.005, max: 0.05, noNaN: true }),
      fc.integer({ min: 1, max: 1000 }),
    ],
    { seed: 42, numRuns: 25 },
  )('paired differences have lower variance than unpaired ones', (delta, sd, seed) => {
    const base = model(noisy('a', 0.05, sd));
    const alt = model(noisy('b', 0.05 + delta, sd));
    const trials = 200;
    const last = base.time.times.length - 1;
    const b = simulate(base, { seed, from: 0, to: trials });
    const a = simulate(alt, { seed, from: 0, to: trials });
    const other = simulate(alt, { seed: seed + 1, from: 0, to: trials });
    if (!b.ok || !a.ok || !other.ok) throw new Error('run failed');
    const bc = column(base, b.value, 'w', last);
    const paired = Float64Array.from(column(alt, a.value, 'w', last), (x, k) => x - bc[k]!);
    const unpaired = Float64Array.from(column(alt, other.value, 'w', last), (x, k) => x - bc[k]!);
    expect(moments(paired).sd).toBeLessThan(moments(unpaired).sd / 2);
    // compareModels pairs exactly this way.
    const doc = compared(base, [alt], { trials, seed });
    expect(present(doc, 0, 'w').difference.mean[last]).toBeCloseTo(moments(paired).mean, 9);
  });
});
