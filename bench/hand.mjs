// The benchmark model written by hand in plain JavaScript, with the engine's
// own streams and samplers so both draw identical numbers: the ratio measures
// what generation and the driver cost, not random-number work.
import { RandomStream, makeSampler, nameKey } from '@foresight/core';
import { STOCKS } from './model.mjs';

export function handRun(model, seed, trials) {
  const p = Object.fromEntries(model.parameters.map((x) => [x.id, x]));
  const sample = (id) => makeSampler(p[id].distribution);
  const [sGrowth, sCap, sNoise, sJitter] = ['growth', 'cap', 'noise', 'jitter'].map(sample);
  const [gGrowth, gCap, gNoise, gJitter, gShock] = [0, 1, 2, 3, 4].map(() => new RandomStream());
  const keys = ['growth', 'cap', 'noise', 'jitter', 'shock'].map(nameKey);
  const { start, end, dt, steps, stepsPerReport } = model.time;
  const T = model.time.times.length;
  const out = new Float64Array(3 * T * trials);
  const s = new Float64Array(STOCKS);
  const g = new Float64Array(STOCKS);
  const d = new Float64Array(STOCKS);
  const x = new Float64Array(STOCKS);
  const events = new Float64Array(1024);
  // The engine tidies t once per model, not per step; so does a careful hand.
  const times = Float64Array.from({ length: steps + 1 }, (_, k) => Number((start + k * dt).toPrecision(15)));
  const decay = 0.5 ** (dt / 2);
  for (let trial = 0; trial < trials; trial++) {
    gGrowth.reset(seed, trial, keys[0]);
    gCap.reset(seed, trial, keys[1]);
    gNoise.reset(seed, trial, keys[2]);
    gJitter.reset(seed, trial, keys[3]);
    gShock.reset(seed, trial, keys[4]);
    const growth = sGrowth(gGrowth);
    const cap = sCap(gCap);
    let n = 0;
    for (let te = start; ; ) {
      te += -Math.log(1 - gShock.next()) / 0.2;
      if (!(te <= end)) break;
      events[n++] = te;
    }
    for (let i = 0; i < STOCKS; i++) s[i] = 100 * (i + 1);
    // The shock's intensity decays by one factor per step (the grid is binary-exact,
    // so every step is 0.25 apart), plus the events that fell within the step.
    let shock = 0;
    let next = 0;
    for (let k = 0, r = 0; ; k++) {
      const t = times[k];
      if (k > 0 && shock !== 0) shock *= decay;
      for (; next < n && events[next] <= t; next++) shock += 0.5 ** ((t - events[next]) / 2);
      const noise = sNoise(gNoise);
      const jitter = sJitter(gJitter);
      for (let i = 0; i < STOCKS; i++) {
        g[i] = growth * (1 + noise) * (1 - s[i] / cap);
        d[i] = Math.max(0, s[(i + STOCKS - 1) % STOCKS] - s[i]) * 0.01 + shock * 0.001 * s[i];
        x[i] = g[i] * s[i] + d[i] * (1 + jitter);
      }
      if (k % stepsPerReport === 0 || k === steps) {
        out[(0 * T + r) * trials + trial] = s[0];
        out[(1 * T + r) * trials + trial] = s[5];
        out[(2 * T + r) * trials + trial] = x[9];
        r++;
      }
      if (k === steps) break;
      for (let i = 0; i < STOCKS; i++) {
        const v = s[i] + dt * (x[i] - s[i] * 0.02);
        s[i] = v < 0 ? 0 : v;
      }
    }
  }
  return out;
}
