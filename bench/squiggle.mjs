// A peer, side by side: the same compounding model in Squiggle and in
// Foresight, N samples each (1,000,000 by default), in this process, one
// core. Ten years of growth with a fresh normal draw each year:
// x_{k+1} = x_k * (1 + g_k), g_k ~ normal(0.05, 0.1), x_0 = 100; each side
// reports the mean and the 5%, 50% and 95% quantiles of x_10.
// Usage: node bench/squiggle.mjs [samples] [repeats]   (after a build)
import { run as squiggle } from '@quri/squiggle-lang';
import { prepareValue, runModel } from '@foresight/core';

const samples = Number(process.argv[2] ?? 1_000_000);
const repeats = Number(process.argv[3] ?? 3);

const SQUIGGLE = `
x = List.reduce(List.upTo(1, 10), 100, {|acc, _| acc * (1 + normal(0.05, 0.1))})
[mean(x), quantile(x, 0.05), quantile(x, 0.5), quantile(x, 0.95)]
`;

const foresightDoc = {
  format: 1,
  id: 'compounding',
  time: { start: 0, end: 10, dt: 1, report: 10 },
  quantiles: [0.05, 0.5, 0.95],
  parameters: { g: { dist: 'normal', mean: 0.05, sd: 0.1, per: 'step' } },
  stocks: { x: { initial: 100, inflow: 'x * g' } },
  outputs: ['x'],
};

async function timeSquiggle() {
  const t0 = performance.now();
  const out = await squiggle(SQUIGGLE, { environment: { sampleCount: samples, xyPointLength: 1000, seed: 'bench' } });
  const ms = performance.now() - t0;
  if (!out.result.ok) throw new Error(`squiggle: ${out.result.value.toString()}`);
  const values = out.result.value.result.value.getValues().map((v) => v.value);
  return { ms, values };
}

function timeForesight() {
  const t0 = performance.now();
  const model = prepareValue(foresightDoc, { file: 'compounding.json' });
  if (!model.ok) throw new Error(JSON.stringify(model.error));
  const r = runModel(model.value, { trials: samples, seed: 1 });
  const ms = performance.now() - t0;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  const x = r.value.outputs['x'];
  return { ms, values: [x.mean[1], x.quantiles['p5'][1], x.quantiles['p50'][1], x.quantiles['p95'][1]] };
}

let sq;
let fs;
for (let i = 0; i < repeats; i++) {
  const a = await timeSquiggle();
  const b = timeForesight();
  if (!sq || a.ms < sq.ms) sq = a;
  if (!fs || b.ms < fs.ms) fs = b;
}
const row = (name, r) =>
  `${name.padEnd(10)} ${r.ms.toFixed(0).padStart(6)} ms  ${(samples / r.ms / 1000).toFixed(2).padStart(6)} M samples/s  ` +
  `mean ${r.values[0].toFixed(2)}  p5 ${r.values[1].toFixed(2)}  p50 ${r.values[2].toFixed(2)}  p95 ${r.values[3].toFixed(2)}`;
console.log(`compounding model, ${samples} samples, best of ${repeats}`);
console.log(row('squiggle', sq));
console.log(row('foresight', fs));
console.log(`foresight / squiggle throughput: ${(sq.ms / fs.ms).toFixed(1)}x`);
