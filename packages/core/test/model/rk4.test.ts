import { describe, expect, it } from 'vitest';
import { run } from '../helpers.js';

/**
 * time.method: rk4 against exact solutions. Halving dt divides RK4's error by
 * about 16 (fourth order) and Euler's by about 2 (first order); the ratios are
 * checked on dy/dt = y and on a logistic curve, whose errors are smooth in dt.
 */
const model = (dt: number, method: 'euler' | 'rk4') => `
format: 1
id: convergence
time: { start: 0, end: 2, dt: ${dt}, report: 0.5, method: ${method} }
trials: 1
stocks:
  y: { initial: 1, inflow: y }
  l: { initial: 0.1, inflow: "l * (1 - l)" }
`;

const exact = { y: Math.exp(2), l: 1 / (1 + 9 * Math.exp(-2)) };

function errors(dt: number, method: 'euler' | 'rk4'): { y: number; l: number } {
  const r = run(model(dt, method));
  const last = (id: 'y' | 'l') => r.outputs[id]!.mean.at(-1)!;
  return { y: Math.abs(last('y') - exact.y), l: Math.abs(last('l') - exact.l) };
}

describe('RK4 is fourth order and Euler first order', () => {
  // Each method where its error is dominated by its leading term (and far above rounding).
  const rkDts = [0.25, 0.125, 0.0625, 0.03125];
  const euDts = [1 / 32, 1 / 64, 1 / 128, 1 / 256];
  for (const id of ['y', 'l'] as const) {
    it(`${id === 'y' ? 'dy/dt = y' : 'logistic'}: error ratios when halving dt`, () => {
      const rk = rkDts.map((dt) => errors(dt, 'rk4')[id]);
      const eu = euDts.map((dt) => errors(dt, 'euler')[id]);
      for (let i = 1; i < rk.length; i++) {
        const rkRatio = rk[i - 1]! / rk[i]!;
        const euRatio = eu[i - 1]! / eu[i]!;
        expect(rkRatio, `rk4 ${rkDts[i]}`).toBeGreaterThan(14);
        expect(rkRatio, `rk4 ${rkDts[i]}`).toBeLessThan(17.5);
        expect(euRatio, `euler ${euDts[i]}`).toBeGreaterThan(1.9);
        expect(euRatio, `euler ${euDts[i]}`).toBeLessThan(2.1);
      }
      // And RK4 is accurate to 1e-4 relative already at dt = 1/4.
      expect(rk[0]! / exact[id]).toBeLessThan(1e-4);
    });
  }

  it('one RK4 step of dy/dt = y is the fourth-order Taylor polynomial', () => {
    const r = run(
      'format: 1\nid: one\ntime: { start: 0, end: 1, dt: 1, method: rk4 }\nstocks:\n  y: { initial: 1, inflow: y }\n',
    );
    expect(r.outputs['y']!.mean).toEqual([1, 1 + 1 + 1 / 2 + 1 / 6 + 1 / 24]);
  });
});

