// Expected output of the sdx-zeroled-decimals case, by a hand-written Euler
// recurrence, sharing no code with the engine. Regenerate with:
//   node tests/golden/sdx-zeroled-decimals/derive.mjs > tests/golden/sdx-zeroled-decimals/expected.csv
const dt = 1;
const steps = 10;
let stock1neg = 0;
let stock1pos = 0.4;
let stockmixed = 0;
let stocknegatives = 0.25;
let stockpositives = 0;
const rows = ['time,stock0,stock1neg,stock1pos,stockmixed,stocknegatives,stockpositives,flow7'];
for (let k = 0; k <= steps; k++) {
  const t = k * dt;
  rows.push([t, 0.34, stock1neg, stock1pos, stockmixed, stocknegatives, stockpositives, t].map(String).join(','));
  stock1neg += dt * (0 - 0.1);
  stock1pos += dt * 0.4;
  // Euler: the outflow reads flow7 = t at the step's start (RK4 would integrate t exactly).
  stockmixed += dt * (0.1223 - (0.5 + t + 0.3));
  stocknegatives += dt * (0 - (-0.67 + 3e-5));
  stockpositives += dt * (0.34 + 0.72);
}
console.log(rows.join('\n'));
