import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { OutputError } from './OutputError';
import { codeOf, outputTarget, siblingOf } from './outputTarget';
import { recoverOutput } from './recoverOutput';

/**
 * Writes a file whole or not at all: to a temporary sibling first, then renamed over the
 * path. A folder at the path is refused with an {@link OutputError} naming `option`.
 */
export function writeFileAtomic(path: string, text: string, option = '--out'): void {
  const t = outputTarget(path, option);
  recoverOutput(t);
  if (statSync(t.path, { throwIfNoEntry: false })?.isDirectory() === true) {
    throw new OutputError(`${option} ${path}: ${t.path} is a folder; left alone`);
  }
  const tmp = siblingOf(t, 'tmp');
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, t.path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new OutputError(`${option} ${path}: ${codeOf(e)}: cannot write in ${t.parent}`);
  }
}
