/*
 * What a worker (a thread, or a process taking pieces from Redis) needs to
 * compute any piece: every registry of piece functions, and the scenarios
 * it was sent, compiled once each and kept.
 */
import type { Model } from '@foresight/core';
import {
  compileScenario,
  Memos,
  PIECES,
  type Piece,
  type PieceEnv,
  type PieceRegistry,
  type PlanArray,
} from '@foresight/core/plans';

/**
 * Every piece kind a worker can compute: core's, then other packages'
 * (loaded the first time one of their pieces comes, so a worker that only
 * runs simulations never loads fast-check).
 */
let registry: PieceRegistry = PIECES;

export async function kindsFor(kind: string): Promise<PieceRegistry> {
  if (!(kind in registry)) registry = { ...registry, ...(await import('@foresight/check')).CHECK_PIECES };
  return registry;
}

/** The scenarios a worker was sent, by hash: documents kept, models compiled on first use, least recently used dropped. */
export class ScenarioCache {
  readonly #documents = new Map<string, unknown>();
  readonly #models = new Map<string, Model>();
  readonly memos = new Memos();

  constructor(readonly capacity = 16) {}

  learn(scenarios: readonly { readonly sha256: string; readonly document: unknown }[]): void {
    for (const s of scenarios) if (!this.#models.has(s.sha256)) this.#documents.set(s.sha256, s.document);
  }

  has(sha256: string): boolean {
    return this.#models.has(sha256) || this.#documents.has(sha256);
  }

  model(sha256: string): Model {
    const hit = this.#models.get(sha256);
    if (hit) {
      this.#models.delete(sha256);
      this.#models.set(sha256, hit);
      return hit;
    }
    if (!this.#documents.has(sha256)) throw new Error(`internal: scenario ${sha256} was never sent to this worker`);
    const compiled = compileScenario(this.#documents.get(sha256), sha256);
    this.#documents.delete(sha256);
    if (!compiled.ok) throw new Error(`scenario ${sha256} does not compile here: ${compiled.error[0]?.message ?? ''}`);
    this.#models.set(sha256, compiled.value);
    for (const oldest of this.#models.keys()) {
      if (this.#models.size <= this.capacity) break;
      this.#models.delete(oldest);
      this.memos.forget(oldest);
    }
    return compiled.value;
  }
}

/** Compute one piece with the function its kind names. */
export async function computePiece(
  piece: Piece,
  cache: ScenarioCache,
  inputs: Readonly<Record<string, PlanArray>>,
  outputs: Readonly<Record<string, PlanArray>> = {},
): Promise<unknown> {
  const kind = (await kindsFor(piece.kind))[piece.kind];
  if (!kind) throw new Error(`this worker cannot compute pieces of kind '${piece.kind}'`);
  const env: PieceEnv = {
    model: (sha) => cache.model(sha),
    input(name) {
      const a = inputs[name];
      if (!a) throw new Error(`internal: a '${piece.kind}' piece reads input '${name}', which it was not sent`);
      return a;
    },
    output: (name) => outputs[name],
    memo: (sha, key, make) => cache.memos.get(sha, key, make),
  };
  return kind.compute(piece, env);
}
