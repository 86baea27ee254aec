import { describe, expect, it } from 'vitest';
import { prepareText, type Model } from '../../src/index.js';

const scenario = (noise: string) => `
format: 1
id: probe
time: { start: 2020, end: 2030, dt: 0.5 }
parameters:
  growth: { dist: normal, mean: 0.05, sd: 0.02 }
  rate: { dist: uniform, min: 0.2, max: 0.6 }
  noise: ${noise}
series:
  plan: { points: { 2020: 1, 2030: 2 } }
stocks:
  x: { initial: 10, inflow: "x * (growth + noise) * plan - 2 * crisis", min: 0 }
variables:
  y: "x * 2 + fixed"
shocks:
  crisis: { rate: rate, half_life: 2, max_events: 5 }
  fixed: { at: [2024] }
`;

function compiled(text: string): Model {
  const m = prepareText(text, 'probe.yaml');
  if (!m.ok) throw new Error(JSON.stringify(m.error));
  return m.value;
}

describe('Model.probe', () => {
  it('reproduces a random trial from its drawn values and shock events', () => {
    const m = compiled(scenario('{ value: 0.01 }'));
    const runner = m.instantiate();
    const probe = m.probe();
    const out = new Float64Array(m.recorded.length * m.time.times.length);
    for (let trial = 0; trial < 20; trial++) {
      expect(runner.run(7, trial, out, 0, 1)).toBe(-1);
      const input = {
        trial: m.parameters.map((p) => runner.values[p.slot]!),
        steps: [],
        shocks: m.shocks.map((_, i) => runner.shockEvents(i)),
      };
      const seen: number[] = [];
      expect(probe.run(input, (k) => void seen.push(k))).toBe(-1);
      expect(seen).toEqual(Array.from({ length: m.time.steps + 1 }, (_, k) => k));
      expect(Array.from(probe.values)).toEqual(Array.from(runner.values));
    }
  });

  it('reads per-step sequences, stops when the callback says so, and ignores events outside the horizon', () => {
    const m = compiled(scenario('{ dist: normal, mean: 0, sd: 0.01, per: step }'));
    const c = compiled(scenario('{ value: 0.03 }'));
    const index = m.parameters.findIndex((p) => p.id === 'noise');
    const trial = [0.05, 0.4, 0];
    const steps = m.parameters.map((_, i) => (i === index ? [0.03] : undefined));
    const a = m.probe();
    const b = c.probe();
    a.run({ trial, steps, shocks: [[2022.5, 2040]] }, () => false);
    b.run({ trial: [0.05, 0.4, 0.03], steps: [], shocks: [[2022.5]] }, () => false);
    expect(a.values[m.symbols.get('x')!.slot]).toBe(b.values[c.symbols.get('x')!.slot]);
    expect(a.run({ trial, steps, shocks: [] }, (_k, v) => v[0]! >= 2023)).toBe(6);
    expect(a.values[0]).toBe(2023);
  });
});
