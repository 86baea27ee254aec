import { z } from 'zod';
import { PROBLEM_CODES, type Problem, type ProblemCode } from './errors.js';

/**
 * The wire form of a `Problem` (as the HTTP API returns it). The interface in
 * `errors.ts` stays the definition the engine uses; the checks below fail the
 * type-check the moment the two differ, so they cannot drift.
 */
export const ProblemDocument = z.strictObject({
  code: z.enum(Object.keys(PROBLEM_CODES) as [ProblemCode, ...ProblemCode[]]),
  message: z.string(),
  file: z.string(),
  /** The key path in the document, e.g. `["stocks", "workforce", "inflow"]`. */
  path: z.array(z.union([z.string(), z.number()])).readonly(),
  line: z.number(),
  column: z.number(),
});

type Wire = z.infer<typeof ProblemDocument>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same: Same<Wire, Problem> & Same<keyof Wire, keyof Problem> = true;
void same;
