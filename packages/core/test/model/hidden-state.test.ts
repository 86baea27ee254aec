import { describe, expect, it } from 'vitest';
import { prepareText, runText, type Model } from '../../src/index.js';

/**
 * Hidden state (the stocks of delays and smooths, previous/init cells,
 * fixed-delay pipelines) lives in the trial's value vector and is rebuilt at
 * every trial's start, so every way of running trials gives the same numbers:
 * runner reuse, the given-inputs runner of sensitivity analysis, the streamed
 * (sketch) path, and common random numbers across scenarios.
 */
const model = (method: 'euler' | 'rk4', extra = '') => `
format: 1
id: hidden
time: { start: 2020, end: 2030, dt: 0.25, report: 1, method: ${method} }
trials: 300
seed: 12
parameters:
  growth: { dist: normal, mean: 0.05, sd: 0.02 }
  lag: { dist: uniform, min: 0.5, max: 4 }
  noise: { dist: normal, mean: 0, sd: 0.01, per: step }
shocks:
  crisis: { rate: 0.4, half_life: 1, max_events: 4 }
stocks:
  w: { initial: 100, inflow: "w * (growth + noise) - 3 * delay_fixed(crisis, lag, 0)", min: 0 }
variables:
  seen: "smooth3(w, 2)"
  late: "delay1(w, lag)"
  chain: "delayn(w, 3, 4)"
  change: "w - previous(w, 100)"
  first: "init(w + noise)"
  growth_seen: "trend(w, 2, 0.05)"
${extra}`;

function compiled(text: string): Model {
  const m = prepareText(text, 'h.yaml');
  if (!m.ok) throw new Error(m.error.map((p) => p.message).join('\n'));
  return m.value;
}

describe.each(['euler', 'rk4'] as const)('hidden state, %s', (method) => {
  it('a reused runner gives each trial the numbers of a fresh one, and given() reproduces every trial', () => {
    const m = compiled(model(method));
    const size = m.recorded.length * m.time.times.length;
    const reused = m.instantiate();
    const given = m.given();
    const inputs = new Float64Array(m.parameters.length);
    const a = new Float64Array(size);
    const b = new Float64Array(size);
    const c = new Float64Array(size);
    for (const trial of [0, 7, 3, 7, 299]) {
      expect(reused.run(12, trial, a, 0, 1)).toBe(-1);
      expect(m.instantiate().run(12, trial, b, 0, 1)).toBe(-1);
      given.draw(12, trial, inputs);
      expect(given.run(12, trial, inputs, c, 0, 1)).toBe(-1);
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(Array.from(c)).toEqual(Array.from(b));
    }
  });

  it('the streamed (sketch) path sees the same trials: same means, and the same bytes run after run', () => {
    const text = model(method);
    const exact = runText(text, 'h.yaml', { quantileMethod: 'exact' });
    const sketch = runText(text, 'h.yaml', { quantileMethod: 'sketch' });
    const again = runText(text, 'h.yaml', { quantileMethod: 'sketch' });
    if (!exact.ok || !sketch.ok || !again.ok) throw new Error('run failed');
    expect(sketch.value.provenance.quantile_method).toBe('sketch');
    for (const id of Object.keys(exact.value.outputs)) {
      const e = exact.value.outputs[id]!;
      const s = sketch.value.outputs[id]!;
      e.mean.forEach((x, i) => expect(Math.abs(s.mean[i]! - x)).toBeLessThanOrEqual(1e-12 * Math.abs(x) + 1e-12));
      expect(s.min).toEqual(e.min);
      expect(s.max).toEqual(e.max);
    }
    expect({ ...again.value.outputs }).toEqual({ ...sketch.value.outputs });
  });

  it('common random numbers: adding delays and smooths to a scenario leaves its other values as they were', () => {
    const base = compiled(model(method));
    const alt = compiled(model(method, '  extra: "smooth(delay3(w, 1), 1) + previous(growth_seen, 0)"\n'));
    expect(alt.recorded).toContain('extra');
    const times = base.time.times.length;
    const a = new Float64Array(base.recorded.length * times);
    const b = new Float64Array(alt.recorded.length * times);
    const baseRunner = base.instantiate();
    const altRunner = alt.instantiate();
    for (let trial = 0; trial < 50; trial++) {
      baseRunner.run(12, trial, a, 0, 1);
      altRunner.run(12, trial, b, 0, 1);
      base.recorded.forEach((id, i) => {
        const j = alt.recorded.indexOf(id);
        expect(Array.from(b.subarray(j * times, (j + 1) * times)), id).toEqual(
          Array.from(a.subarray(i * times, (i + 1) * times)),
        );
      });
    }
  });
});
