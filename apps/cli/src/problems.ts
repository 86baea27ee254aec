import { formatProblem, type Problem } from '@foresight/core';
import { EXIT, type CliIO } from './io.js';

/** Print every problem as `file:line:column code message`; bad input exits 2. */
export function printProblems(io: CliIO, problems: readonly Problem[]): 2 {
  for (const p of problems) io.stderr(`${formatProblem(p)}\n`);
  return EXIT.badInput;
}
