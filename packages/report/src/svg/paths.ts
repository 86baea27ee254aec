import { num } from './xml.js';

/** A point in pixels, or null where the data has a gap. */
export type Pt = { x: number; y: number } | null;
export interface Span {
  x: number;
  lo: number;
  hi: number;
}

/**
 * A lone point (one reporting time, or a value between two gaps) would draw
 * nothing as a line or a zero-width band, so it is drawn this many pixels
 * to each side instead.
 */
const LONE_HALF_WIDTH = 6;

/** Runs of consecutive non-null entries: gaps split a path, never bridge it. */
function runs<T>(items: readonly (T | null)[]): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  for (const item of items) {
    if (item === null) {
      if (current.length > 0) out.push(current);
      current = [];
    } else current.push(item);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Path data for a line: one subpath per run of points. */
export function lineData(points: readonly Pt[]): string {
  return runs(points)
    .map((run) => {
      const only = run.length === 1 ? run[0] : undefined;
      if (only !== undefined) {
        return `M${num(only.x - LONE_HALF_WIDTH)} ${num(only.y)}H${num(only.x + LONE_HALF_WIDTH)}`;
      }
      return run.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(p.x)} ${num(p.y)}`).join('');
    })
    .join('');
}

/** Path data for a band: one closed polygon per run, upper edge out, lower edge back. */
export function bandData(spans: readonly (Span | null)[]): string {
  return runs(spans)
    .map((run) => {
      const only = run.length === 1 ? run[0] : undefined;
      const edge =
        only !== undefined
          ? [
              { x: only.x - LONE_HALF_WIDTH, lo: only.lo, hi: only.hi },
              { x: only.x + LONE_HALF_WIDTH, lo: only.lo, hi: only.hi },
            ]
          : run;
      const upper = edge.map((s, i) => `${i === 0 ? 'M' : 'L'}${num(s.x)} ${num(s.hi)}`);
      const lower = [...edge].reverse().map((s) => `L${num(s.x)} ${num(s.lo)}`);
      return `${upper.join('')}${lower.join('')}Z`;
    })
    .join('');
}
