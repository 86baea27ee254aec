import { formatProblem, isRequestProblem, type Problem } from '@foresight/core';
import { EXIT, type CliIO } from './io.js';

/**
 * Print every problem as `file:line:column code message`; bad input exits 2.
 * A problem with an option (an unknown `--outputs` id) is the command line's,
 * named by its flag rather than placed in a file.
 */
export function printProblems(io: CliIO, problems: readonly Problem[]): 2 {
  for (const p of problems) io.stderr(`${formatProblem(isRequestProblem(p) ? asFlag(p) : p)}\n`);
  return EXIT.badInput;
}

/** The command line's, with a request's key path as the flag that gave it: `outputs` (any index) is `--outputs`. */
function asFlag(p: Problem): Problem {
  const [key] = p.path;
  return { ...p, file: '<command line>', path: typeof key === 'string' ? [`--${key.replaceAll('_', '-')}`] : [] };
}
