/**
 * The quantile sketch of large runs: per column, a fixed set of bounds taken
 * from a pilot (the run's first trials, which are a sample of the same
 * distribution as every other trial), and exact counts of the values that
 * fall on each bound and strictly between consecutive bounds.
 *
 * Counts are integers, so sketches merge by addition in any order: the
 * result cannot depend on how trials were split across threads. Because the
 * count below every bound is known exactly, the rank of an estimate is known
 * to within the count of the one bucket it lies in: that count over the
 * number of values is the rank error the run reports. With the pilot's
 * 16,384 trials and 4,096 bounds (see streamSizes) a bucket holds about
 * 1/4,096 of the values of a continuous distribution; values on a bound
 * (point masses, constant columns, clamped stocks) are counted exactly and
 * their quantiles are exact.
 *
 * Bucket layout of a column with k bounds u_0 < ... < u_{k-1}: index 0 is
 * (-inf, u_0), 2j + 1 is {u_j}, 2j + 2 is (u_j, u_{j+1}), 2k is (u_{k-1}, inf).
 */

/** Buckets per column: both open ends, each bound, each gap. */
export const bucketsPerColumn = (bounds: number): number => 2 * bounds + 1;

export interface SketchBounds {
  readonly columns: number;
  /** Bounds per column at most. */
  readonly capacity: number;
  /** Column c's bounds are values[c * capacity, c * capacity + sizes[c]), ascending and distinct. */
  readonly values: Float64Array;
  readonly sizes: Int32Array;
  /**
   * A guide to find a value's place without searching every bound: column c's
   * range [u_0, u_last] is cut into GUIDE_CELLS(capacity) equal cells, and
   * guide[c * (cells + 1) + g] is the number of bounds in cells before g.
   * The cell of x is floor((x - u_0) * scale[c]), clamped to the cells.
   */
  readonly guide: Int32Array;
  readonly scale: Float64Array;
}

const guideCells = (capacity: number): number => 2 * capacity;

/** How a sketch's arrays are made (shared memory, for threads). */
export interface SketchArrays {
  f64(length: number): Float64Array;
  i32(length: number): Int32Array;
  u32(length: number): Uint32Array;
}

const plainArrays: SketchArrays = {
  f64: (n) => new Float64Array(n),
  i32: (n) => new Int32Array(n),
  u32: (n) => new Uint32Array(n),
};

export function emptyBounds(columns: number, capacity: number, arrays: SketchArrays = plainArrays): SketchBounds {
  return {
    columns,
    capacity,
    values: arrays.f64(columns * capacity),
    sizes: arrays.i32(columns),
    guide: arrays.i32(columns * (guideCells(capacity) + 1)),
    scale: arrays.f64(columns),
  };
}

/** Counts of every column's buckets, one array for the run. */
export function emptyCounts(bounds: SketchBounds, arrays: SketchArrays = plainArrays): Uint32Array {
  return arrays.u32(bounds.columns * bucketsPerColumn(bounds.capacity));
}

/** Copy every column of `src` into `dst` from column `at` on (bounds worked out by column ranges, then joined). */
export function copyBounds(dst: SketchBounds, at: number, src: SketchBounds): void {
  const cells = guideCells(dst.capacity) + 1;
  dst.values.set(src.values, at * dst.capacity);
  dst.sizes.set(src.sizes, at);
  dst.guide.set(src.guide, at * cells);
  dst.scale.set(src.scale, at);
}

/** The guide cell of x; the same function places bounds and values, so rounding cannot misplace either. */
function cellOf(x: number, first: number, scale: number, cells: number): number {
  const f = (x - first) * scale;
  return f < 0 ? 0 : f >= cells ? cells - 1 : f | 0;
}

/**
 * Column c's bounds from its pilot values sorted ascending: order statistics
 * at evenly spaced ranks from the smallest to the largest, duplicates once.
 */
