import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../suite/packageRoot';
import type { CMutant } from './C_MUTANTS';

const ROOT = packageRoot(__dirname);
const PATCHES = join(ROOT, 'patches');
const HARNESS = join(ROOT, 'harness');
const SHIM = join(HARNESS, 'shim');

/** The files of the series that the harness compiles: the C core and its headers. */
export const CORE_FILES = [
  'net/core/sock_reuserps.c',
  'include/net/sock_reuserps.h',
  'include/uapi/linux/reuserps.h',
];

/** The series' patch files, in order (the cover letter has no code). */
export function seriesFiles(): string[] {
  return readdirSync(PATCHES)
    .filter((f) => /^\d{4}-.*\.patch$/.test(f) && !f.startsWith('0000-'))
    .sort()
    .map((f) => join(PATCHES, f));
}

/**
 * Builds the differential driver (harness/driver.c) against the C core taken from the
 * patch series itself, with `git apply --include` into a scratch folder, so that the
 * harness never keeps a copy. A C mutant edits the extracted core first. Binaries are
 * cached under .cache/harness by the hash of everything that goes into them.
 * Returns the driver's path.
 */
export function buildHarness(mutant: CMutant | null = null, program = 'driver.c'): string {
  const inputs = [
    ...seriesFiles().map((f) => readFileSync(f, 'utf8')),
    readFileSync(join(HARNESS, program), 'utf8'),
    readFileSync(join(SHIM, 'shim.h'), 'utf8'),
    JSON.stringify(mutant),
  ];
  const key = createHash('sha256').update(inputs.join('\0')).digest('hex').slice(0, 16);
  const dir = join(
    ROOT,
    '.cache',
    'harness',
    `${program.replace('.c', '')}-${mutant?.name ?? 'core'}-${key}`,
  );
  const binary = join(dir, 'driver');
  if (existsSync(binary)) return binary;
  rmSync(dir, { recursive: true, force: true });
  // git apply must run outside any repository, or it resolves paths from that repository's top.
  const src = mkdtempSync(join(tmpdir(), 'reuserps-core-'));
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['apply', ...CORE_FILES.map((f) => `--include=${f}`), ...seriesFiles()], {
    cwd: src,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  cpSync(src, join(dir, 'src'), { recursive: true });
  rmSync(src, { recursive: true, force: true });
  const core = join(dir, 'src', 'net/core/sock_reuserps.c');
  if (mutant !== null) {
    const text = readFileSync(core, 'utf8');
    const times = text.split(mutant.find).length - 1;
    if (times !== 1)
      throw new Error(`C mutant ${mutant.name}: its edit matches ${times} times, not once`);
    writeFileSync(
      core,
      text.replace(mutant.find, () => mutant.replace),
    );
  }
  const tmp = `${binary}.${process.pid}.tmp`;
  execFileSync(
    'cc',
    [
      '-O2',
      '-std=gnu11',
      '-Wall',
      '-Wextra',
      '-Wno-unused-parameter',
      '-Wno-sign-compare',
      '-I',
      SHIM,
      '-I',
      join(dir, 'src', 'include'),
      '-o',
      tmp,
      join(HARNESS, program),
      core,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  renameSync(tmp, binary);
  return binary;
}
