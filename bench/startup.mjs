// Start-up, measured as wall time of the built command line in a fresh
// process, best of N: `foresight --help`, and `foresight run baseline` (the
// report's baseline scenario, its own 2,000 trials) including start-up.
// Usage: node bench/startup.mjs [repeats]   (after a build)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repeats = Number(process.argv[2] ?? 5);
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../apps/cli/dist/bin.js', import.meta.url));

/** Best wall time of `node ...argv` over the repeats. */
function best(argv) {
  let min = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, argv, { cwd: root, encoding: 'utf8' });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`node ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
    min = Math.min(min, ms);
  }
  return min;
}

const ms = (x) => x.toFixed(0).padStart(5);
console.log(`start-up, wall time of a fresh process, best of ${repeats}`);
console.log(`foresight --help:          ${ms(best([bin, '--help']))} ms`);
console.log(`foresight run baseline:    ${ms(best([bin, 'run', 'baseline']))} ms  (2,000 trials)`);
console.log(`node -e '' (for scale):    ${ms(best(['-e', '']))} ms`);
