// Close thread executors at random moments of their start-up, in child processes
// (a V8 fatal error takes the whole process down), and count the children
// that die. Before the worker entry became CommonJS, about one close in 200
// aborted the process on Node 20.19+.
// Usage: node scripts/pool-start-close.mjs [processes=20] [closes per process=30] [max delay ms=300]   (after a build)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [processes = 20, closes = 30, delay = 300] = process.argv.slice(2).map(Number);

if (process.env.POOL_STRESS_CHILD === '1') {
  const { createThreadExecutor } = await import('@foresight/node');
  for (let i = 0; i < closes; i++) {
    const executor = createThreadExecutor({ workers: 2 });
    await new Promise((resolve) => setTimeout(resolve, Math.random() * delay));
    await executor.close();
  }
} else {
  const self = fileURLToPath(import.meta.url);
  let died = 0;
  for (let p = 0; p < processes; p++) {
    const r = spawnSync(process.execPath, [self, String(processes), String(closes), String(delay)], {
      env: { ...process.env, POOL_STRESS_CHILD: '1' },
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      died++;
      const first = (r.stderr.split('\n').find((l) => l.trim() !== '') ?? `signal ${r.signal}`).slice(0, 160);
      console.log(`process ${p + 1}: exit ${r.status ?? r.signal}: ${first}`);
    }
  }
  console.log(`${processes * closes} pool closes during start-up in ${processes} processes: ${died} process(es) died`);
  if (died > 0) process.exitCode = 1;
}
