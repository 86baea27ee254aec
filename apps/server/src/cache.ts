import type { RunResult } from '@foresight/core';

/** At most `capacity` entries, the least recently used dropped first (a Map iterates in insertion order). */
export class Lru<V> {
  private readonly entries = new Map<string, V>();

  constructor(readonly capacity: number) {}

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: V): void {
    if (this.capacity <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Recent run results by the identity of their plan (what determines a run:
 * the document's hash, outputs included, trials, seed and the engine). The
 * page asks for a comparison and then a chart of each scenario in it, and
 * dashboards ask for the same chart again and again: those are answered from
 * here. A cached result keeps the `elapsed_ms` of the run that made it.
 */
export class ResultCache extends Lru<RunResult> {
  hits = 0;
  misses = 0;

  override get(key: string): RunResult | undefined {
    const hit = super.get(key);
    if (hit === undefined) this.misses++;
    else this.hits++;
    return hit;
  }
}
