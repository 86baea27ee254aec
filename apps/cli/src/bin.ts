#!/usr/bin/env node
import { runCli } from './program.js';

// A reader that stops early (`foresight run baseline | head`) closes the pipe:
// that ends the output, not in a stack trace. Anything else is reported in a line.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream === process.stdout) process.stderr.write(`foresight: cannot write the output: ${e.code ?? e.message}\n`);
    process.exit(2);
  });
}

process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stderrIsTTY: process.stderr.isTTY === true,
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
