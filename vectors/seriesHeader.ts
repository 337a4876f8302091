import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../suite/packageRoot';

/** The patch of the series that adds the selftest and its vector header. */
const SELFTEST_PATCH = '0007-selftests-net-add-reuserps.patch';

/** A file the series adds, as the patch that adds it holds it. */
function addedFile(patch: string, path: string): string {
  const text = readFileSync(join(packageRoot(__dirname), 'patches', patch), 'utf8');
  const start = text.indexOf(`+++ b/${path}\n`);
  if (start < 0) throw new Error(`${patch} does not add ${path}`);
  const hunk = text.slice(text.indexOf('\n@@', start) + 1);
  const lines = hunk.split('\n').slice(1);
  const end = lines.findIndex((l) => !l.startsWith('+'));
  return `${lines
    .slice(0, end)
    .map((l) => l.slice(1))
    .join('\n')}\n`;
}

/** The vector header the series' selftest carries. */
export function seriesHeader(): string {
  return addedFile(SELFTEST_PATCH, 'tools/testing/selftests/net/reuserps_vectors.h');
}

/** The generator seed the series' header names in its regeneration command. */
export function seriesSeed(): number {
  const m = /--seed (\d+)/.exec(seriesHeader());
  if (m === null) throw new Error('the series header names no --seed');
  return Number(m[1]);
}