describe('what RK4 does inside a step', () => {
  it('evaluates flows of time at t, t + dt/2 and t + dt: a ramp is integrated exactly', () => {
    // The integral of t from 0 is t^2 / 2; Euler's left sums miss dt * t / 2.
    const r = run(
      'format: 1\nid: ramp\ntime: { start: 0, end: 4, dt: 1, method: rk4 }\nstocks:\n  s: { initial: 0, inflow: t }\n',
    );
    expect(r.outputs['s']!.mean).toEqual([0, 0.5, 2, 4.5, 8]);
  });

  it('reads series at the stage times, linear between their points', () => {
    const r = run(
      'format: 1\nid: series\ntime: { start: 0, end: 2, dt: 1, method: rk4 }\nseries:\n  rate: { points: { 0: 0, 2: 2 } }\nstocks:\n  s: { initial: 0, inflow: rate }\n',
    );
    expect(r.outputs['s']!.mean).toEqual([0, 0.5, 2]);
  });

  it('integrates hidden stocks with the model: smooth of a ramp to fourth order', () => {
    // smooth(t, T) from 0: S = t - T (1 - e^(-t/T)).
    const r = run(
      'format: 1\nid: smooth\ntime: { start: 0, end: 5, dt: 0.125, report: 1, method: rk4 }\nvariables:\n  s: "smooth(t, 2, 0)"\n',
    );
    r.times.forEach((t, i) => {
      const want = t - 2 * (1 - Math.exp(-t / 2));
      expect(Math.abs(r.outputs['s']!.mean[i]! - want)).toBeLessThan(1e-6);
    });
  });

  it('clamps a stock at every stage, so no stage sees it below its floor', () => {
    // Draining at a constant 3 per year from 2: the floor holds it at 0 and the
    // outflow, which reads the stock, never sees a negative value.
    const r = run(
      'format: 1\nid: clamp\ntime: { start: 0, end: 2, dt: 1, method: rk4 }\nstocks:\n  s: { initial: 2, outflow: 3, min: 0 }\nvariables:\n  seen: "s"\n',
    );
    expect(r.outputs['s']!.mean).toEqual([2, 0, 0]);
  });

  it('holds per-step draws, previous and fixed delays for the whole step; pulse is seen at the stage times', () => {
    const text = `format: 1
id: held
time: { start: 0, end: 3, dt: 1, method: rk4 }
trials: 20
seed: 5
parameters:
  noise: { dist: normal, mean: 0, sd: 1, per: step }
stocks:
  a: { initial: 0, inflow: noise }
  p: { initial: 0, inflow: "previous(t, -1)" }
  q: { initial: 0, inflow: "delay_fixed(t, 1, -1)" }
  u: { initial: 0, inflow: "pulse(1.5, 1)" }
variables:
  n: noise
`;
    const rk = run(text);
    const eu = run(text.replace(', method: rk4', ''));
    // One draw per step, the same draws as Euler: with a flow that does not change within a step,
    // the same path (up to the rounding of dt/6 * (n + 2n + 2n + n) against dt * n).
    expect(rk.outputs['n']).toEqual(eu.outputs['n']);
    rk.outputs['a']!.mean.forEach((x, i) => expect(x).toBeCloseTo(eu.outputs['a']!.mean[i]!, 13));
    // previous(t) is t - dt at every stage of the step (-1 in the first), as is the fixed delay.
    expect(rk.outputs['p']!.mean).toEqual([0, -1, -1, 0]);
    expect(rk.outputs['q']!.mean).toEqual([0, -1, -1, 0]);
    // The pulse is on for 1.5 <= t < 2.5: at the stages 1.5, 1.5 and 2 of the step from 1
    // (weights 2/6 + 2/6 + 1/6), and at the stage 2 of the step from 2 (1/6; it is off at 2.5).
    const u = rk.outputs['u']!.mean;
    expect(u[1]).toBe(0);
    expect(u[2]).toBeCloseTo(5 / 6, 15);
    expect(u[3]).toBeCloseTo(1, 15);
  });

  it('a model without stocks gives the same values with either method', () => {
    const text =
      'format: 1\nid: flat\ntime: { start: 0, end: 3, dt: 0.5, method: rk4 }\ntrials: 5\nparameters:\n  n: { dist: normal, mean: 0, sd: 1, per: step }\nvariables:\n  y: "n + pulse(1, 1) + previous(t, 0)"\n';
    expect(run(text).outputs).toEqual(run(text.replace(', method: rk4', '')).outputs);
  });

  it('same seed, same bytes; and a model that declares euler is unchanged by the key', () => {
    const text = `format: 1
id: shocks
time: { start: 0, end: 10, dt: 0.25, report: 1, method: rk4 }
trials: 200
seed: 9
parameters:
  g: { dist: normal, mean: 0.05, sd: 0.02 }
  noise: { dist: normal, mean: 0, sd: 0.01, per: step }
shocks:
  crisis: { rate: 0.3, half_life: 2, max_events: 4 }
stocks:
  w: { initial: 100, inflow: "w * (g + noise) - smooth(w, 2) * 0.01 * crisis", min: 0 }
variables:
  lagged: "delay3(w, 3)"
`;
    const strip = (s: string) => s.replace(/"elapsed_ms":\d+/, '').replace(/"document_sha256":"\w+"/, '');
    expect(strip(JSON.stringify(run(text)))).toBe(strip(JSON.stringify(run(text))));
    const plain = text.replace(', method: rk4', '');
    const explicit = text.replace('method: rk4', 'method: euler');
    expect(strip(JSON.stringify(run(explicit)))).toBe(strip(JSON.stringify(run(plain))));
  });
});
