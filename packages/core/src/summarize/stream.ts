import { bucketsPerColumn, countColumn, setBounds, type SketchBounds } from './sketch.js';
import { PARTIAL, partialMoments } from './partial.js';

/**
 * Streaming summaries, for runs too large to hold every recorded value:
 * trials pass in blocks, each block leaves the moments of every column
 * (merged in block order) and its values counted in the column's quantile
 * sketch, and is dropped. The sketch's bounds come from the pilot, the first
 * trials of the run, held until they are counted. Block, pilot and sketch
 * sizes depend only on the number of columns, so a streamed result is the
 * same however trials are spread over threads.
 */
export interface StreamSizes {
  /** Trials per block. */
  readonly block: number;
  /** Trials of the pilot (four blocks). */
  readonly pilot: number;
  /** Sketch bounds per column. */
  readonly bounds: number;
}

/** Largest block: 4,096 trials, a 16,384-trial pilot and 4,096 bounds (a rank error near 1/4,096). */
export const STREAM_BLOCK = 4096;
/** Values of one block of all columns at most (16 MB): blocks shrink for runs with very many columns. */
const BLOCK_VALUES = 2 ** 21;
const MIN_BLOCK = 64;
/** Columns a run can stream at all (outputs x reporting times, with a comparison's differences). */
export const MAX_STREAM_COLUMNS = BLOCK_VALUES / MIN_BLOCK;

export function streamSizes(columns: number): StreamSizes {
  let block = STREAM_BLOCK;
  while (block > MIN_BLOCK && block * columns > BLOCK_VALUES) block /= 2;
  const pilot = 4 * block;
  return { block, pilot, bounds: pilot / 4 };
}

/**
 * Recorded values past which a run streams and its quantiles come from the
 * sketch (256 MB of doubles); below it they are held and quantiles are exact.
 * A comparison counts the values of all its scenarios together.
 */
export const SKETCH_THRESHOLD = 32_000_000;

/** `exact`, `sketch`, or `auto`: exact up to SKETCH_THRESHOLD stored values. */
export type QuantileChoice = 'auto' | 'exact' | 'sketch';

/**
 * Whether to stream. `auto` streams past the threshold unless the run has
 * more columns than can stream, and then holds its values as before.
 */
export function useSketch(choice: QuantileChoice | undefined, storedValues: number, columns: number): boolean {
  if (choice === 'sketch') return true;
  return (choice ?? 'auto') === 'auto' && storedValues > SKETCH_THRESHOLD && columns <= MAX_STREAM_COLUMNS;
}

/** Consecutive blocks [from, to) of a run of `trials`. */
export function streamBlocks(trials: number, block: number): [number, number][] {
  const out: [number, number][] = [];
  for (let a = 0; a < trials; a += block) out.push([a, Math.min(trials, a + block)]);
  return out;
}

/**
 * One scenario's recorded values over some trials: column c's values for a
 * block start at `c * stride + offset`.
 */
export interface BlockView {
  readonly values: Float64Array;
  readonly stride: number;
  readonly offset: number;
}

/**
 * A streamed column, as plain data: a recorded column of scenario
 * `scenario` (`value`), or for a comparison the paired difference of a
 * scenario's column with the base's column `base` (`diff`), or the relative
 * difference over the trials where the base is not 0 (`rel`).
 */
export type StreamColumn =
  | { readonly kind: 'value'; readonly scenario: number; readonly column: number }
  | { readonly kind: 'diff' | 'rel'; readonly scenario: number; readonly column: number; readonly base: number };

/** The values of one streamed column over a block of `len` trials (a view, or computed into `scratch`). */
export function columnValues(
  spec: StreamColumn,
  views: readonly BlockView[],
  len: number,
  scratch: Float64Array,
): Float64Array {
  const v = views[spec.scenario]!;
  const a = spec.column * v.stride + v.offset;
  if (spec.kind === 'value') return v.values.subarray(a, a + len);
  const b0 = views[0]!;
  const b = spec.base * b0.stride + b0.offset;
  const alt = v.values;
  const base = b0.values;
  if (spec.kind === 'diff') {
    for (let i = 0; i < len; i++) scratch[i] = alt[a + i]! - base[b + i]!;
    return scratch.subarray(0, len);
  }
  let m = 0;
  for (let i = 0; i < len; i++) {
    const bk = base[b + i]!;
    if (bk !== 0) scratch[m++] = (alt[a + i]! - bk) / Math.abs(bk);
  }
  return scratch.subarray(0, m);
}

/** Sketch bounds of columns [from, to) from the pilot (`len` trials). */
export function pilotBounds(
  columns: readonly StreamColumn[],
  pilot: readonly BlockView[],
  len: number,
  bounds: SketchBounds,
  from: number,
  to: number,
  scratch: Float64Array = new Float64Array(len),
): void {
  for (let c = from; c < to; c++) {
    const col = columnValues(columns[c]!, pilot, len, scratch);
    // A view into the recorded values must not be sorted in place.
    const sorted = col.buffer === scratch.buffer ? col : scratch.subarray(0, col.length);
    if (sorted !== col) sorted.set(col);
    sorted.sort();
    setBounds(bounds, c, sorted);
  }
}

/**
 * One block's partial moments of every column (PARTIAL numbers each, every
 * one written, so `out` may be reused from block to block), its values added
 * to `counts`.
 */
export function blockPartials(
  columns: readonly StreamColumn[],
  views: readonly BlockView[],
  len: number,
  bounds: SketchBounds,
  counts: Uint32Array,
  scratch: Float64Array = new Float64Array(len),
  out: Float64Array = new Float64Array(columns.length * PARTIAL),
): Float64Array {
  for (let c = 0; c < columns.length; c++) {
    const col = columnValues(columns[c]!, views, len, scratch);
    partialMoments(col, col.length, out, c * PARTIAL);
    countColumn(bounds, c, col, col.length, counts);
  }
  return out;
}

/** Add every nonzero count of `local` into `total` (shared between threads, so atomically), and clear `local`. */
export function addCounts(total: Uint32Array, local: Uint32Array, atomic: boolean): void {
  for (let i = 0; i < local.length; i++) {
    const x = local[i]!;
    if (x === 0) continue;
    if (atomic) Atomics.add(total, i, x);
    else total[i] = total[i]! + x;
    local[i] = 0;
  }
}

export const countsLength = (bounds: SketchBounds): number => bounds.columns * bucketsPerColumn(bounds.capacity);
