import { describe, expect, it } from 'vitest';
import { cli, workspace } from './helpers.js';

const noElapsed = (json: string): string => json.replace(/"elapsed_ms": \d+/g, '"elapsed_ms": 0');

// Every builtin with memory, per-step draws, a Poisson shock and RK4: the
// hidden state is rebuilt by each worker's copy of the model.
const scenario = `format: 1
id: memory
time: { start: 2020, end: 2040, dt: 0.25, report: 1, method: rk4 }
trials: 1501
seed: 8
parameters:
  growth: { dist: normal, mean: 0.04, sd: 0.02 }
  lag: { dist: uniform, min: 1, max: 5 }
  noise: { dist: normal, mean: 0, sd: 0.02, per: step }
shocks:
  crisis: { rate: 0.3, half_life: 2, max_events: 5 }
stocks:
  w: { initial: "init_w", inflow: "w * (growth + noise)", outflow: "w * 0.05 * delay3(min(crisis, 1), 2, 0)", min: 0 }
variables:
  init_w: "active_initial(w, 100)"
  seen: "smooth(w, 2)"
  seen3: "smooth3(w, 3, 90)"
  late: "delay1(w, lag)"
  pipe: "delay_fixed(w, lag, 100)"
  chain: "delayn(w, 4, 6)"
  change: "w - previous(w, 100)"
  first: "init(w + noise)"
  rate: "trend(w, 3, 0.04)"
  ahead: "forecast(w, 3, 5)"
`;

describe('builtins with memory on worker threads', () => {
  it('foresight run gives the same bytes for 1, 2 and 3 workers as in one process', async () => {
    const dir = workspace({ 'scenarios/memory.yaml': scenario });
    const inProcess = await cli(['run', 'memory', '--format', 'json'], dir);
    expect(inProcess.code).toBe(0);
    expect(inProcess.stderr).toBe('');
    for (const workers of ['1', '2', '3']) {
      const r = await cli(['run', 'memory', '--format', 'json', '--workers', workers], dir);
      expect(r.stderr).toBe('');
      expect(noElapsed(r.stdout)).toBe(noElapsed(inProcess.stdout));
    }
  });
});
