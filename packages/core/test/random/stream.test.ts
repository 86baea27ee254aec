import { fc, test } from '@fast-check/vitest';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { RandomStream, nameKey } from '../../src/random/stream.js';
import { draws, stream } from './stats.js';

// @types/seedrandom declares string seeds only, but tychei gives an integer seed
// its own path (a = high word, b = low word), which is the one we reproduce.
const tychei = seedrandom.tychei as unknown as (seed: number) => { double(): number; int32(): number };

describe('tychei core', () => {
  // Bit-identical, so the generator inherits the independence evidence
  // gathered for seedrandom's tychei (engineering notes: Random streams).
  it.each([0, 1, 7, -1, 42, 2 ** 31, 2 ** 32 + 5, -(2 ** 40) - 3, Number.MAX_SAFE_INTEGER])(
    'matches seedrandom.tychei(%d).double() bit for bit',
    (seed) => {
      const reference = tychei(seed);
      const ours = RandomStream.fromSeedrandomNumber(seed);
      for (let i = 0; i < 2000; i++) expect(ours.next()).toBe(reference.double());
    },
  );

  it('matches seedrandom.tychei int32() too', () => {
    const reference = tychei(12345);
    const ours = RandomStream.fromSeedrandomNumber(12345);
    for (let i = 0; i < 1000; i++) expect(ours.nextInt32()).toBe(reference.int32());
  });

  it('rejects a non-integer seed for the seedrandom form', () => {
    expect(() => RandomStream.fromSeedrandomNumber(1.5)).toThrow(RangeError);
  });
});

describe('reset(seed, trial, key)', () => {
  it('gives the same sequence for the same (seed, trial, key), whatever happened before', () => {
    const a = stream(7, 123, 'growth');
    const b = new RandomStream();
    b.reset(99, 4, nameKey('other'));
    draws(b, 17); // a used stream is fully re-seeded
    b.reset(7, 123, nameKey('growth'));
    expect(Array.from(draws(b, 100))).toEqual(Array.from(draws(a, 100)));
  });

  it('differs when any of seed, trial or name differs', () => {
    const base = Array.from(draws(stream(7, 3, 'growth'), 4));
    for (const s of [
      stream(8, 3, 'growth'),
      stream(-7, 3, 'growth'),
      stream(7, 4, 'growth'),
      stream(7, 3, 'growth2'),
    ]) {
      expect(Array.from(draws(s, 4))).not.toEqual(base);
    }
  });

  it('is pinned: these numbers are part of the reproducibility contract', () => {
    // If this fails, every published result changes: bump the engine version and say so.
    expect(nameKey('growth')).toBe(PINNED.key);
    expect(Array.from(draws(stream(7, 0, 'growth'), 3))).toEqual(PINNED.draws);
  });

  test.prop([fc.maxSafeInteger(), fc.nat(), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })], {
    seed: 1,
    numRuns: 300,
  })('draws lie in (0, 1) and repeat for any safe seed, trial and key', (seed, trial, key) => {
    const a = new RandomStream();
    const b = new RandomStream();
    a.reset(seed, trial, key);
    b.reset(seed, trial, key);
    for (let i = 0; i < 8; i++) {
      const u = a.next();
      expect(u > 0 && u < 1).toBe(true);
      expect(b.next()).toBe(u);
    }
  });

  test.prop([fc.maxSafeInteger(), fc.maxSafeInteger()], { seed: 2, numRuns: 300 })(
    'seeds that differ in their high bits only still give different streams',
    (s1, s2) => {
      fc.pre(s1 !== s2);
      expect(draws(stream(s1, 0, 'x'), 2)).not.toEqual(draws(stream(s2, 0, 'x'), 2));
    },
  );
});

describe('nameKey', () => {
  it('is a 32-bit integer that differs for near-identical names', () => {
    const names = ['a', 'b', 'x1', 'x2', 'growth', 'growth_', 'Growth', 'noise', 'decoupling'];
    const keys = names.map(nameKey);
    for (const k of keys) expect(Number.isInteger(k) && k >= -(2 ** 31) && k < 2 ** 31).toBe(true);
    expect(new Set(keys).size).toBe(names.length);
  });

  it('has no collisions among 20k typical identifiers', () => {
    const keys = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      keys.add(nameKey(`p${i}`));
      keys.add(nameKey(`param_${i}`));
    }
    // 20k keys in 2^32 collide with probability ~5%; these particular names do not.
    expect(keys.size).toBe(20_000);
  });
});

const PINNED = { key: 886739633, draws: [0.08494256180175175, 0.1578518081566227, 0.09989431116991132] };
