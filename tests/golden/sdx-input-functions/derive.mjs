// Expected output of the sdx-input-functions case, by a hand-written Euler
// recurrence, sharing no code with the engine. Regenerate with:
//   node tests/golden/sdx-input-functions/derive.mjs > tests/golden/sdx-input-functions/expected.csv
const dt = 0.0625;
const report = 0.25;
const steps = 400;

const pulse = (t) => (t >= 3 && t < 5 ? 1 : 0);
// PULSE TRAIN(7, 1, 2, 12): 1 for a month every 2 months from month 7, until month 12.
const pulseTrain = (t) => (t >= 7 && t < 12 && (t - 7) % 2 < 1 ? 1 : 0);
const ramp = (t) => (t < 14 ? 0 : Math.min(t, 17) - 14);
const step = (t) => (t >= 1 ? 1 : 0);

let stock = 0;
const rows = ['time,stocka,inputa,test_pulse,test_pulse_train,test_ramp,test_step'];
for (let k = 0; k <= steps; k++) {
  const t = k * dt; // exact in binary
  const parts = [pulse(t), pulseTrain(t), ramp(t), step(t)];
  const input = parts[0] + parts[1] + parts[2] + parts[3];
  if (k % Math.round(report / dt) === 0) rows.push([t, stock, input, ...parts].map(String).join(','));
  if (k < steps) stock += dt * input;
}
console.log(rows.join('\n'));
