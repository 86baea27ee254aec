export { makeProgram, runCli } from './program.js';
export { EXIT } from './io.js';
export type { CliIO, ExitCode } from './io.js';
