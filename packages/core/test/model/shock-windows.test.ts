import { describe, expect, it } from 'vitest';
import { compareModels, prepareText, type Model } from '../../src/index.js';
import { problems, run } from '../helpers.js';

/*
 * Shock windows (`from`, `until`), drawn half-lives and severities. What
 * must hold: events count only inside the window; a Poisson shock's events
 * come from the same stream with or without a window (its i-th gap is the
 * same number), so two scenarios that differ only in rate agree exactly
 * before the window opens; per-event severities come from a stream of their
 * own and move no other draw.
 */

const head = (rate: string, extra = '') => `format: 1
id: s
time: { start: 2020, end: 2035, dt: 0.25 }
trials: 200
seed: 9
parameters:
  r: ${rate}
  g: { dist: normal, mean: 0.05, sd: 0.01 }
${extra}`;

function compiled(text: string): Model {
  const m = prepareText(text, 's.yaml');
  if (!m.ok) throw new Error(m.error.map((p) => `${p.line}:${p.column} ${p.code} ${p.message}`).join('\n'));
  return m.value;
}

/** The event times and the final value vector of each trial of a model. */
function trials(model: Model, n: number, seed = 9): { events: number[][]; values: Float64Array[] } {
  const runner = model.instantiate();
  const out = new Float64Array(model.recorded.length * model.time.times.length);
  const events: number[][] = [];
  const values: Float64Array[] = [];
  for (let k = 0; k < n; k++) {
    expect(runner.run(seed, k, out, 0, 1)).toBe(-1);
    events.push(model.shocks.flatMap((_, i) => Array.from(runner.shockEvents(i))));
    values.push(Float64Array.from(runner.values));
  }
  return { events, values };
}

const slot = (m: Model, id: string) => m.symbols.get(id)!.slot;

describe('a shock window', () => {
  const open = compiled(`${head('{ dist: uniform, min: 0.2, max: 0.8 }')}shocks:\n  s: { rate: r, max_events: 50 }\n`);
  const windowed = compiled(
    `${head('{ dist: uniform, min: 0.2, max: 0.8 }')}shocks:\n  s: { rate: r, from: 2026, until: 2031.5, max_events: 50 }\n`,
  );

  it('draws Poisson events from its opening with the same gaps as without it, and none past its end', () => {
    const a = trials(open, 60);
    const b = trials(windowed, 60);
    let seen = 0;
    for (let k = 0; k < 60; k++) {
      const gaps = (xs: number[], from: number) => xs.map((x, i) => x - (i === 0 ? from : xs[i - 1]!));
      const ga = gaps(a.events[k]!, 2020);
      const gb = gaps(b.events[k]!, 2026);
      // The same exponential gaps, as many as fit in each window (the shorter one holds fewer).
      expect(gb.length).toBeLessThanOrEqual(ga.length);
      gb.forEach((g, i) => expect(Math.abs(g - ga[i]!)).toBeLessThanOrEqual(1e-9));
      for (const x of b.events[k]!) {
        expect(x).toBeGreaterThanOrEqual(2026);
        expect(x).toBeLessThanOrEqual(2031.5);
      }
      seen += b.events[k]!.length;
    }
    expect(seen).toBeGreaterThan(60);
  });

  it('keeps fixed times inside it only', () => {
    const m = compiled(
      `${head('0')}shocks:\n  s: { at: [2021, 2026, 2030, 2033], from: 2025.5, until: 2030 }\nvariables:\n  y: "s"\n`,
    );
    expect(Array.from(m.shocks[0]!.at!)).toEqual([2026, 2030]);
    const r = run(
      `${head('0')}shocks:\n  s: { at: [2021, 2026, 2030, 2033], from: 2025.5, until: 2030 }\nvariables:\n  y: "s"\noutputs: [y]\n`,
    );
    expect(r.outputs['y']!.mean).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
  });

  it('makes two scenarios that differ in rate agree exactly before it opens (common random numbers)', () => {
    const body = (rate: string) =>
      `${head(rate)}shocks:\n  s: { rate: r, from: 2026, half_life: 3 }\nstocks:\n  w: { initial: 100, inflow: "w * g * (1 - 0.5 * s)" }\noutputs: [w, s]\n`;
    const base = compiled(body('{ dist: lognormal, p5: 0.1, p95: 0.6 }'));
    const alt = compiled(body('{ dist: lognormal, p5: 0.3, p95: 1.2 }'));
    const c = compareModels(base, [alt], { trials: 400, seed: 3 });
    if (!c.ok) throw new Error('compare failed');
    const w = c.value.comparisons[0]!.outputs['w']!;
    if ('absent' in w) throw new Error('w is absent');
    const times = c.value.comparisons[0]!.times;
    times.forEach((t, i) => {
      if (t <= 2026) {
        expect(w.difference.p_greater[i]).toBe(0);
        expect(w.difference.p_less[i]).toBe(0);
      }
    });
    // Afterwards the higher rate lowers the workforce in most pairs.
    expect(w.difference.p_less.at(-1)!).toBeGreaterThan(0.5);
  });
});

