import { loadScenarioFolder } from '@foresight/node';
import { renderTable } from '@foresight/report';
import { EXIT, type CliIO } from '../io.js';
import { printProblems } from '../problems.js';

export function listCommand(io: CliIO, dir: string): number {
  const folder = loadScenarioFolder(dir, io.cwd);
  const rows = [...folder.entries.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((e) => [e.id, e.title ?? '', e.extends ?? '', e.file]);
  io.stdout(renderTable(['id', 'title', 'extends', 'file'], rows, ['left', 'left', 'left', 'left']));
  if (folder.problems.length > 0) printProblems(io, folder.problems);
  return folder.problems.length > 0 ? EXIT.badInput : EXIT.ok;
}
