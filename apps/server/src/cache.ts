import { createHash } from 'node:crypto';
import type { RunResult } from '@foresight/core';
import type { PortableScenario } from '@foresight/node';

/**
 * Recent run results by what determines them: the scenario's texts, its
 * outputs, trials and seed (a run is a pure function of these). The page asks
 * for a comparison and then a chart of each scenario in it, and dashboards
 * ask for the same chart again and again: those are answered from here. A
 * cached result keeps the `elapsed_ms` of the run that made it.
 */
export class ResultCache {
  private readonly entries = new Map<string, RunResult>();
  hits = 0;
  misses = 0;

  constructor(readonly capacity: number) {}

  key(scenario: PortableScenario, trials: number, seed: number): string {
    const what = JSON.stringify([scenario.sources.map((s) => [s.file, s.text]), scenario.outputs ?? null, trials, seed]);
    return createHash('sha256').update(what).digest('hex');
  }

  get(key: string): RunResult | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Least recently used goes first: a Map iterates in insertion order.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  set(key: string, result: RunResult): void {
    if (this.capacity <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, result);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
