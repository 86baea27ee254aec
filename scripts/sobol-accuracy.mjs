#!/usr/bin/env node
// Sobol indices at sample sizes too large for `pnpm test`: the Ishigami
// function (a = 7, b = 0.1) over many seeds, for the estimates' error, the
// intervals' width and how often the 95% intervals cover the analytic
// indices (about 95% of the time if they are honest). Run after a build:
//   pnpm run build && node scripts/sobol-accuracy.mjs [seeds] [N...]
import { prepareText, sensitivity } from '../packages/core/dist/index.js';

const PI = Math.PI;
const a = 7;
const b = 0.1;
const v1 = 0.5 * (1 + (b * PI ** 4) / 5) ** 2;
const v2 = (a * a) / 8;
const v13 = b * b * PI ** 8 * (1 / 18 - 1 / 50);
const v = v1 + v2 + v13;
const analytic = {
  x1: { first: v1 / v, total: (v1 + v13) / v },
  x2: { first: v2 / v, total: v2 / v },
  x3: { first: 0, total: v13 / v },
};

const seeds = Number(process.argv[2] ?? 20);
const sizes = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [1024, 4096, 16384, 65536];

const doc = (seed) => `
format: 1
id: ishigami
time: { start: 0, end: 1 }
seed: ${seed}
parameters:
  x1: { dist: uniform, min: ${-PI}, max: ${PI} }
  x2: { dist: uniform, min: ${-PI}, max: ${PI} }
  x3: { dist: uniform, min: ${-PI}, max: ${PI} }
variables:
  f: "sin(x1) + ${a} * sin(x2) ^ 2 + ${b} * x3 ^ 4 * sin(x1)"
`;

console.log(
  `Ishigami, ${seeds} seeds per N; analytic S = ${Object.values(analytic)
    .map((x) => x.first.toFixed(4))
    .join(', ')}, ST = ${Object.values(analytic)
    .map((x) => x.total.toFixed(4))
    .join(', ')}`,
);
console.log('N        runs/s   max |error|  mean width  coverage (6 indices x seeds)');
for (const n of sizes) {
  let covered = 0;
  let count = 0;
  let maxError = 0;
  let widths = 0;
  let runs = 0;
  const started = performance.now();
  for (let seed = 1; seed <= seeds; seed++) {
    const m = prepareText(doc(seed), 'ishigami.yaml');
    if (!m.ok) throw new Error(m.error.map((p) => p.message).join('\n'));
    const r = sensitivity(m.value, { output: 'f', method: 'sobol', samples: n, resamples: 500 });
    if (!r.ok || r.value.method !== 'sobol') throw new Error('sobol failed');
    runs += r.value.runs;
    for (const f of r.value.factors) {
      for (const kind of ['first', 'total']) {
        const i = f[kind];
        const want = analytic[f.id][kind];
        count++;
        if (i.low <= want && want <= i.high) covered++;
        maxError = Math.max(maxError, Math.abs(i.estimate - want));
        widths += i.high - i.low;
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${String(n).padEnd(8)} ${String(Math.round(runs / seconds)).padStart(7)}  ${maxError.toFixed(4).padStart(11)}  ${(widths / count).toFixed(4).padStart(10)}  ${covered}/${count} = ${((100 * covered) / count).toFixed(1)}%`,
  );
}
