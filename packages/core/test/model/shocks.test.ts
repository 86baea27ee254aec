import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { ShockState, shockIntensity } from '../../src/model/shocks.js';
import { timeAt } from '../../src/model/time.js';

/** The definition: every past event's term summed afresh. */
function direct(events: readonly number[], halfLife: number, t: number): number {
  let sum = 0;
  for (const e of events) if (e <= t) sum += halfLife === Infinity ? 1 : 0.5 ** ((t - e) / halfLife);
  return sum;
}

function state(events: readonly number[], halfLife: number): ShockState {
  const times = Float64Array.from([...events].sort((a, b) => a - b));
  return new ShockState({
    id: 's',
    slot: 0,
    key: 0,
    at: times,
    rate: undefined,
    from: -Infinity,
    until: Infinity,
    halfLife: { value: halfLife },
    severity: { value: 1 },
    maxEvents: times.length,
  });
}

const grid = fc.record({
  start: fc.integer({ min: -50, max: 2050 }),
  dt: fc.constantFrom(1, 0.5, 0.25, 0.1, 1 / 12, 0.3),
  steps: fc.integer({ min: 0, max: 400 }),
});
const halfLife = fc.oneof(fc.constant(Infinity), fc.double({ min: 0.05, max: 50, noNaN: true }));

describe('shockIntensity carried from step to step', () => {
  test.prop([grid, halfLife, fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { maxLength: 30 })], {
    seed: 17,
    numRuns: 200,
  })(
    'equals the sum afresh up to rounding, and counts exactly without a half-life',
    ({ start, dt, steps }, hl, offsets) => {
      const end = start + steps * dt;
      const events = offsets.map((u) => start + (u + 0.5) * (end - start + 2));
      const s = state(events, hl);
      // Two trials in a row: the second must not inherit the first's sum.
      for (let trial = 0; trial < 2; trial++) {
        for (let k = 0; k <= steps; k++) {
          const t = timeAt(start, k, dt);
          const got = shockIntensity(s, t);
          const want = direct(events, hl, t);
          if (hl === Infinity) expect(got).toBe(want);
          else {
            // Rounding: one multiplication per step, and the exponent (t - e) / hl is split
            // into per-step pieces, each rounded (a relative ln 2 * 2.2e-16 per half-life);
            // a term that underflows may stay a subnormal one way and be 0 the other.
            const halfLives = events.reduce((m, e) => (e <= t ? Math.max(m, (t - e) / hl) : m), 0);
            expect(Math.abs(got - want)).toBeLessThanOrEqual(
              want * 2.3e-16 * (2 * k + 4 + events.length + 1.4 * halfLives) + 1e-300,
            );
          }
        }
      }
    },
  );
});
