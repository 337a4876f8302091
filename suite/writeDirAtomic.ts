import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './writeFileAtomic';

/**
 * Replaces directory `dir` with these files, all or none: they are written beside it
 * first, then the whole directory is moved into place.
 */
export function writeDirAtomic(dir: string, files: Readonly<Record<string, string>>): void {
  const tmp = `${dir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) writeFileAtomic(join(tmp, name), text);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}
