import { mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { OutputError } from './OutputError';

/** Where an output goes: its absolute path, and the folder that holds it. */
export interface OutputTarget {
  /** The path as the user gave it, for messages. */
  readonly given: string;
  /** The option that named it (`--out`, `--svg`), for messages. */
  readonly option: string;
  /** The normalised absolute path: no trailing slash, no `..`. */
  readonly path: string;
  readonly parent: string;
}

/**
 * Resolves an output path before anything is written, so that a temporary sibling is
 * always beside the target and never inside it (`keep/`), the current directory or one
 * that holds it is never a target (`.`, `..`), and a parent under a regular file or in a
 * file system that refuses folders (`/proc`) is an error rather than a loop. Creates
 * missing parents.
 */
export function outputTarget(given: string, option: string): OutputTarget {
  const fail = (why: string): never => {
    throw new OutputError(`${option} ${given === '' ? '""' : given}: ${why}`);
  };
  if (given === '') fail('needs a path, got an empty one');
  const path = resolve(given);
  const cwd = process.cwd();
  if (path === dirname(path) || cwd === path || cwd.startsWith(path + sep)) {
    fail(`${path} is the current directory or holds it; name a new folder`);
  }
  const parent = dirname(path);
  let st;
  try {
    st = statSync(parent, { throwIfNoEntry: false });
  } catch (e) {
    return fail(`${codeOf(e)}: cannot reach ${parent}`);
  }
  if (st !== undefined && !st.isDirectory()) fail(`ENOTDIR: ${parent} is not a directory`);
  if (st === undefined) {
    try {
      mkdirSync(parent, { recursive: true });
    } catch (e) {
      fail(`${codeOf(e)}: cannot create ${parent}`);
    }
  }
  return { given, option, path, parent };
}

/** The name of a temporary of this process beside the target: `.NAME.reuserps-PID.KIND`. */
export function siblingOf(t: OutputTarget, kind: 'tmp' | 'old'): string {
  return join(t.parent, `.${basename(t.path)}.reuserps-${process.pid}.${kind}`);
}

/** The error code of a failed file system call (ENOTDIR, EACCES, ...). */
export function codeOf(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? String(e);
}
