import { closeSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { jsonChunks } from '@foresight/report';
import type { CliIO } from './io.js';

/**
 * Write a command's output, chunk by chunk as it is made, to stdout or to
 * the file `out`: a large result's JSON or CSV is never one string in memory.
 */
export function writeOutput(io: CliIO, chunks: Iterable<string>, out: string | undefined): void {
  if (out === undefined) {
    for (const chunk of chunks) io.stdout(chunk);
    return;
  }
  const fd = openSync(resolve(io.cwd, out), 'w');
  try {
    for (const chunk of chunks) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

/** A result document as `--format json` prints it: indented by two spaces, a newline at the end; in chunks. */
export function* jsonLines(document: unknown): Generator<string, void, undefined> {
  yield* jsonChunks(document, { indent: 2 });
  yield '\n';
}
