// Expected output of the teacup case, by a hand-written Euler recurrence that
// shares no code with the engine. Regenerate with:
//   node tests/golden/teacup/derive.mjs > tests/golden/teacup/expected.csv
const start = 0;
const end = 30;
const dt = 0.125;
const report = 1;
const roomTemperature = 70;
const characteristicTime = 10;

const steps = Math.round((end - start) / dt);
const stepsPerReport = Math.round(report / dt);

let temperature = 180;
const rows = ['time,teacup_temperature,heat_loss_to_room'];
for (let k = 0; k <= steps; k++) {
  // t from the step index (start + k*dt), never accumulated.
  const t = start + k * dt;
  const heatLoss = (temperature - roomTemperature) / characteristicTime;
  if (k % stepsPerReport === 0) rows.push([t, temperature, heatLoss].map(String).join(','));
  if (k < steps) temperature = temperature + dt * (0 - heatLoss);
}

// Cross-check against the closed form of this linear recurrence,
// T_k = room + (T_0 - room) * (1 - dt/tau)^k, so a slip in the loop above is caught here.
const closed = 70 + 110 * (1 - dt / characteristicTime) ** steps;
if (Math.abs(closed - temperature) > 1e-9 * closed)
  throw new Error(`recurrence ${temperature} != closed form ${closed}`);

console.log(rows.join('\n'));
