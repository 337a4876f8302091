import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelApi } from '../properties';
import { packageRoot } from '../suite/packageRoot';
import type { Mutant } from './MUTANTS';

const ROOT = packageRoot(__dirname);
const MODEL_DIR = join(ROOT, 'model');
let workDir: string | null = null;

/**
 * Loads a mutant: copies model/ to a temporary folder, applies the mutant's edit, and
 * requires the copy, which ts-node compiles like the original. Throws when the edit does
 * not match the model's source exactly once. The folder is removed when the process exits.
 */
export function loadMutant(m: Mutant): ModelApi {
  const path = mutantPath(m);
  // The compiled CLI runs without ts-node; a mutant is TypeScript, so it brings it in.
  if (require.extensions['.ts'] === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('ts-node') as typeof import('ts-node')).register({
      transpileOnly: true,
      project: join(ROOT, 'tsconfig.json'),
    });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path) as ModelApi;
}

/**
 * The mutant's copy of the model, written once a process: the path of its index.ts, for
 * the explorer's worker threads to load the same mutant.
 */
export function mutantPath(m: Mutant): string {
  if (workDir === null) {
    const dir = mkdtempSync(join(tmpdir(), 'reuserps-mutants-'));
    workDir = dir;
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  const dir = join(workDir, m.name);
  const index = join(dir, 'index.ts');
  if (existsSync(index)) return index;
  cpSync(MODEL_DIR, dir, { recursive: true });
  const file = join(dir, m.file);
  const source = readFileSync(file, 'utf8');
  const times = source.split(m.find).length - 1;
  if (times !== 1) {
    throw new Error(
      `mutant ${m.name}: "${m.find}" occurs ${times} times in model/${m.file}, not once`,
    );
  }
  writeFileSync(
    file,
    source.replace(m.find, () => m.replace),
  );
  return index;
}
