import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ok, prepareSource, type Problem, type Result, type SourceDocument } from '@foresight/core';
import { displayPath, folderResolver, loadScenarioFolder, readScenarioFile } from '@foresight/node';
import { EXIT, type CliIO } from '../io.js';
import { printProblems } from '../problems.js';

/**
 * Each argument is a file or a folder. Every scenario goes through the whole
 * chain short of running: parse, extends, schema, compile (expressions,
 * symbols, cycles, target times).
 */
export function validateCommand(io: CliIO, refs: readonly string[], scenariosDir: string): number {
  const problems: Problem[] = [];
  let checked = 0;
  for (const ref of refs) {
    const abs = resolve(io.cwd, ref);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      problems.push({ code: 'io', message: 'no such file or folder', file: ref, path: [], line: 1, column: 1 });
      continue;
    }
    const folder = loadScenarioFolder(isDir ? abs : scenariosDir, io.cwd);
    if (isDir) problems.push(...folder.problems);
    const sources: Result<SourceDocument, Problem[]>[] = isDir
      ? [...folder.entries.values()].map((e) => ok(e.source))
      : [readScenarioFile(abs, io.cwd)];
    for (const src of sources) {
      if (!src.ok) {
        problems.push(...src.error);
        continue;
      }
      const source = src.value;
      checked++;
      const model = prepareSource(source, { resolve: folderResolver(folder) });
      if (model.ok)
        io.stdout(`ok  ${displayPath(resolve(io.cwd, source.file), io.cwd)}  (${model.value.document.id})\n`);
      else problems.push(...model.error);
    }
  }
  if (problems.length > 0) {
    printProblems(io, problems);
    io.stderr(`${problems.length} problem${problems.length === 1 ? '' : 's'} in ${refs.join(' ')}\n`);
    return EXIT.badInput;
  }
  if (checked === 0) io.stderr('no scenario files found\n');
  return EXIT.ok;
}
