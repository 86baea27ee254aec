/**
 * The registry of problem codes. Every problem a user can see carries one of
 * these codes; the test `errors.test.ts` pins the list so a code is never
 * renamed or dropped by accident.
 */
export const PROBLEM_CODES = {
  yaml: 'the file is not well-formed YAML or JSON',
  schema: 'the document does not match the scenario format',
  syntax: 'an expression does not parse',
  'unknown-symbol': 'an expression names a symbol or function that is not defined',
  forbidden: 'an expression uses a construct outside the whitelist',
  cycle: 'variables or initial values depend on each other in a cycle',
  extends: 'a parent scenario is missing or the extends chain loops',
  'non-finite': 'a run produced NaN or an infinity',
  limit: 'over a size or work limit',
  usage: 'the command or request itself is malformed',
  io: 'a file or folder could not be read or written, or a service (the Redis of `--redis`) could not be reached',
  import: "another tool's model file is malformed or defective (XML, a Vensim equation, a reference)",
  unsupported: 'a model file uses a construct the importer does not translate (subscripts, macros, external data)',
  conflict: 'observations a calibration conditions on conflict with the priors, or with each other',
} as const;

export type ProblemCode = keyof typeof PROBLEM_CODES;

export type KeyPath = ReadonlyArray<string | number>;

/** One problem in a scenario, positioned in its source text (1-based line and column). */
export interface Problem {
  readonly code: ProblemCode;
  readonly message: string;
  readonly file: string;
  readonly path: KeyPath;
  readonly line: number;
  readonly column: number;
}

/**
 * The file of a problem with what was asked rather than with a document: an
 * option of a run (`outputs`, a sensitivity analysis's `output` or `at`),
 * given on a command line or in a request. Its `path` is the option's key
 * path in the request; it has no line or column of its own (1:1), and
 * `formatProblem` prints none. The CLI names it `<command line>`.
 */
export const REQUEST_FILE = '<request>';

export function requestProblem(message: string, path: KeyPath, code: ProblemCode = 'usage'): Problem {
  return { code, message, file: REQUEST_FILE, path, line: 1, column: 1 };
}

export const isRequestProblem = (p: Problem): boolean => p.file === REQUEST_FILE;

/**
 * At most this many problems are reported at once (the rest are counted in a
 * last `limit` problem), and messages are cut at `maxMessage` characters: a hostile
 * document can have a million mistakes, and every message may echo its text.
 */
export const PROBLEM_LIMITS = { maxProblems: 100, maxMessage: 1_000 } as const;

/** `uncounted`: problems found but never built (past the cap), counted in the last one. */
export function capProblems(problems: readonly Problem[], uncounted = 0): Problem[] {
  const { maxProblems, maxMessage } = PROBLEM_LIMITS;
  const cut = (p: Problem): Problem => {
    // One problem is one line of output, whatever text it quotes.
    const flat = p.message.replace(/[\r\n\t\u2028\u2029]+/g, ' ');
    const message = flat.length > maxMessage ? `${flat.slice(0, maxMessage)}...` : flat;
    return message === p.message ? p : { ...p, message };
  };
  if (problems.length + uncounted <= maxProblems || problems.length === 0) return problems.map(cut);
  const shown = problems.slice(0, maxProblems - 1).map(cut);
  const last = shown.at(-1);
  // maxProblems is at least 2, so `shown` holds a problem to take the place of.
  if (last === undefined) return shown;
  const more = problems.length + uncounted - shown.length;
  return [
    ...shown,
    {
      ...last,
      code: 'limit',
      message: `and ${more} more problems: only the first ${maxProblems - 1} are shown (maxProblems)`,
      path: [],
    },
  ];
}

/** A file name in angle brackets with no extension (`<request>`, the CLI's `<command line>`) names no text. */
const namesNoText = (file: string): boolean => /^<[^<>.]*>$/.test(file);

/**
 * `file:line:column code message`, the form the CLI prints. A problem with
 * the request (or the command line) has no line and column to show.
 */
export function formatProblem(p: Problem): string {
  const where = p.path.length > 0 ? ` (at ${formatPath(p.path)})` : '';
  const file = namesNoText(p.file) ? p.file : `${p.file}:${p.line}:${p.column}`;
  // Keys and file names come from the document too: a problem stays one line.
  return `${file} ${p.code} ${p.message}${where}`.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

export function formatPath(path: KeyPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** Problems carried through an exception boundary (for callers that prefer throw). */
export class ScenarioError extends Error {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ScenarioError';
    this.problems = problems;
  }
}
