// Expected output of the sdx-initial case, written out by hand without the
// engine. Regenerate with:
//   node tests/golden/sdx-initial/derive.mjs > tests/golden/sdx-initial/expected.csv
const dt = 1;
const steps = 10;
let stock = 10;
const held = stock; // INITIAL(inflow) with inflow = stock: the inflow at the start.
const rows = ['time,stocka,inflowa,stocka_initial_value'];
for (let k = 0; k <= steps; k++) {
  const inflow = stock;
  rows.push([k * dt, stock, inflow, held].map(String).join(','));
  stock += dt * inflow;
}
console.log(rows.join('\n'));
