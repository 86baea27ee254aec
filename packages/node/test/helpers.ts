import { fileURLToPath } from 'node:url';
import type { Model } from '@foresight/core';
import { afterAll, beforeAll } from 'vitest';
import {
  createRunPool,
  loadModel,
  loadScenarioFolder,
  portableScenario,
  type PortableScenario,
  type RunPool,
  type ScenarioFolder,
} from '../src/index.js';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const folder: ScenarioFolder = loadScenarioFolder('scenarios', root);

/** A scenario of the repository's folder, ready for a pool. */
export function portable(ref: string, outputs?: readonly string[]): PortableScenario {
  const s = portableScenario(ref, folder, { cwd: root, ...(outputs ? { outputs } : {}) });
  if (!s.ok) throw new Error(s.error.map((p) => p.message).join('\n'));
  return s.value;
}

/** A scenario of the repository's folder, compiled in this thread. */
export function compiled(ref: string, outputs?: readonly string[]): Model {
  const m = loadModel(ref, folder, { cwd: root, outputs });
  if (!m.ok) throw new Error(m.error.map((p) => p.message).join('\n'));
  return m.value;
}

/** Every number bit for bit: -0 and non-finite values tagged (JSON would lose them), elapsed_ms aside. */
export const exact = (doc: unknown): string =>
  JSON.stringify(doc, (key, v: unknown) => {
    if (key === 'elapsed_ms') return 0;
    if (typeof v === 'number' && (Object.is(v, -0) || !Number.isFinite(v)))
      return `#${Object.is(v, -0) ? '-0' : String(v)}`;
    return v;
  });

/** Pools of 1, 2 and 3 workers, started before the file's tests and closed after them. */
export function poolsOfOneToThree(): ReadonlyMap<number, RunPool> {
  const pools = new Map<number, RunPool>();
  beforeAll(() => {
    for (const n of [1, 2, 3]) pools.set(n, createRunPool({ workers: n }));
  });
  afterAll(async () => {
    await Promise.all([...pools.values()].map((p) => p.close()));
  });
  return pools;
}
