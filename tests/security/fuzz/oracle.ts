/**
 * What every input must come to: a result whose numbers are all finite (and
 * survive JSON), or structured problems with a registry code and a position.
 * A thrown exception, a non-finite number or a null where a number is
 * promised is a finding; so is a problem that is not shaped like one.
 */
import {
  CheckReport,
  ComparisonResult,
  firstNonFinite,
  PROBLEM_CODES,
  PROBLEM_LIMITS,
  RunResult,
  SensitivityResult,
  SENSITIVITY_NULLABLE_FIELDS,
  type Problem,
  type Result,
} from '@foresight/core';

export class Finding extends Error {
  override readonly name = 'Finding';
}

const fail = (what: string, detail: unknown): never => {
  let shown: string;
  try {
    shown = JSON.stringify(detail)?.slice(0, 2_000) ?? String(detail);
  } catch {
    shown = String(detail);
  }
  throw new Finding(`${what}: ${shown}`);
};

const isPositive = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1;

export function assertProblem(p: Problem): void {
  if (typeof p !== 'object' || p === null) fail('a problem that is not an object', p);
  if (!Object.hasOwn(PROBLEM_CODES, p.code)) fail('a problem code outside the registry', p);
  if (typeof p.message !== 'string' || p.message.length === 0) fail('a problem without a message', p);
  if (p.message.length > PROBLEM_LIMITS.maxMessage + 3)
    fail('a problem message over the length cap', p.message.slice(0, 200));
  if (typeof p.file !== 'string' || p.file.length === 0) fail('a problem without a file', p);
  if (
    !Array.isArray(p.path) ||
    !p.path.every((s) => typeof s === 'string' || (typeof s === 'number' && Number.isInteger(s)))
  ) {
    fail('a problem with a malformed key path', p);
  }
  if (!isPositive(p.line) || !isPositive(p.column)) fail('a problem without a 1-based line and column', p);
}

export function assertProblems(problems: readonly Problem[]): void {
  if (!Array.isArray(problems) || problems.length === 0) fail('a failure without problems', problems);
  if (problems.length > PROBLEM_LIMITS.maxProblems) fail('more problems than the cap', problems.length);
  problems.forEach(assertProblem);
}

/** Check reports give null for a symbol's value that is not finite (documented). */
const CHECK_NULLABLE: ReadonlySet<string> = new Set(['values', 'output_lo', 'output_hi']);

/** Every number finite, and the JSON form the same document (no NaN/Infinity turned into null). */
export function assertFiniteDocument(doc: unknown, nullable?: ReadonlySet<string>): void {
  const bad = firstNonFinite(doc, nullable);
  if (bad) fail(`a non-finite value reported as a number at ${bad.path.join('.')}`, String(bad.value));
  const again: unknown = JSON.parse(JSON.stringify(doc));
  const lost = firstNonFinite(again, nullable);
  if (lost) fail(`JSON turned ${lost.path.join('.')} into null`, String(lost.value));
}

export type Outcome = 'ok' | `problem:${string}`;

function outcome<T>(r: Result<T, Problem[]>, check: (value: T) => void): Outcome {
  if (typeof r !== 'object' || r === null || typeof r.ok !== 'boolean') return fail('not a Result', r);
  if (r.ok) {
    check(r.value);
    return 'ok';
  }
  assertProblems(r.error);
  return `problem:${r.error[0]!.code}`;
}

export const checkRun = (r: Result<RunResult, Problem[]>): Outcome =>
  outcome(r, (v) => {
    const parsed = RunResult.safeParse(v);
    if (!parsed.success) fail('a run result outside its schema', parsed.error.issues.slice(0, 3));
    assertFiniteDocument(v);
  });

export const checkComparison = (r: Result<ComparisonResult, Problem[]>): Outcome =>
  outcome(r, (v) => {
    const parsed = ComparisonResult.safeParse(v);
    if (!parsed.success) fail('a comparison outside its schema', parsed.error.issues.slice(0, 3));
    assertFiniteDocument(v);
  });

export function checkCheckReport(report: CheckReport): void {
  const parsed = CheckReport.safeParse(report);
  if (!parsed.success) fail('a check report outside its schema', parsed.error.issues.slice(0, 3));
  assertFiniteDocument(report, CHECK_NULLABLE);
}

export const checkSensitivity = (r: Result<SensitivityResult, Problem[]>): Outcome =>
  outcome(r, (v) => {
    const parsed = SensitivityResult.safeParse(v);
    if (!parsed.success) fail('a sensitivity result outside its schema', parsed.error.issues.slice(0, 3));
    assertFiniteDocument(v, SENSITIVITY_NULLABLE_FIELDS);
  });

/** Stages that return a Result but whose value needs no further check here (parsed sources, models). */
export const checkAny = <T>(r: Result<T, Problem[]>): Outcome => outcome(r, () => undefined);

/** Run a stage; an exception escaping it is a finding. */
export function guarded<T>(stage: string, input: unknown, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof Finding) throw e;
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return fail(`${stage} threw ${message}`, input);
  }
}
