// pnpm bench: every figure of bench/README.md, each section in a fresh
// process so none inherits another's JIT state, heap or threads. The machine
// may be shared: each figure is a best of several runs, and the load average
// before and after is printed so a noisy measurement shows.
// BENCH_QUICK=1 runs small sizes only (a smoke test of the harness, not figures).
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const quick = process.env.BENCH_QUICK === '1';
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const sections = [
  [
    'one core: engine beside the hand-written loop',
    'throughput.mjs',
    [],
    { BENCH_TRIALS: quick ? '2000' : '20000', BENCH_REPEATS: quick ? '1' : '5' },
  ],
  [
    'one core: builtins with memory and RK4',
    'builtins.mjs',
    [],
    { BENCH_TRIALS: quick ? '2000' : '20000', BENCH_REPEATS: quick ? '1' : '5' },
  ],
  ['workers', 'workers.mjs', quick ? ['5000', '1'] : ['100000', '3']],
  ['distributed, through Redis', 'distributed.mjs', quick ? ['20000', '1'] : ['400000', '2']],
  ['start-up', 'startup.mjs', quick ? ['1'] : ['5']],
  ['a peer: Squiggle', 'squiggle.mjs', quick ? ['20000', '1'] : ['1000000', '3']],
  ['memory, in process', 'memory.mjs', ['0'], { BENCH_TRIALS: quick ? '20000' : '1000000' }],
  ['memory, 2 workers', 'memory.mjs', ['2'], { BENCH_TRIALS: quick ? '20000' : '1000000' }],
  [
    'calibration and PRIM',
    'learn.mjs',
    [],
    quick ? { BENCH_TRIALS: '100', BENCH_PRIM_TRIALS: '5000', BENCH_WORKERS: '1' } : {},
  ],
];

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown'} x${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}, ${os.platform()}`,
);
console.log(`load average at start: ${load()}`);
let failed = false;
for (const [title, file, args, env = {}] of sections) {
  console.log(`\n## ${title}`);
  const r = spawnSync(process.execPath, [here(file), ...args], { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) failed = true;
}
console.log(`\nload average at end: ${load()}`);
if (failed) process.exitCode = 1;
