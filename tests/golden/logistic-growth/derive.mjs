// Expected output of the logistic-growth case, by a hand-written Euler
// recurrence that shares no code with the engine. Regenerate with:
//   node tests/golden/logistic-growth/derive.mjs > tests/golden/logistic-growth/expected.csv
const start = 0;
const end = 40;
const dt = 0.25;
const report = 1;
const growthRate = 0.5;
const capacity = 1000;

const steps = Math.round((end - start) / dt);
const stepsPerReport = Math.round(report / dt);

let population = 10;
const rows = ['time,population,net_growth,fraction_of_capacity'];
for (let k = 0; k <= steps; k++) {
  const t = start + k * dt;
  const fraction = population / capacity;
  const netGrowth = growthRate * population * (1 - fraction);
  if (k % stepsPerReport === 0) rows.push([t, population, netGrowth, fraction].map(String).join(','));
  if (k < steps) population = population + dt * netGrowth;
}
console.log(rows.join('\n'));
