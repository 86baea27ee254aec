import { closeSync, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Problem } from '@foresight/core';
import { displayPath } from '@foresight/node';

/** The output files a command was asked to write, by option name (`--out`, `--chart`); unset ones are skipped. */
export type OutputPaths = Readonly<Record<string, string | undefined>>;

/**
 * Problems with the files a command will write, found before it does any
 * work: a run of a million trials should not end in "cannot write". Each
 * path is probed as the final write will be: an existing file is opened for
 * writing without truncating it, a new one is created and removed again, so
 * a missing folder, a folder in the file's place, a read-only place or a
 * path through a file all show up here, whoever runs the command (root
 * included, for whom permission bits prove nothing). Two options naming one
 * file are a usage problem: the second write would replace the first.
 */
export function outputPathProblems(cwd: string, paths: OutputPaths): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for (const [option, path] of Object.entries(paths)) {
    if (path === undefined) continue;
    const abs = resolve(cwd, path);
    const file = displayPath(abs, cwd);
    const other = seen.get(abs);
    if (other !== undefined) {
      problems.push(at(file, 'usage', `${option} names the same file as ${other}: write them to two files`));
      continue;
    }
    seen.set(abs, option);
    const why = unwritable(abs, cwd);
    if (why !== undefined) problems.push(at(file, 'io', `cannot write ${option} here: ${why}`));
  }
  return problems;
}

const at = (file: string, code: 'io' | 'usage', message: string): Problem => ({
  code,
  message,
  file,
  path: [],
  line: 1,
  column: 1,
});

/** Why `abs` cannot be written, in words; undefined when it can. */
function unwritable(abs: string, cwd: string): string | undefined {
  const existing = kindOf(abs);
  if (existing === 'folder') return 'it is a folder';
  if (existing === 'file') return probe(() => closeSync(openSync(abs, 'r+')), abs, cwd);
  const folder = dirname(abs);
  const parent = kindOf(folder);
  if (parent === 'missing') return `the folder ${displayPath(folder, cwd)} does not exist`;
  if (parent === 'file') return `${displayPath(folder, cwd)} is a file, not a folder`;
  return probe(
    () => {
      closeSync(openSync(abs, 'wx'));
      unlinkSync(abs);
    },
    abs,
    cwd,
  );
}

function kindOf(path: string): 'missing' | 'file' | 'folder' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'file';
  } catch (e) {
    // A path through a file (ENOTDIR) is reported at the parent that is a file.
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'file';
  }
}

function probe(write: () => void, abs: string, cwd: string): string | undefined {
  try {
    write();
    return undefined;
  } catch (e) {
    return reason(e as NodeJS.ErrnoException, abs, cwd);
  }
}

function reason(e: NodeJS.ErrnoException, abs: string, cwd: string): string {
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOENT':
      // The folder exists (checked before), yet no file can be made in it: /proc and the like.
      return `files cannot be created in ${displayPath(dirname(abs), cwd)}`;
    default:
      return e.code ?? e.message;
  }
}
