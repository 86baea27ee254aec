/*
 * Random streams: one tychei generator per (scenario seed, trial index, name).
 *
 * Why one stream per (seed, trial, name): a trial's draws then depend on nothing
 * but its own index, so trials can run on any worker, in any order or chunking,
 * and give bit-identical results; and a parameter's draws depend only on its own
 * name, so adding or removing a parameter leaves every other parameter's draws
 * unchanged (common random numbers across variants of a scenario).
 *
 * Derivation: the seed and trial are split into 32-bit halves and, with the
 * name's key, hashed by four murmur3 chains that differ only in their initial
 * value, giving 128 bits of state (one 32-bit hash would let two of a few
 * million streams collide). Tychei's own integer seeding puts related seeds
 * into related states, and xorshift-family generators seeded per trial were
 * measurably correlated; a full-avalanche hash first, then tychei's 20 warm-up
 * rounds, removes that. The algorithm is seedrandom's lib/tychei.js, held in
 * plain integer fields so a stream is re-seeded per trial without allocating.
 *
 * Changing anything here changes every published result: the derivation is
 * part of the reproducibility contract (pinned by the tests).
 */

const M1 = 0xcc9e2d51 | 0;
const M2 = 0x1b873593;
/** Initial values of the four hash chains: arbitrary, distinct, odd. */
const LANE_A = 0x243f6a88 | 0;
const LANE_B = 0x85a308d3 | 0;
const LANE_C = 0x13198a2f;
const LANE_D = 0x03707345;
const TWO_32 = 4294967296;

/** murmur3's per-word step: a bijection of k, then a bijection of h ^ k. */
function absorb(h: number, k: number): number {
  k = Math.imul(k, M1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, M2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** murmur3's finaliser: every input bit flips each output bit with probability ~1/2. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function lane(h: number, key: number, sLo: number, sHi: number, tLo: number, tHi: number): number {
  h = absorb(h, key);
  h = absorb(h, sLo);
  h = absorb(h, sHi);
  h = absorb(h, tLo);
  h = absorb(h, tHi);
  return fmix32(h ^ 20); // 20: the input length in bytes, as murmur3 mixes it in
}

/**
 * A 32-bit key for a parameter or shock name (FNV-1a over UTF-16 code units,
 * then fmix32). Computed once per compile; stable across platforms and runs.
 */
export function nameKey(name: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

export class RandomStream {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  /**
   * A stream initialised exactly as seedrandom's `tychei(seed)` for an integer
   * seed: only so tests can prove the generator is bit-identical to seedrandom.
   */
  static fromSeedrandomNumber(seed: number): RandomStream {
    if (!Number.isInteger(seed)) throw new RangeError(`tychei seed must be an integer, got ${seed}`);
    const s = new RandomStream();
    s.a = (seed / TWO_32) | 0;
    s.b = seed | 0;
    s.c = 2654435769 | 0;
    s.d = 1367130551;
    s.warmUp();
    return s;
  }

  /**
   * Seed the stream of (scenario seed, trial index, name key). `seed` is any
   * safe integer (negative too), `trial` an integer >= 0, `key` = nameKey(name).
   */
  reset(seed: number, trial: number, key: number): void {
    // Two's-complement halves: exact for every safe integer, negative included.
    const sLo = seed | 0;
    const sHi = Math.floor(seed / TWO_32) | 0;
    const tLo = trial | 0;
    const tHi = Math.floor(trial / TWO_32) | 0;
    this.a = lane(LANE_A, key, sLo, sHi, tLo, tHi);
    this.b = lane(LANE_B, key, sLo, sHi, tLo, tHi);
    this.c = lane(LANE_C, key, sLo, sHi, tLo, tHi);
    this.d = lane(LANE_D, key, sLo, sHi, tLo, tHi);
    this.warmUp();
  }

  /**
   * A uniform double with 53 random bits, composed as seedrandom's `.double()`
   * (21 bits of one output, 32 of the next). It is never 0 (seedrandom redraws
   * a 0), so callers may take logs and inverse CDFs without a guard.
   */
  next(): number {
    // The tychei round is written out twice on locals: the hot loop calls this
    // for every draw, and field traffic per round costs more than the round.
    let a = this.a;
    let b = this.b;
    let c = this.c;
    let d = this.d;
    let r: number;
    do {
      b = (b << 25) ^ (b >>> 7) ^ c;
      c = (c - d) | 0;
      d = (d << 24) ^ (d >>> 8) ^ a;
      a = (a - b) | 0;
      b = (b << 20) ^ (b >>> 12) ^ c;
      c = (c - d) | 0;
      d = (d << 16) ^ (c >>> 16) ^ a;
      a = (a - b) | 0;
      const top = a >>> 11;
      b = (b << 25) ^ (b >>> 7) ^ c;
      c = (c - d) | 0;
      d = (d << 24) ^ (d >>> 8) ^ a;
      a = (a - b) | 0;
      b = (b << 20) ^ (b >>> 12) ^ c;
      c = (c - d) | 0;
      d = (d << 16) ^ (c >>> 16) ^ a;
      a = (a - b) | 0;
      r = (top + (a >>> 0) / TWO_32) / 2097152;
    } while (r === 0);
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    return r;
  }

  /** One raw 32-bit output (signed), as seedrandom's `.int32()`. */
  nextInt32(): number {
    this.round();
    return this.a;
  }

  private round(): void {
    let a = this.a;
    let b = this.b;
    let c = this.c;
    let d = this.d;
    b = (b << 25) ^ (b >>> 7) ^ c;
    c = (c - d) | 0;
    d = (d << 24) ^ (d >>> 8) ^ a;
    a = (a - b) | 0;
    b = (b << 20) ^ (b >>> 12) ^ c;
    c = (c - d) | 0;
    d = (d << 16) ^ (c >>> 16) ^ a;
    this.a = (a - b) | 0;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /** tychei discards its first 20 outputs so that nearby seeds have drifted apart. */
  private warmUp(): void {
    for (let k = 0; k < 20; k++) this.round();
  }
}
