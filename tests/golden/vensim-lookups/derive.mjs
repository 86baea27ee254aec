// Expected output of the vensim-lookups case, by a hand-written Euler
// recurrence that shares no code with the engine. Regenerate with:
//   node tests/golden/vensim-lookups/derive.mjs > tests/golden/vensim-lookups/expected.csv
const start = 0;
const end = 45;
const dt = 0.25;
const report = 1;
const table = [
  [0, 0],
  [5, 0],
  [10, 1],
  [15, 1],
  [20, 0],
  [25, 0],
  [30, -1],
  [35, -1],
  [40, 0],
  [45, 0],
];

/** Linear between the points, the end values held outside them. */
function lookup(x) {
  if (x <= table[0][0]) return table[0][1];
  for (let i = 1; i < table.length; i++) {
    const [x1, y1] = table[i];
    if (x <= x1) {
      const [x0, y0] = table[i - 1];
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return table[table.length - 1][1];
}

const steps = Math.round((end - start) / dt);
const stepsPerReport = Math.round(report / dt);

let accumulation = 0;
const rows = ['time,accumulation,rate'];
for (let k = 0; k <= steps; k++) {
  const t = start + k * dt;
  const rate = lookup(t);
  if (k % stepsPerReport === 0) rows.push([t, accumulation, rate].map(String).join(','));
  if (k < steps) accumulation = accumulation + dt * rate;
}

// The table's positive and negative lobes have equal areas, and Euler's sum of
// a piecewise-linear rate on this grid is exact up to rounding: the stock ends at 0.
if (Math.abs(accumulation) > 1e-12) throw new Error(`accumulation ends at ${accumulation}, not 0`);

console.log(rows.join('\n'));
