// Expected output of the sdx-forecast case, by a hand-written recurrence of
// Vensim's FORECAST over a shifted signal, sharing no code with the engine.
// Regenerate with:
//   node tests/golden/sdx-forecast/derive.mjs > tests/golden/sdx-forecast/expected.csv
const dt = 0.5;
const report = 1;
const steps = 240;
const period = 20;
const delaySteps = 10 / dt;
const smoothingTime = 5;
const horizon = 10;

const stepFn = (height, at, t) => (t >= at ? height : 0);
const rampFn = (slope, from, to, t) => (t < from ? 0 : slope * (Math.min(t, to) - from));
const r = (t) =>
  10 +
  rampFn(1, 10, 60, t) +
  stepFn(1, 70, t) * (1 - stepFn(1, 90, t)) +
  stepFn(2 * Math.sin((6.28 * t) / period), 100, t);
// DELAY FIXED(r, 10, r): r of 20 steps before, r at the start until then.
const delayed = (k) => (k < delaySteps ? r(0) : r((k - delaySteps) * dt));

// FORECAST = input * (1 + trend * horizon), the trend as TREND's with an initial trend of 0.
let average = delayed(0);
const rows = ['time,r,r_delayed,r_forecast'];
for (let k = 0; k <= steps; k++) {
  const t = k * dt;
  const x = delayed(k);
  const denominator = smoothingTime * Math.abs(average);
  const trend = denominator === 0 ? 0 : (x - average) / denominator;
  if (k % Math.round(report / dt) === 0) rows.push([t, r(t), x, x * (1 + trend * horizon)].map(String).join(','));
  if (k < steps) average += (dt * (x - average)) / smoothingTime;
}
console.log(rows.join('\n'));
