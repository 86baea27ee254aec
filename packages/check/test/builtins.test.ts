import { describe, expect, it } from 'vitest';
import { prepareText, type Model } from '@foresight/core';
import { checkAssumptions } from '../src/index.js';

function model(text: string): Model {
  const m = prepareText(text, 'test.yaml');
  if (!m.ok) throw new Error(JSON.stringify(m.error));
  return m.value;
}

/**
 * The checker drives the model's own generated trial through its probe
 * runner, hidden stocks and memory cells included: a smooth lags its input,
 * and a delayed shock hits later than the shock itself.
 */
const lagged = (method: 'euler' | 'rk4') => `
format: 1
id: lagged
time: { start: 2020, end: 2030, dt: 0.25, method: ${method} }
parameters:
  growth: { dist: uniform, min: 0.01, max: 0.1 }
  noise: { dist: normal, mean: 0, sd: 0.01, per: step }
shocks:
  crisis: { rate: 0.5, max_events: 3 }
stocks:
  x: { initial: 100, inflow: "x * (growth + noise) - 5 * delay3(min(crisis, 1), 1, 0)", min: 0 }
variables:
  perceived: "smooth(x, 2)"
  last: "previous(x, 100)"
assumptions:
  - { name: x never falls below 90, holds: "x >= 90" }
  - { name: growth raises x, monotone: { output: x, at: 2030, in: growth, direction: increasing } }
  - { name: growth raises what was perceived, monotone: { output: perceived, at: 2030, in: growth, direction: increasing } }
`;

describe('checkAssumptions on a model with hidden state', () => {
  for (const method of ['euler', 'rk4'] as const) {
    it(`${method}: finds the violation a delayed shock causes and keeps what holds`, () => {
      const report = checkAssumptions(model(lagged(method)), { runs: 60, seed: 4 });
      const byName = (n: string) => report.assumptions.find((a) => a.name === n)!;
      const fall = byName('x never falls below 90');
      expect(fall.status).toBe('violated');
      // The crisis reaches x only through the delay: the first violation comes after the first event.
      const events = fall.counterexample!.shocks['crisis']!;
      expect(events.length).toBeGreaterThan(0);
      expect(fall.counterexample!.time).toBeGreaterThan(events[0]!);
      expect(fall.counterexample!.values['x']).toBeLessThan(90);
      expect(byName('growth raises x').status).toBe('holds');
      expect(byName('growth raises what was perceived').status).toBe('holds');
    });
  }
});