describe('drawn half-life and severity', () => {
  it('decays each trial with its own half-life', () => {
    const m = compiled(
      `${head('0', '  hl: { dist: uniform, min: 1, max: 4 }\n')}shocks:\n  s: { at: [2022, 2027.25], half_life: hl }\nvariables:\n  y: "s"\n`,
    );
    const { values } = trials(m, 20);
    const hls = new Set<number>();
    for (const v of values) {
      const hl = v[slot(m, 'hl')]!;
      hls.add(hl);
      const want = 0.5 ** ((2035 - 2022) / hl) + 0.5 ** ((2035 - 2027.25) / hl);
      expect(Math.abs(v[slot(m, 'y')]! - want)).toBeLessThanOrEqual(1e-13);
    }
    expect(hls.size).toBe(20);
  });

  it('weighs every event by a number or by the trial value of a parameter', () => {
    const fixed = run(
      `${head('0')}shocks:\n  s: { at: [2021, 2022.5], severity: 0.25 }\nvariables:\n  y: "s"\noutputs: [y]\n`,
    );
    expect(fixed.outputs['y']!.max.at(-1)).toBe(0.5);
    const m = compiled(
      `${head('0', '  w: { dist: uniform, min: 2, max: 3 }\n')}shocks:\n  s: { at: [2021, 2022.5, 2024], severity: w }\nvariables:\n  y: "s"\n`,
    );
    for (const v of trials(m, 10).values) expect(v[slot(m, 'y')]).toBe(3 * v[slot(m, 'w')]!);
  });

  it('draws a per-event severity for each event from a stream of its own, moving no other draw', () => {
    const plain = compiled(
      `${head('{ dist: uniform, min: 0.5, max: 1.5 }')}shocks:\n  s: { rate: r, from: 2024 }\nvariables:\n  y: "s"\n`,
    );
    const weighed = compiled(
      `${head('{ dist: uniform, min: 0.5, max: 1.5 }', '  sev: { dist: uniform, min: 2, max: 3, per: event }\n')}shocks:\n  s: { rate: r, from: 2024, severity: sev }\nvariables:\n  y: "s"\n`,
    );
    const a = trials(plain, 40);
    const b = trials(weighed, 40);
    let distinct = 0;
    for (let k = 0; k < 40; k++) {
      // The same events and the same draws of every parameter.
      expect(b.events[k]).toEqual(a.events[k]);
      for (const id of ['r', 'g']) expect(b.values[k]![slot(weighed, id)]).toBe(a.values[k]![slot(plain, id)]);
      const n = a.events[k]!.length;
      const y = b.values[k]![slot(weighed, 'y')]!;
      // Each event weighs between 2 and 3, and no two weigh the same.
      expect(y).toBeGreaterThanOrEqual(2 * n);
      expect(y).toBeLessThanOrEqual(3 * n);
      if (n > 1 && y !== 2 * n && y !== 3 * n) distinct++;
    }
    expect(distinct).toBeGreaterThan(5);
  });
});

