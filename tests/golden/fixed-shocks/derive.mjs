// Expected output of the fixed-shocks case, by a hand-written Euler
// recurrence with the shock intensity written out from the format spec,
// sharing no code with the engine. Regenerate with:
//   node tests/golden/fixed-shocks/derive.mjs > tests/golden/fixed-shocks/expected.csv
const start = 0;
const end = 25;
const dt = 0.25;
const report = 1;
const nominalOutput = 100;
const recoveryTime = 3;
const damageRate = 0.4;

// Intensity at t: the sum over events at or before t of 0.5^((t - t_i) / half_life),
// or of 1 without a half-life. The order the events are listed in does not matter.
function intensity(events, halfLife, t) {
  let sum = 0;
  for (const ti of events) {
    if (ti <= t) sum += halfLife === undefined ? 1 : 0.5 ** ((t - ti) / halfLife);
  }
  return sum;
}
const outageEvents = [5, 12.3];
const strikeEvents = [18.1, 8];

const steps = Math.round((end - start) / dt);
const stepsPerReport = Math.round(report / dt);

let capacity = 1;
const rows = ['time,capacity,production,outage_intensity,strikes'];
for (let k = 0; k <= steps; k++) {
  const t = start + k * dt;
  // Shocks first, then the variables from the stocks at t.
  const outage = intensity(outageEvents, 2, t);
  const strike = intensity(strikeEvents, undefined, t);
  const production = nominalOutput * capacity * (1 - 0.5 * Math.min(strike, 1));
  if (k % stepsPerReport === 0) rows.push([t, capacity, production, outage, strike].map(String).join(','));
  if (k < steps) {
    const inflow = (1 - capacity) / recoveryTime;
    const outflow = damageRate * outage * capacity;
    capacity = Math.min(1, Math.max(0, capacity + dt * (inflow - outflow)));
  }
}
console.log(rows.join('\n'));
