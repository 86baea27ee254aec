import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { prepareSource } from '@foresight/core';
import { MODEL_EXTENSIONS, isModelFile } from '@foresight/import';
import { displayPath, readScenarioText } from '@foresight/node';
import { EXIT, type CliIO } from '../io.js';
import { printProblems } from '../problems.js';

/**
 * `foresight import MODEL [--out scenario.yaml]`: another tool's model as a
 * scenario (YAML), checked as `validate` checks a scenario, so the file
 * written runs unchanged. Problems go to stderr and nothing is written.
 */
export function importCommand(io: CliIO, model: string, opts: { out?: string }): number {
  if (!isModelFile(model)) {
    return printProblems(io, [
      {
        code: 'usage',
        message: `'${model}' is not a model file: foresight import reads ${MODEL_EXTENSIONS.join(', ')}`,
        file: model,
        path: [],
        line: 1,
        column: 1,
      },
    ]);
  }
  const read = readScenarioText(model, io.cwd);
  if (!read.ok) return printProblems(io, read.error);
  const compiled = prepareSource(read.value.source);
  if (!compiled.ok) return printProblems(io, compiled.error);
  if (opts.out === undefined) {
    io.stdout(read.value.text);
    return EXIT.ok;
  }
  const target = resolve(io.cwd, opts.out);
  try {
    writeFileSync(target, read.value.text);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? String(e);
    return printProblems(io, [
      { code: 'io', message: `cannot write the file: ${why}`, file: opts.out, path: [], line: 1, column: 1 },
    ]);
  }
  const m = compiled.value.document;
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  io.stderr(
    `${displayPath(resolve(io.cwd, model), io.cwd)} -> ${displayPath(target, io.cwd)}: ` +
      `${count(Object.keys(m.stocks ?? {}).length, 'stock')}, ${count(Object.keys(m.variables ?? {}).length, 'variable')}, ` +
      `${count(Object.keys(m.parameters ?? {}).length, 'parameter')}, ${count(Object.keys(m.lookups ?? {}).length, 'lookup')}\n`,
  );
  return EXIT.ok;
}
