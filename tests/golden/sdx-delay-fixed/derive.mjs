// Expected output of the sdx-delay-fixed case: each output is the input of a
// whole number of steps before, written out by hand without the engine.
// Regenerate with:
//   node tests/golden/sdx-delay-fixed/derive.mjs > tests/golden/sdx-delay-fixed/expected.csv
const dt = 1;
const steps = 50;
const input = (t) => t * t;

// [id, delay time at the start, initial value]; the delay is delay/dt steps rounded, halves up, at least one.
const delays = [
  ['df05', 0.5, -10],
  ['df1', 1, 10],
  ['df12', 1.2, -4],
  ['df15', 1.5, 20],
  ['df2', 2, -3],
  ['df37', 3.7, 4],
  ['dst', 2 + 2 * Math.sin(0), 7],
  ['dt2', 0 / 2, 4],
].map(([id, delay, initial]) => ({ id, n: Math.max(1, Math.floor(delay / dt + 0.5)), initial }));

const rows = [['time', 'time_squared', ...delays.map((d) => d.id)].join(',')];
for (let k = 0; k <= steps; k++) {
  const t = k * dt;
  rows.push([t, input(t), ...delays.map((d) => (k < d.n ? d.initial : input((k - d.n) * dt)))].map(String).join(','));
}
console.log(rows.join('\n'));
