import { describe, expect, it } from 'vitest';
import { prepareText, type Model } from '../../src/index.js';
import { EVERY_KIND } from './fixtures.js';

function compiled(text: string): Model {
  const m = prepareText(text, 'g.yaml');
  if (!m.ok) throw new Error(m.error.map((p) => p.message).join('\n'));
  return m.value;
}

describe('Model.given', () => {
  it.each([
    ['every kind, per-step noise and a Poisson shock on a parameter rate', EVERY_KIND],
    [
      'the same with correlations',
      `${EVERY_KIND}correlations:\n  - { between: [u, sev], rho: 0.7 }\n  - { between: [pe, on], rho: -0.5 }\n`,
    ],
  ])('%s: draw then run reproduces the run trial for trial, bit for bit', (_name, text) => {
    const m = compiled(text);
    const run = m.instantiate();
    const given = m.given();
    const size = m.recorded.length * m.time.times.length;
    const expected = new Float64Array(size);
    const actual = new Float64Array(size);
    const inputs = new Float64Array(m.parameters.length);
    for (let trial = 0; trial < 100; trial++) {
      expect(run.run(5, trial, expected, 0, 1)).toBe(-1);
      given.draw(5, trial, inputs);
      expect(given.run(5, trial, inputs, actual, 0, 1)).toBe(-1);
      expect(Array.from(actual)).toEqual(Array.from(expected));
      m.parameters.forEach((p, i) => expect(inputs[i]).toBe(p.per === 'step' ? NaN : run.values[p.slot]));
    }
  });

  it('takes the per-trial values it is given and draws the noise exactly as the trial does', () => {
    const m = compiled(EVERY_KIND);
    const run = m.instantiate();
    const given = m.given();
    const out = new Float64Array(m.recorded.length * m.time.times.length);
    const inputs = new Float64Array(m.parameters.length);
    const slot = (id: string) => m.symbols.get(id)!.slot;
    const index = (id: string) => m.parameters.findIndex((p) => p.id === id);
    run.run(5, 3, out, 0, 1);
    const w = out[m.recorded.indexOf('w') * m.time.times.length + m.time.times.length - 1]!;
    given.draw(5, 3, inputs);
    inputs[index('g')] = 0.2;
    given.run(5, 3, inputs, out, 0, 1);
    expect(given.values[slot('g')]).toBe(0.2);
    expect(out[m.recorded.indexOf('w') * m.time.times.length + m.time.times.length - 1]).not.toBe(w);
    // The last step's per-step draws and the shock's intensity are the run's: same streams, same rate.
    for (const id of ['noise', 'jolt', 'crisis', 'fixed'])
      expect(given.values[slot(id)], id).toBe(run.values[slot(id)]);
  });
});
