import type { RunResult } from '@foresight/core';
import { LRUCache } from 'lru-cache';

/** How much a cache keeps, in bytes of its entries as each entry is measured. */
export interface CacheBounds {
  /** Bytes of all entries together; the least recently used go first. 0 keeps nothing. */
  readonly bytes: number;
  /** Bytes of one entry at most: a larger one is never kept (and would not push the others out). */
  readonly entryBytes: number;
}

/**
 * A least-recently-used cache bounded by bytes, not entries: a few large
 * values cannot hold more than `bytes`, whatever they are. The caller says
 * what each value weighs when it sets it.
 */
export class SizedCache<V extends object> {
  readonly bounds: CacheBounds;
  readonly #lru: LRUCache<string, V> | undefined;

  constructor(bounds: CacheBounds) {
    this.bounds = bounds;
    this.#lru =
      bounds.bytes > 0
        ? new LRUCache<string, V>({ maxSize: bounds.bytes, maxEntrySize: Math.min(bounds.entryBytes, bounds.bytes) })
        : undefined;
  }

  get(key: string): V | undefined {
    return this.#lru?.get(key);
  }

  /** Keep `value`, weighing `bytes`, unless it weighs more than an entry may (or nothing is kept). */
  set(key: string, value: V, bytes: number): void {
    const size = Math.max(1, Math.ceil(bytes));
    if (this.#lru === undefined || size > this.#lru.maxEntrySize) return;
    this.#lru.set(key, value, { size });
  }

  get size(): number {
    return this.#lru?.size ?? 0;
  }

  /** Bytes held, as the entries were weighed: never more than `bounds.bytes`. */
  get bytes(): number {
    return this.#lru?.calculatedSize ?? 0;
  }
}

/**
 * Recent run results by the identity of their plan (what determines a run:
 * the document's hash, outputs included, trials, seed and the engine). The
 * page asks for a comparison and then a chart of each scenario in it, and
 * dashboards ask for the same chart again and again: those are answered from
 * here. A cached result keeps the `elapsed_ms` of the run that made it. Each
 * result weighs its plan's result estimate (`plan.cost.result`: the most
 * bytes its JSON can take, about three times what its numbers take in memory).
 */
export class ResultCache extends SizedCache<RunResult> {
  hits = 0;
  misses = 0;

  override get(key: string): RunResult | undefined {
    const hit = super.get(key);
    if (hit === undefined) this.misses++;
    else this.hits++;
    return hit;
  }
}
