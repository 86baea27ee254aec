import { hashDocument } from '../hash/document.js';
import type { Model } from '../model/model.js';
import type { Position } from '../scenario/source.js';
import { ENGINE_VERSION } from '../version.js';
import { quantileKey, type OutputSummary, type RunResult, type TargetResult } from './document.js';

export const DEFAULT_QUANTILES: readonly number[] = [0.05, 0.25, 0.5, 0.75, 0.95];

/**
 * What a result document needs to know about a model, as plain data: a worker
 * thread that compiled the model sends it to the thread that assembles the
 * document, so both a single-threaded run and a pooled one build the document
 * through the same functions below.
 */
export interface RunShape {
  readonly scenario: string;
  readonly title: string | undefined;
  readonly times: readonly number[];
  /** Euler steps of one trial (a trial computes steps + 1 states). */
  readonly steps: number;
  /** Each output with its row in the recorded buffer, and where it is defined (for a non-finite problem about it). */
  readonly outputs: readonly {
    readonly id: string;
    readonly row: number;
    readonly unit: string | undefined;
    readonly label?: string | undefined;
    readonly place: OutputPlace;
  }[];
  /** Recorded rows (outputs first, then what targets need). */
  readonly rows: number;
  readonly quantiles: readonly number[];
  readonly documentSha256: string;
  /** Number of targets the document sets. */
  readonly targets: number;
  /** The document's own `trials` and `seed`, when it sets them. */
  readonly trials: number | undefined;
  readonly seed: number | undefined;
  /** Where `trials` stands, for `limit` problems; where the document starts, for `usage` problems. */
  readonly trialsAt: Position;
  readonly rootAt: Position;
  /** Operations of one trial (`Model.trialOperations`), for the work limits. */
  readonly operations: number;
}

/** An output's definition: its key path in the document and its position. */
export interface OutputPlace extends Position {
  readonly path: readonly (string | number)[];
}

const SECTION: Readonly<Record<string, string>> = {
  stock: 'stocks',
  variable: 'variables',
  parameter: 'parameters',
  series: 'series',
  shock: 'shocks',
};

/** Where an id of a model is defined (its section and key), or the document's start. */
export function outputPlace(model: Model, id: string): OutputPlace {
  const section = SECTION[model.symbols.get(id)?.kind ?? ''];
  const path = section === undefined ? [] : [section, id];
  const p = model.source.locate(path);
  return { path, file: p.file, line: p.line, column: p.column };
}

/** The `label` an entity of the document carries (imported models name their outputs so). */
function labelOf(model: Model, id: string): string | undefined {
  const section = SECTION[model.symbols.get(id)?.kind ?? ''];
  const entry = section === undefined ? undefined : (model.document as Record<string, unknown>)[section];
  const spec =
    entry !== undefined && Object.hasOwn(entry as object, id) ? (entry as Record<string, unknown>)[id] : undefined;
  const label = typeof spec === 'object' && spec !== null ? (spec as { label?: unknown }).label : undefined;
  return typeof label === 'string' ? label : undefined;
}

export function runShape(model: Model): RunShape {
  const doc = model.document;
  const at = (path: string[]): Position => {
    const p = model.source.locate(path);
    return { file: p.file, line: p.line, column: p.column };
  };
  return {
    scenario: doc.id,
    title: doc.title,
    times: Array.from(model.time.times),
    steps: model.time.steps,
    outputs: model.outputs.map((id) => ({
      id,
      row: model.recorded.indexOf(id),
      unit: model.symbols.get(id)?.unit,
      label: labelOf(model, id),
      place: outputPlace(model, id),
    })),
    rows: model.recorded.length,
    quantiles: [...(doc.quantiles ?? DEFAULT_QUANTILES)],
    documentSha256: hashDocument(doc),
    targets: doc.targets?.length ?? 0,
    trials: doc.trials,
    seed: doc.seed,
    trialsAt: at(['trials']),
    rootAt: at([]),
    operations: model.trialOperations,
  };
}

/** Statistics per output column, packed: [mean, sd, min, max, q...] per (output, time), outputs in order. */
export const statsStride = (quantiles: number): number => 4 + quantiles;

/** The `outputs` map of a result document from packed column statistics. */
export function outputsDocument(shape: RunShape, packed: Float64Array): Record<string, OutputSummary> {
  const T = shape.times.length;
  const S = statsStride(shape.quantiles.length);
  const out: Record<string, OutputSummary> = {};
  shape.outputs.forEach((o, oi) => {
    // A plain loop into an array of its size: Array.from over an array-like is several times slower, and a large result has millions of these.
    const col = (k: number) => {
      const column = new Array<number>(T);
      for (let r = 0; r < T; r++) column[r] = packed[(oi * T + r) * S + k]!;
      return column;
    };
    const summary: OutputSummary = {
      ...(o.label !== undefined ? { label: o.label } : {}),
      ...(o.unit !== undefined ? { unit: o.unit } : {}),
      mean: col(0),
      sd: col(1),
      min: col(2),
      max: col(3),
      quantiles: {},
    };
    shape.quantiles.forEach((q, i) => (summary.quantiles[quantileKey(q)] = col(4 + i)));
    Object.defineProperty(out, o.id, { value: summary, enumerable: true, writable: true, configurable: true });
  });
  return out;
}

/** How quantiles were computed: `exact` (type 7) or `sketch` (see summarize/sketch.ts). */
export type QuantileMethod = 'exact' | 'sketch';

export interface RunFacts {
  readonly trials: number;
  readonly seed: number;
  readonly method: QuantileMethod;
  readonly elapsedMs: number;
  /** Sketch only: the largest rank error (a fraction of trials) any reported quantile can carry. */
  readonly rankError?: number | undefined;
}

/** The result document, in the field order of the format. */
export function runDocument(
  shape: RunShape,
  facts: RunFacts,
  outputs: Record<string, OutputSummary>,
  targets: TargetResult[],
): RunResult {
  return {
    scenario: shape.scenario,
    ...(shape.title !== undefined ? { title: shape.title } : {}),
    trials: facts.trials,
    seed: facts.seed,
    times: [...shape.times],
    outputs,
    targets,
    provenance: {
      engine: ENGINE_VERSION,
      document_sha256: shape.documentSha256,
      seed: facts.seed,
      trials: facts.trials,
      quantile_method: facts.method,
      ...(facts.rankError !== undefined ? { quantile_rank_error: facts.rankError } : {}),
      elapsed_ms: facts.elapsedMs,
    },
  };
}
