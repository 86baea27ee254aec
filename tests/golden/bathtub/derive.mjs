// Expected output of the bathtub case, by a hand-written Euler recurrence
// with clamps, sharing no code with the engine. Regenerate with:
//   node tests/golden/bathtub/derive.mjs > tests/golden/bathtub/expected.csv
//
// Every quantity here is a multiple of 1/4, so the arithmetic is exact in
// binary and the test `tub > 0` never depends on rounding.
const start = 0;
const end = 20;
const dt = 0.25;
const report = 0.5;
const faucet = 5;
const drainCapacity = 8;
const pump = 3;

const steps = Math.round((end - start) / dt);
const stepsPerReport = Math.round(report / dt);

let tub = 50;
let basin = tub / 5;
const rows = ['time,tub,basin,drain'];
for (let k = 0; k <= steps; k++) {
  const t = start + k * dt;
  const drain = tub > 0 ? drainCapacity : 0;
  if (k % stepsPerReport === 0) rows.push([t, tub, basin, drain].map(String).join(','));
  if (k < steps) {
    // Euler step, then the clamp: the flow itself is not limited, only the level.
    const nextTub = Math.max(0, tub + dt * (faucet - drain));
    const nextBasin = Math.min(60, basin + dt * (drain - pump));
    tub = nextTub;
    basin = nextBasin;
  }
}
console.log(rows.join('\n'));
