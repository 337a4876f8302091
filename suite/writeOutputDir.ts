import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { crashPoint } from './crashPoint';
import { OutputError } from './OutputError';
import { codeOf, outputTarget, siblingOf, type OutputTarget } from './outputTarget';
import { recoverOutput } from './recoverOutput';

/** The file in every folder the tools write: only a folder that holds it is ever replaced. */
export const OUTPUT_MARKER = '.reuserps-output';

/** How an output folder is named on the command line, and whether it may be replaced. */
export interface OutputOptions {
  /** The option that named it, for messages: `--out`, `--svg`. */
  readonly option: string;
  /** `--force`: replace an earlier output of the tools (one holding the marker). */
  readonly force: boolean;
}

/**
 * Makes folder `dir` hold exactly these files, or leaves it as it was. A missing or empty
 * folder is written; a folder of the tools' own (it holds {@link OUTPUT_MARKER}) is
 * replaced only with `force`; anything else is refused with an {@link OutputError} and
 * never touched. The files go to a temporary sibling first; the old folder is renamed
 * aside, the new one renamed into place, then the old one removed, so a kill at any point
 * leaves the old set or the new one (an old set left aside is put back by the next run).
 */
export function writeOutputDir(
  dir: string,
  files: Readonly<Record<string, string>>,
  o: OutputOptions,
): void {
  const t = checkOutputDir(dir, o);
  const tmp = siblingOf(t, 'tmp');
  try {
    mkdirSync(tmp);
    for (const [i, [name, text]] of Object.entries(files).entries()) {
      writeFileSync(join(tmp, name), text);
      if (i === 0) crashPoint('output-first-file');
    }
    writeFileSync(join(tmp, OUTPUT_MARKER), 'written by reuserps; replaced only with --force\n');
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw new OutputError(`${o.option} ${dir}: ${codeOf(e)}: cannot write in ${t.parent}`);
  }
  crashPoint('output-written');
  swapIn(tmp, t);
}

/**
 * Refuses, before any work, an output folder that {@link writeOutputDir} would refuse
 * later, so that a long run does not end in a refusal. Cleans temporaries of killed runs.
 */
export function checkOutputDir(dir: string, o: OutputOptions): OutputTarget {
  const t = outputTarget(dir, o.option);
  recoverOutput(t);
  checkReplaceable(t, o.force);
  return t;
}

function checkReplaceable(t: OutputTarget, force: boolean): void {
  const at = `${t.option} ${t.given}: ${t.path}`;
  const st = lstatSync(t.path, { throwIfNoEntry: false });
  if (st === undefined) return;
  if (!st.isDirectory()) throw new OutputError(`${at} exists and is not a folder; left alone`);
  const names = readdirSync(t.path);
  if (names.length === 0) return;
  if (!names.includes(OUTPUT_MARKER)) {
    throw new OutputError(
      `${at} is not empty and was not written by reuserps (no ${OUTPUT_MARKER} in it); left alone`,
    );
  }
  if (!force) throw new OutputError(`${at} holds an earlier output; --force replaces it`);
}

function swapIn(tmp: string, t: OutputTarget): void {
  if (!existsSync(t.path)) {
    renameSync(tmp, t.path);
    return;
  }
  const old = siblingOf(t, 'old');
  renameSync(t.path, old);
  crashPoint('output-aside');
  renameSync(tmp, t.path);
  crashPoint('output-swapped');
  rmSync(old, { recursive: true, force: true });
}
