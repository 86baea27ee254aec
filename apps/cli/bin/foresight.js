#!/usr/bin/env node
// The installed `foresight` command. pnpm links it at install time, before
// anything is built, so it is a file of its own that runs the built
// command line, or says how to build it.
import { existsSync } from 'node:fs';

const built = new URL('../dist/bin.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  process.stderr.write(
    'foresight: the command line is not built yet: run `npx -y pnpm@10.34.9 build` in the repository first\n',
  );
  process.exitCode = 2;
}
