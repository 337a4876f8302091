/*
 * The sampled mutation check that CI runs: a fixed-seed sample of the mutants that the last
 * full `npm run mutation` killed (mutation/killed.json), run again through Stryker over just
 * their lines. Fails when one of them survives: a check that used to kill it has weakened.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../suite/packageRoot';
import { runStrykerOver } from './runStrykerOver';
import { sameMutant, type ReportedMutant } from './summarize';

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

if (require.main === module) {
  const root = packageRoot(__dirname);
  const killed = JSON.parse(
    readFileSync(join(root, 'mutation', 'killed.json'), 'utf8'),
  ) as ReportedMutant[];
  const chosen = sample(killed, SAMPLE, SEED);
  const now = runStrykerOver(root, chosen, 'mutation-sample');
  const survivors = chosen.filter((m) => {
    const again = now.find((x) => sameMutant(x, m));
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