describe('problems with windows, half-lives and severities', () => {
  const doc = (shock: string, params = '') =>
    `format: 1\nid: s\ntime: { start: 0, end: 10 }\nparameters:\n  k: 1\n${params}shocks:\n  s: ${shock}\nvariables:\n  y: "s"\n`;

  it('a window that closes before it opens', () => {
    const ps = problems(doc('{ rate: 1, from: 5, until: 5 }'));
    expect(ps).toEqual([
      expect.objectContaining({
        code: 'schema',
        path: ['shocks', 's', 'until'],
        line: 7,
        message: expect.stringContaining('from < until'),
      }),
    ]);
  });

  it('a half-life that is not a per-trial parameter, or can be 0 or less', () => {
    const step = problems(doc('{ rate: 1, half_life: h }', '  h: { dist: uniform, min: 1, max: 2, per: step }\n'));
    expect(step[0]).toMatchObject({
      code: 'schema',
      path: ['shocks', 's', 'half_life'],
      message: "shock half_life 'h' must be drawn per trial, not per step",
    });
    const negative = problems(doc('{ rate: 1, half_life: h }', '  h: { dist: normal, mean: 2, sd: 1 }\n'));
    expect(negative[0]).toMatchObject({ code: 'schema', path: ['shocks', 's', 'half_life'], line: 8 });
    expect(negative[0]!.message).toContain('can be 0 or less');
    expect(problems(doc('{ rate: 1, half_life: nope }'))[0]).toMatchObject({
      code: 'unknown-symbol',
      message: "shock half_life 'nope' is not a parameter",
    });
    expect(problems(doc('{ rate: 1, half_life: 0 }'))[0]).toMatchObject({
      code: 'schema',
      message: 'half_life must be > 0',
    });
  });

  it('a severity drawn per step, and per-event parameters used anywhere else', () => {
    const step = problems(doc('{ rate: 1, severity: w }', '  w: { dist: uniform, min: 1, max: 2, per: step }\n'));
    expect(step[0]!.message).toBe("shock severity 'w' must be drawn per trial or per event, not per step");
    const read = problems(
      `${doc('{ rate: 1, severity: w }', '  w: { dist: uniform, min: 1, max: 2, per: event }\n')}  z: "w * 2"\n`,
    );
    expect(read).toEqual([
      expect.objectContaining({
        code: 'schema',
        path: ['variables', 'z'],
        line: 11,
        message: "'w' is drawn per event for a shock's severity: it has no value to read",
      }),
    ]);
    const unused = problems(doc('{ rate: 1 }', '  w: { dist: uniform, min: 1, max: 2, per: event }\n'));
    expect(unused[0]).toMatchObject({ code: 'schema', path: ['parameters', 'w', 'per'] });
    expect(unused[0]!.message).toBe("'w' is drawn per event, but no shock's severity names it");
    const pair = problems(
      `${doc('{ rate: 1, severity: w }', '  w: { dist: uniform, min: 1, max: 2, per: event }\n  g: { dist: uniform, min: 1, max: 2 }\n')}correlations:\n  - { between: [w, g], rho: 0.5 }\nassumptions:\n  - { name: m, monotone: { output: y, at: 10, in: w, direction: increasing } }\n`,
    );
    expect(pair.map((p) => [p.code, p.path.join('.'), p.message])).toEqual(
      expect.arrayContaining([
        ['schema', 'correlations.0.between.0', "'w' is drawn per event: only per-trial parameters can be correlated"],
        ['schema', 'assumptions.0.monotone.in', "'w' is drawn per event: monotone needs a per-trial parameter"],
      ]),
    );
    const output = problems(
      `${doc('{ rate: 1, severity: w }', '  w: { dist: uniform, min: 1, max: 2, per: event }\n')}outputs: [w]\n`,
    );
    expect(output[0]).toMatchObject({ code: 'unknown-symbol', path: ['outputs', 0] });
    expect(output[0]!.message).toContain('drawn per event');
  });
});
