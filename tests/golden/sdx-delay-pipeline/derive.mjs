// Expected output of the sdx-delay-pipeline case, by hand-written Euler
// recurrences of delay chains and by shifting the input for the pipelines,
// sharing no code with the engine. Regenerate with:
//   node tests/golden/sdx-delay-pipeline/derive.mjs > tests/golden/sdx-delay-pipeline/expected.csv
const dt = 0.5;
const steps = 200;
const initialValue = 6;
const input = (t) => -1 + (t >= 5 ? 5 : 0);

/**
 * A material delay of order n: n stocks, each passing on its content over
 * delay / n. A stage shorter than dt would oscillate, so the order is lowered
 * until order * dt <= delay (Vensim's rule for DELAY N).
 */
function chain(delay, written) {
  let order = written;
  while (order > 1 && order * dt > delay) order--;
  const stage = delay / order;
  const stocks = new Array(order).fill(initialValue * stage);
  return {
    output: () => stocks[order - 1] / stage,
    advance(x) {
      const out = stocks.map((s) => s / stage);
      for (let j = 0; j < order; j++) stocks[j] += dt * ((j === 0 ? x : out[j - 1]) - out[j]);
    },
  };
}

/** A pipeline of delay/dt steps (rounded, halves up): the input of n steps before, the initial value until then. */
function pipeline(delay) {
  const n = Math.max(1, Math.floor(delay / dt + 0.5));
  return { output: (k) => (k < n ? initialValue : input((k - n) * dt)) };
}

const chains = [chain(2.5 * dt, 2), chain(1, 2), chain(2.5 * dt, 3), chain(1.5, 3)];
// Fractional (2.5 steps, rounded to 3), changing (4 at the start: 8 steps), integer (5 steps).
const pipes = [pipeline(2.5 * dt), pipeline(4), pipeline(dt * 5)];
const rows = [
  'time,input,second_order,second_order_modified,third_order,third_order_modified,fractional_pipeline,changing_pipeline,integer_pipeline',
];
for (let k = 0; k <= steps; k++) {
  const t = k * dt;
  const x = input(t);
  rows.push([t, x, ...chains.map((c) => c.output()), ...pipes.map((p) => p.output(k))].map(String).join(','));
  if (k < steps) for (const c of chains) c.advance(x);
}
console.log(rows.join('\n'));
