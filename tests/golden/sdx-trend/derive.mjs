// Expected output of the sdx-trend case, by a hand-written Euler recurrence of
// Vensim's TREND, sharing no code with the engine. Regenerate with:
//   node tests/golden/sdx-trend/derive.mjs > tests/golden/sdx-trend/expected.csv
const dt = 1;
const steps = 100;
const averageTime = 6;
const initialTrend = 0;
// biome-ignore lint/suspicious/noApproximativeNumericConstant: the model writes 3.14159, not pi
const input = (t) => 1 + 0.5 * Math.sin((2 * 3.14159 * t) / 20);

// TREND = (input - average) / (average time * |average|), 0 when the average is 0;
// the average is a first-order smooth starting at input / (1 + initial trend * average time).
let average = input(0) / (1 + initialTrend * averageTime);
const rows = ['time,input,trend_of_input'];
for (let k = 0; k <= steps; k++) {
  const t = k * dt;
  const x = input(t);
  const denominator = averageTime * Math.abs(average);
  rows.push([t, x, denominator === 0 ? 0 : (x - average) / denominator].map(String).join(','));
  if (k < steps) average += (dt * (x - average)) / averageTime;
}
console.log(rows.join('\n'));
