// Expected output of the sdx-smooth-and-stock case, written out by hand without
// the engine. Regenerate with:
//   node tests/golden/sdx-smooth-and-stock/derive.mjs > tests/golden/sdx-smooth-and-stock/expected.csv
const dt = 0.25;
const report = 1;
const steps = 180;
const rate = 5;

// A smooth that starts at its (constant) input never moves; the stock grows by rate * dt a step.
let accumulation = 0;
const rows = ['time,input,accumulation,smoothed_input,first_order_smooth,third_order_smooth'];
for (let k = 0; k <= steps; k++) {
  const t = k * dt;
  if (k % Math.round(report / dt) === 0) rows.push([t, 4, accumulation, 4, 100, 100].map(String).join(','));
  if (k < steps) accumulation += dt * rate;
}
console.log(rows.join('\n'));
