// Expected output of the population-lookup-series case, by a hand-written
// Euler recurrence with its own interpolation, sharing no code with the
// engine. Regenerate with:
//   node tests/golden/population-lookup-series/derive.mjs > tests/golden/population-lookup-series/expected.csv
const start = 2000;
const end = 2030;
const dt = 0.25;
const report = 1;
const capacity = 50000;
const deathRate = 0.02;

// Series: value at time t; outside the points, the first or last value.
const plan = [
  [2004, 0],
  [2010, 1200],
  [2020, 600],
];
const quota = [
  [2000, 1],
  [2012, 0.5],
  [2016.5, 0.8],
];
function linearSeries(points, t) {
  if (t <= points[0][0]) return points[0][1];
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1];
    const [x1, y1] = points[i];
    if (t <= x1) return y0 + ((y1 - y0) * (t - x0)) / (x1 - x0);
  }
  return points[points.length - 1][1];
}
function stepSeries(points, t) {
  // The value of the last point at or before t; before the first point, the first value.
  let value = points[0][1];
  for (const [x, y] of points) if (x <= t) value = y;
  return value;
}
// Lookup: linear between points, the end values held outside them.
const birthRateTable = [
  [0.5, 0.06],
  [0.8, 0.04],
  [1, 0.02],
  [1.2, 0.01],
];
const birthRateAt = (x) => linearSeries(birthRateTable, x);

const steps = Math.round((end - start) / dt);
const stepsPerReport = Math.round(report / dt);

let population = 20000;
const rows = ['time,population,births,immigration,crowding'];
for (let k = 0; k <= steps; k++) {
  const t = start + k * dt;
  const crowding = population / capacity;
  const births = population * birthRateAt(crowding);
  const deaths = population * deathRate;
  const immigration = linearSeries(plan, t) * stepSeries(quota, t);
  if (k % stepsPerReport === 0) rows.push([t, population, births, immigration, crowding].map(String).join(','));
  if (k < steps) population = population + dt * (births + immigration - deaths);
}
console.log(rows.join('\n'));