export function setBounds(bounds: SketchBounds, c: number, sorted: Float64Array): void {
  const n = sorted.length;
  const base = c * bounds.capacity;
  const want = Math.min(bounds.capacity, n);
  let k = 0;
  for (let j = 0; j < want; j++) {
    const x = sorted[want === 1 ? 0 : Math.round((j * (n - 1)) / (want - 1))]!;
    if (k === 0 || x !== bounds.values[base + k - 1]) bounds.values[base + k++] = x;
  }
  bounds.sizes[c] = k;
  // The guide: cell g's bounds are [guide[g], guide[g + 1]). Cells are monotone in x,
  // so a value in cell g has every bound of an earlier cell below it and none of a later one.
  const cells = guideCells(bounds.capacity);
  const g0 = c * (cells + 1);
  const first = bounds.values[base]!;
  const span = k > 1 ? bounds.values[base + k - 1]! - first : 0;
  const scale = span > 0 && Number.isFinite(cells / span) ? cells / span : 0;
  bounds.scale[c] = scale;
  let j = 0;
  for (let g = 0; g <= cells; g++) {
    while (j < k && cellOf(bounds.values[base + j]!, first, scale, cells) < g) j++;
    bounds.guide[g0 + g] = g === cells ? k : j;
  }
}

/** Add the `len` values of `col` to column c's bucket counts. */
export function countColumn(
  bounds: SketchBounds,
  c: number,
  col: Float64Array,
  len: number,
  counts: Uint32Array,
): void {
  const u = bounds.values;
  const base = c * bounds.capacity;
  const k = bounds.sizes[c]!;
  const at = c * bucketsPerColumn(bounds.capacity);
  const cells = guideCells(bounds.capacity);
  const guide = bounds.guide;
  const g0 = c * (cells + 1);
  const first = u[base]!;
  const scale = bounds.scale[c]!;
  for (let i = 0; i < len; i++) {
    const x = col[i]!;
    // lo = number of bounds below x, searched within x's guide cell.
    const g = g0 + cellOf(x, first, scale, cells);
    let lo = guide[g]!;
    let hi = guide[g + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u[base + mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    counts[at + (lo < k && u[base + lo] === x ? 2 * lo + 1 : 2 * lo)]!++;
  }
}

/**
 * Estimate of the order statistic of rank r (0-based) of column c's n values:
 * exact on a bound and at the ends (min and max are known exactly), else
 * spread evenly inside its open bucket. `err[0]` is raised to the bucket's
 * share of the n values when the estimate came from an open bucket.
 */
function orderStatistic(
  bounds: SketchBounds,
  counts: Uint32Array,
  c: number,
  n: number,
  min: number,
  max: number,
  r: number,
  err: Float64Array,
): number {
  if (r <= 0) return min;
  if (r >= n - 1) return max;
  const u = bounds.values;
  const base = c * bounds.capacity;
  const k = bounds.sizes[c]!;
  const at = c * bucketsPerColumn(bounds.capacity);
  let below = 0;
  for (let b = 0; b <= 2 * k; b++) {
    const count = counts[at + b]!;
    if (r < below + count) {
      if (b % 2 === 1) return u[base + (b - 1) / 2]!;
      if (count / n > err[0]!) err[0] = count / n;
      const j = b / 2;
      // The open bucket (lower, upper); its outer ends are the exact min and max.
      const lower = j === 0 ? min : u[base + j - 1]!;
      const upper = j === k ? max : u[base + j]!;
      const pos = r - below;
      if (j === 0) return lower + ((upper - lower) * pos) / count;
      if (j === k) return lower + ((upper - lower) * (pos + 1)) / count;
      return lower + ((upper - lower) * (pos + 1)) / (count + 1);
    }
    below += count;
  }
  return max;
}

/**
 * Type-7 quantile q of column c estimated from its sketch: the two order
 * statistics around (n - 1) q, each estimated, and interpolated between.
 * `err[0]` (a running maximum) receives the largest share of values in a
 * bucket used: a bound on the estimate's rank error as a fraction of n.
 */
export function sketchQuantile(
  bounds: SketchBounds,
  counts: Uint32Array,
  c: number,
  n: number,
  min: number,
  max: number,
  q: number,
  err: Float64Array,
): number {
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = orderStatistic(bounds, counts, c, n, min, max, lo, err);
  if (hi === lo || h === lo) return a;
  const b = orderStatistic(bounds, counts, c, n, min, max, hi, err);
  return a === b ? a : a + (h - lo) * (b - a);
}
