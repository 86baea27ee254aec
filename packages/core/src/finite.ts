/**
 * The last guard before a result leaves the engine: every number in it is
 * finite. JSON has no NaN or infinity (JSON.stringify writes `null`), so a
 * non-finite statistic would reach a client as a null where a number is
 * promised. A run whose stocks and variables stay finite can still produce
 * one: a recorded parameter or series that is not finite, or a statistic
 * that overflows (the sd of values near 1e200). It becomes a `non-finite`
 * problem naming the output, the statistic and the time.
 */
import type { ComparisonResult } from './compare/document.js';
import type { Problem } from './errors.js';
import type { Model } from './model/model.js';
import type { SensitivityResult } from './sensitivity/document.js';
import type { RunResult } from './summarize/document.js';
import { outputPlace, type OutputPlace, type RunShape } from './summarize/shape.js';

type Path = readonly (string | number)[];

/** Fields of run and comparison results documented as `number | null` (null where a ratio is undefined). */
export const NULLABLE_FIELDS: ReadonlySet<string> = new Set(['actual', 'relative_p50']);

/**
 * The first number that is not finite (or a null outside a nullable field,
 * and everything under one), depth first, in document order. Columns of
 * numbers are scanned in place: a path is made only for what is found.
 */
export function firstNonFinite(
  root: unknown,
  nullableFields: ReadonlySet<string> = NULLABLE_FIELDS,
): { path: Path; value: unknown } | undefined {
  const path: (string | number)[] = [];
  const found = (value: unknown, last?: string | number) => ({
    path: last === undefined ? [...path] : [...path, last],
    value,
  });
  function walk(value: unknown, nullable: boolean): { path: Path; value: unknown } | undefined {
    if (typeof value === 'number') return Number.isFinite(value) ? undefined : found(value);
    if (value === null) return nullable ? undefined : found(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'number') {
          if (!Number.isFinite(item)) return found(item, i);
          continue;
        }
        path.push(i);
        const hit = walk(item, nullable);
        path.pop();
        if (hit) return hit;
      }
    } else if (typeof value === 'object') {
      for (const k of Object.keys(value)) {
        path.push(k);
        const hit = walk((value as Record<string, unknown>)[k], nullable || nullableFields.has(k));
        path.pop();
        if (hit) return hit;
      }
    }
    return undefined;
  }
  return walk(root, false);
}

/**
 * A compiled model, or its shape as a worker pool passes it: either can say
 * where an output is defined, which is where the problem about it points.
 */
export type Defined = Model | RunShape;

function placeOf(where: Defined, id: string | undefined): OutputPlace {
  if ('source' in where) return outputPlace(where, id ?? '');
  const place = where.outputs.find((o) => o.id === id)?.place;
  return place ?? { ...where.rootAt, path: [] };
}

function problemAt(where: Defined, id: string | undefined, message: string): Problem {
  const { path, file, line, column } = placeOf(where, id);
  return { code: 'non-finite', message, file, path: [...path], line, column };
}

/** `outputs.<id>.<stat>[.<q>].<i>` as words. */
function describe(run: RunResult, path: Path, value: unknown): { id: string | undefined; text: string } {
  const [section, id, stat, q] = path;
  const i = path[path.length - 1];
  const time = typeof i === 'number' ? run.times[i] : undefined;
  const when = time === undefined ? '' : ` at t=${time}`;
  if (section === 'outputs' && typeof id === 'string') {
    const what = stat === 'quantiles' ? String(q) : String(stat);
    return { id, text: `the ${what} of '${id}'${when} is ${String(value)}` };
  }
  return { id: undefined, text: `${path.join('.')} is ${String(value)}` };
}

const WHY = 'its values are not finite, or too large for the statistic to fit in a double';

export function nonFiniteRun(model: Defined, run: RunResult): Problem | undefined {
  const bad = firstNonFinite(run);
  if (!bad) return undefined;
  const { id, text } = describe(run, bad.path, bad.value);
  return problemAt(model, id, `${text}: ${WHY}`);
}

export function nonFiniteComparison(models: readonly Defined[], result: ComparisonResult): Problem | undefined {
  for (let r = 0; r < result.runs.length; r++) {
    const p = nonFiniteRun(models[r]!, result.runs[r]!);
    if (p) return p;
  }
  for (const c of result.comparisons) {
    const bad = firstNonFinite(c);
    if (!bad) continue;
    const [, id, , stat, q] = bad.path;
    const i = bad.path[bad.path.length - 1];
    const time = typeof i === 'number' ? c.times[i] : undefined;
    const what = stat === 'quantiles' ? `${String(q)} of the difference` : `${String(stat)} of the difference`;
    const text =
      typeof id === 'string'
        ? `the ${what} in '${id}' (${c.scenario} - ${result.base})${time === undefined ? '' : ` at t=${time}`}`
        : bad.path.join('.');
    return problemAt(
      models[c.run] ?? models[0]!,
      typeof id === 'string' ? id : undefined,
      `${text} is ${String(bad.value)}: ${WHY}`,
    );
  }
  return undefined;
}

/** Sobol indices are null where the output does not vary. */
export const SENSITIVITY_NULLABLE_FIELDS: ReadonlySet<string> = new Set([
  'first',
  'total',
  'first_low',
  'first_high',
  'total_low',
  'total_high',
]);

/**
 * A sensitivity result's numbers, finite: a parameter whose percentile is
 * past the largest double (a log-normal with sigma 1e308) would otherwise
 * reach the client as null. Placed at the parameter when the number is one of its bar's.
 */
export function nonFiniteSensitivity(model: Model, result: SensitivityResult): Problem | undefined {
  const bad = firstNonFinite(result, SENSITIVITY_NULLABLE_FIELDS);
  if (!bad) return undefined;
  const [section, index] = bad.path;
  const entry =
    typeof index === 'number' ? (result as unknown as Record<string, unknown[]>)[String(section)]?.[index] : undefined;
  const parameter =
    typeof entry === 'object' && entry !== null && 'parameter' in entry ? String(entry.parameter) : undefined;
  const id = parameter ?? result.output;
  const what =
    parameter === undefined ? bad.path.join('.') : `${String(bad.path[bad.path.length - 1])} of '${parameter}'`;
  return problemAt(model, id, `the sensitivity analysis's ${what} is ${String(bad.value)}: ${WHY}`);
}
