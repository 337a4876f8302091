import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportedMutants, type ReportedMutant } from './summarize';

/**
 * Runs Stryker, with the project's configuration, over just the lines of these mutants,
 * reporting to reports/NAME; returns every mutant of that run (others on the same lines
 * too, which the caller ignores).
 */
export function runStrykerOver(
  root: string,
  mutants: readonly ReportedMutant[],
  name: string,
): ReportedMutant[] {
  const ranges = [
    ...new Set(mutants.map((m) => `${m.file}:${m.location.start.line}-${m.location.end.line}`)),
  ];
  const dir = join(root, 'reports', name);
  mkdirSync(dir, { recursive: true });
  const config = {
    ...(JSON.parse(readFileSync(join(root, 'stryker.config.json'), 'utf8')) as object),
    mutate: ranges,
    reporters: ['json', 'progress'],
    jsonReporter: { fileName: join(dir, 'mutation.json') },
    htmlReporter: { fileName: join(dir, 'index.html') },
  };
  const configFile = join(dir, 'stryker.config.json');
  writeFileSync(configFile, JSON.stringify(config));
  const r = spawnSync('npx', ['stryker', 'run', configFile], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`stryker exited with ${r.status ?? r.signal}`);
  return reportedMutants(join(dir, 'mutation.json'));
}
