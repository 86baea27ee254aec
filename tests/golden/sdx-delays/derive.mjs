// Expected output of the sdx-delays case, by hand-written Euler recurrences of
// material delay chains, sharing no code with the engine. Regenerate with:
//   node tests/golden/sdx-delays/derive.mjs > tests/golden/sdx-delays/expected.csv
const dt = 1;
const steps = 100;
const initialValue = 6;
const delayTime = (t) => 4 + (t >= 15 ? 2 : 0);
const input = (t) => -1 + (t >= 5 ? 5 : 0);

/**
 * A delay of order n holds material in n stocks; each passes on its content
 * over delay / n, and the last one's outflow is the output. Every stock starts
 * with initial * delay / n, so the output starts at the initial value.
 */
function chain(order, initial) {
  const stocks = new Array(order).fill((initial * delayTime(0)) / order);
  return {
    output: (d) => stocks[order - 1] / (d / order),
    advance(x, d) {
      const out = stocks.map((s) => s / (d / order));
      for (let j = 0; j < order; j++) stocks[j] += dt * ((j === 0 ? x : out[j - 1]) - out[j]);
    },
  };
}

const delays = [chain(1, input(0)), chain(1, initialValue), chain(3, input(0)), chain(3, initialValue)];
const rows = ['time,input,delay_time,output_delay1,output_delay1i,output_delay3,output_delay3i'];
for (let k = 0; k <= steps; k++) {
  const t = k * dt;
  const d = delayTime(t);
  const x = input(t);
  rows.push([t, x, d, ...delays.map((c) => c.output(d))].map(String).join(','));
  if (k < steps) for (const c of delays) c.advance(x, d);
}

// Long after the last change the delays have passed the input on: all four outputs are 4.
const last = rows[rows.length - 1].split(',').slice(3).map(Number);
if (last.some((v) => Math.abs(v - 4) > 1e-6)) throw new Error(`delays end at ${last}, not 4`);

console.log(rows.join('\n'));
