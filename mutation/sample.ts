/*
 * The sampled mutation check that CI runs: a fixed-seed sample of the mutants that the last
 * full `npm run mutation` killed (mutation/killed.json), run again through Stryker over just
 * their lines. Fails when one of them survives: a check that used to kill it has weakened.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../suite/packageRoot';
import { reportedMutants, type ReportedMutant } from './summarize';

/** How many mutants CI samples: about 5 s each, so the check stays under 5 minutes. */
const SAMPLE = 24;
/** The sample's seed: the same mutants every run, so a failure repeats. */
const SEED = 20261202;

/** `count` distinct items of `items`, chosen by a fixed-seed generator. */
function sample<T>(items: readonly T[], count: number, seed: number): T[] {
  const pool = [...items];
  const chosen: T[] = [];
  let s = seed >>> 0;
  while (chosen.length < count && pool.length > 0) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    chosen.push(...pool.splice(s % pool.length, 1));
  }
  return chosen;
}

const same = (a: ReportedMutant, b: ReportedMutant): boolean =>
  a.file === b.file &&
  a.mutatorName === b.mutatorName &&
  a.replacement === b.replacement &&
  a.location.start.line === b.location.start.line &&
  a.location.start.column === b.location.start.column;

if (require.main === module) {
  const root = packageRoot(__dirname);
  const killed = JSON.parse(
    readFileSync(join(root, 'mutation', 'killed.json'), 'utf8'),
  ) as ReportedMutant[];
  const chosen = sample(killed, SAMPLE, SEED);
  const ranges = [
    ...new Set(chosen.map((m) => `${m.file}:${m.location.start.line}-${m.location.end.line}`)),
  ];
  const dir = join(root, 'reports', 'mutation-sample');
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
  const now = reportedMutants(join(dir, 'mutation.json'));
  const survivors = chosen.filter((m) => {
    const again = now.find((x) => same(x, m));
    return again === undefined || !['Killed', 'Timeout'].includes(again.status);
  });
  for (const m of survivors) {
    process.stdout.write(
      `no longer killed: ${m.file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} ${JSON.stringify(m.replacement)}\n`,
    );
  }
  process.stdout.write(
    `sampled mutation check: ${chosen.length - survivors.length} of ${chosen.length} mutants that the full run killed are killed again\n`,
  );
  process.exitCode = survivors.length === 0 ? 0 : 1;
}
