// Expected output of the test-inputs case, by a hand-written Euler recurrence
// with the test functions written out from the format spec, sharing no code
// with the engine. Regenerate with:
//   node tests/golden/test-inputs/derive.mjs > tests/golden/test-inputs/expected.csv
const start = 0;
const end = 30;
const dt = 0.125;
const report = 1;
const baseDemand = 100;
const targetInventory = 400;
const adjustmentTime = 4;
const capacity = 150;
const smoothingTime = 2;

// The spec's definitions, one line each.
const step = (t, height, at) => (t >= at ? height : 0);
const ramp = (t, slope, from, to) => (t < from ? 0 : slope * (Math.min(t, to) - from));
const pulse = (t, at, width) => (at <= t && t < at + width ? 1 : 0);
const clamp = (x, lo, hi) => Math.min(Math.max(x, lo), hi);

const steps = Math.round((end - start) / dt);
const stepsPerReport = Math.round(report / dt);

let inventory = targetInventory;
let expectedDemand = baseDemand;
const rows = ['time,inventory,expected_demand,demand,production,overtime,alarm'];
for (let k = 0; k <= steps; k++) {
  const t = start + k * dt;
  const demand = baseDemand + step(t, 20, 5) + ramp(t, 4, 10, 15) + 50 * pulse(t, 20, 2);
  const desired = expectedDemand + (targetInventory - inventory) / adjustmentTime;
  const production = clamp(desired, 0, capacity);
  const overtime = production > 125 ? production - 125 : 0;
  const alarm = inventory < 380 || demand >= 140 ? 1 : 0;
  if (k % stepsPerReport === 0)
    rows.push([t, inventory, expectedDemand, demand, production, overtime, alarm].map(String).join(','));
  if (k < steps) {
    // Both stocks advance from the values at t; only the inventory has a floor.
    const nextInventory = Math.max(0, inventory + dt * (production - demand));
    const nextExpected = expectedDemand + dt * ((demand - expectedDemand) / smoothingTime);
    inventory = nextInventory;
    expectedDemand = nextExpected;
  }
}
console.log(rows.join('\n'));
