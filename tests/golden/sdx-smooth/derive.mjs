// Expected output of the sdx-smooth case, by hand-written Euler recurrences of
// exponential smoothing, sharing no code with the engine. Regenerate with:
//   node tests/golden/sdx-smooth/derive.mjs > tests/golden/sdx-smooth/expected.csv
const dt = 0.25;
const steps = 80;
const adjustmentTime = (t) => 2 + (t >= 10 ? 2 : 0);
const input = (t) => -1 + (t >= 5 ? 5 : 0);

/** Smoothing of order n: n stocks in a row, each adjusting toward the one before over time / n. */
function smooth(order, initial) {
  const stocks = new Array(order).fill(initial);
  return {
    output: () => stocks[order - 1],
    advance(x, time) {
      const targets = [x, ...stocks.slice(0, -1)];
      for (let j = 0; j < order; j++) stocks[j] += (dt * (targets[j] - stocks[j])) / (time / order);
    },
  };
}

const smooths = [smooth(1, input(0)), smooth(1, 5), smooth(3, input(0)), smooth(3, 5)];
const rows = ['time,input,smooth_output,smoothi_output,smooth3_output,smooth3i_output'];
for (let k = 0; k <= steps; k++) {
  const t = k * dt;
  const x = input(t);
  rows.push([t, x, ...smooths.map((s) => s.output())].map(String).join(','));
  if (k < steps) for (const s of smooths) s.advance(x, adjustmentTime(t));
}
console.log(rows.join('\n'));
