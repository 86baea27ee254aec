/**
 * Order statistics without a full sort: the values that `a.sort()` would put
 * at the given ranks, found by partitioning around the ranks only (linear
 * time on average, against n log n for the sort). The result is exactly the
 * sorted array's, down to the sign of zero: partitioning treats -0 and +0 as
 * equal, so a zero that is found is given the sign the sort would put at its
 * rank (every -0 sorts before every +0).
 *
 * `a` is scrambled. `ranks` must be ascending; `out[i]` receives rank
 * ranks[i]. Past a depth of 2 log2 n a range is sorted instead, so no input
 * can make it quadratic.
 */
export function selectRanks(a: Float64Array, ranks: readonly number[], out: Float64Array): void {
  const n = a.length;
  if (n === 0 || ranks.length === 0) return;
  select(a, 0, n - 1, ranks, 0, ranks.length - 1, 2 * Math.ceil(Math.log2(n + 1)));
  let zeros = false;
  for (let i = 0; i < ranks.length; i++) {
    const x = a[ranks[i]!]!;
    out[i] = x;
    if (x === 0) zeros = true;
  }
  if (!zeros) return;
  let negative = 0;
  let negativeZeros = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    if (x < 0) negative++;
    else if (x === 0 && Object.is(x, -0)) negativeZeros++;
  }
  for (let i = 0; i < ranks.length; i++) {
    if (out[i] === 0) out[i] = ranks[i]! < negative + negativeZeros ? -0 : 0;
  }
}

/** Place ranks[rlo..rhi] (all within [lo, hi]) at their sorted positions in a[lo..hi]. */
function select(
  a: Float64Array,
  lo: number,
  hi: number,
  ranks: readonly number[],
  rlo: number,
  rhi: number,
  depth: number,
): void {
  while (rlo <= rhi && lo < hi) {
    if (depth-- <= 0 || hi - lo < 16) {
      a.subarray(lo, hi + 1).sort();
      return;
    }
    // Median of three as the pivot, then Hoare's partition: [lo, j] <= pivot <= [j + 1, hi].
    const mid = lo + ((hi - lo) >>> 1);
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo - 1;
    let j = hi + 1;
    for (;;) {
      do i++;
      while (a[i]! < pivot);
      do j--;
      while (a[j]! > pivot);
      if (i >= j) break;
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    // Ranks up to j lie left, the others right; recurse on the smaller side of ranks.
    let split = rlo;
    while (split <= rhi && ranks[split]! <= j) split++;
    if (split - rlo < rhi - split + 1) {
      select(a, lo, j, ranks, rlo, split - 1, depth);
      lo = j + 1;
      rlo = split;
    } else {
      select(a, j + 1, hi, ranks, split, rhi, depth);
      hi = j;
      rhi = split - 1;
    }
  }
}

/**
 * Type-7 quantiles of the values in `a` (scrambled), into `out` from `at`:
 * the same numbers `quantileSorted` gives on the sorted values.
 */
export function exactQuantiles(a: Float64Array, quantiles: readonly number[], out: Float64Array, at: number): void {
  const n = a.length;
  if (n === 0) {
    for (let i = 0; i < quantiles.length; i++) out[at + i] = NaN;
    return;
  }
  const wanted = new Set<number>();
  for (const q of quantiles) {
    const lo = Math.floor((n - 1) * q);
    wanted.add(lo);
    wanted.add(Math.min(lo + 1, n - 1));
  }
  const ranks = [...wanted].sort((x, y) => x - y);
  const values = new Float64Array(ranks.length);
  selectRanks(a, ranks, values);
  const valueAt = (r: number) => values[ranks.indexOf(r)]!;
  for (let i = 0; i < quantiles.length; i++) {
    const h = (n - 1) * quantiles[i]!;
    const lo = Math.floor(h);
    const x = valueAt(lo);
    const y = valueAt(Math.min(lo + 1, n - 1));
    out[at + i] = x === y ? x : x + (h - lo) * (y - x);
  }
}
