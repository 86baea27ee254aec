// Expected output of the predator-prey case, by a hand-written Euler
// recurrence that shares no code with the engine. Regenerate with:
//   node tests/golden/predator-prey/derive.mjs > tests/golden/predator-prey/expected.csv
const start = 0;
const end = 40;
const dt = 0.015625; // 1/64: exact in binary, so reporting times are exact too
const report = 0.5;
const alpha = 0.55; // prey birth rate
const beta = 0.028; // predation rate
const gamma = 0.84; // predator death rate
const delta = 0.026; // predator growth per prey eaten

const steps = Math.round((end - start) / dt);
const stepsPerReport = Math.round(report / dt);

let prey = 30;
let predators = 4;
const rows = ['time,prey,predators,predation'];
for (let k = 0; k <= steps; k++) {
  const t = start + k * dt;
  const preyBirths = alpha * prey;
  const predation = beta * prey * predators;
  const predatorBirths = delta * prey * predators;
  const predatorDeaths = gamma * predators;
  if (k % stepsPerReport === 0) rows.push([t, prey, predators, predation].map(String).join(','));
  if (k < steps) {
    // Both stocks advance from the flows at t (simultaneous Euler update).
    const x = prey + dt * (preyBirths - predation);
    const y = predators + dt * (predatorBirths - predatorDeaths);
    prey = x;
    predators = y;
  }
}
console.log(rows.join('\n'));
