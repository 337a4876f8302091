/*
 * After checks were added to mutation/adequacy.ts, reruns Stryker over the lines of the
 * full run's survivors only (reports/mutation-survivors), which mutation/summarize.ts then
 * merges: far quicker than the full run, and sound, since the checks only grow.
 */
import { join } from 'node:path';
import { packageRoot } from '../suite/packageRoot';
import { runStrykerOver } from './runStrykerOver';
import { reportedMutants } from './summarize';

if (require.main === module) {
  const root = packageRoot(__dirname);
  const all = reportedMutants(join(root, 'reports', 'mutation', 'mutation.json'));
  const survivors = all.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage');
  process.stdout.write(`rerunning the lines of ${survivors.length} survivors\n`);
  runStrykerOver(root, survivors, 'mutation-survivors');
}
