import type { z } from 'zod';
import { capProblems, PROBLEM_LIMITS, type KeyPath, type Problem } from '../errors.js';
import { err, ok, type Result } from '../result.js';
import { didYouMean } from '../did-you-mean.js';
import { asWrittenSchema } from './as-written.js';
import { issueWords } from './issue-words.js';
import { ScenarioDocument } from './schema.js';
import type { SourceDocument } from './source.js';

/** Check a flattened document against the schema; every issue, positioned. */
export function validateDocument(src: SourceDocument): Result<ScenarioDocument, Problem[]> {
  const parsed = ScenarioDocument.safeParse(src.value, { error: issueWords });
  return parsed.success ? ok(parsed.data) : err(issueProblems(parsed.error.issues, src));
}

/**
 * A file checked alone, as written (its parent could not be found): the
 * problems its own shape shows, by the schema of files as written.
 */
export function asWrittenProblems(src: SourceDocument): Problem[] {
  const parsed = asWrittenSchema(src.value).safeParse(src.value, { error: issueWords });
  return parsed.success ? [] : issueProblems(parsed.error.issues, src);
}

type Issue = z.core.$ZodIssue;

/** zod issues (of a parse with `issueWords`) as problems positioned in `src`, capped. */
export function issueProblems(issues: readonly Issue[], src: SourceDocument): Problem[] {
  const out: Out = { problems: [], uncounted: 0 };
  for (const issue of issues) collect(issue, [], src, out);
  return capProblems(dedupe(out.problems), out.uncounted);
}

/** Past the cap, problems are only counted: placing and wording each one would be wasted work. */
interface Out {
  readonly problems: Problem[];
  uncounted: number;
}

const full = (out: Out) => out.problems.length > PROBLEM_LIMITS.maxProblems;

function collect(issue: Issue, prefix: KeyPath, src: SourceDocument, out: Out): void {
  if (full(out)) {
    out.uncounted += issue.code === 'unrecognized_keys' ? issue.keys.length : 1;
    return;
  }
  const path: KeyPath = [...prefix, ...(issue.path as (string | number)[])];
  if (issue.code === 'invalid_union' && issue.errors.length > 0 && !refusedType(issue)) {
    // Report the branch the author most plausibly meant: the one that got
    // furthest (deepest issue paths), then the one with the fewest complaints.
    const best = [...issue.errors].sort((a, b) => score(b) - score(a) || a.length - b.length)[0]!;
    for (const sub of best) collect(sub, path, src, out);
    return;
  }
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) {
      if (full(out)) {
        out.uncounted++;
        continue;
      }
      const at = [...path, key];
      const pos = src.locate(at, undefined, true);
      out.problems.push({
        code: 'schema',
        message: `unknown key '${key}'${hint(key)}`,
        file: pos.file,
        path: at,
        line: pos.line,
        column: pos.column,
      });
    }
    return;
  }
  if (issue.code === 'invalid_key' && issue.issues.length > 0) {
    // A record key that fails its own check: its message, at the key.
    const pos = src.locate(path, undefined, true);
    out.problems.push({
      code: 'schema',
      message: issue.issues[0]!.message,
      file: pos.file,
      path,
      line: pos.line,
      column: pos.column,
    });
    return;
  }
  const pos = src.locate(path);
  const missing = pos.depth < path.length && (issue.code === 'invalid_type' || refusedType(issue));
  const message = missing ? `missing required key '${String(path[path.length - 1])}'` : issue.message;
  out.problems.push({ code: 'schema', message, file: pos.file, path, line: pos.line, column: pos.column });
}

/** A union whose every form refused the value's type: its own message names the types it could have. */
function refusedType(issue: Issue): boolean {
  return (
    issue.code === 'invalid_union' &&
    issue.errors.length > 0 &&
    issue.errors.every((e) => e.length === 1 && e[0]?.code === 'invalid_type' && e[0].path.length === 0)
  );
}

function score(issues: readonly Issue[]): number {
  let deepest = 0;
  for (const i of issues) {
    // An invalid_type at the root of the branch means the branch did not apply at all.
    const depth =
      i.code === 'invalid_type' && i.path.length === 0 ? -1 : i.path.length + (i.code === 'invalid_type' ? 0 : 1);
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

/** Every key the format defines, read off the schema itself, for "did you mean". */
const KNOWN_KEYS: readonly string[] = [...collectKeys(ScenarioDocument, new Set<string>())];

function collectKeys(schema: z.core.$ZodType, into: Set<string>): Set<string> {
  const def = schema._zod.def as unknown as Record<string, unknown>;
  const children: unknown[] = [];
  if (def['type'] === 'object') {
    for (const [k, v] of Object.entries(def['shape'] as Record<string, unknown>)) {
      into.add(k);
      children.push(v);
    }
  }
  for (const k of ['innerType', 'valueType', 'element']) if (def[k]) children.push(def[k]);
  for (const k of ['options', 'items']) if (Array.isArray(def[k])) children.push(...(def[k] as unknown[]));
  for (const c of children) collectKeys(c as z.core.$ZodType, into);
  return into;
}

/** "did you mean" for typos of known keys (edit distance 1 or 2). */
const hint = (key: string): string => didYouMean(key, KNOWN_KEYS);

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.line}:${p.column}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
