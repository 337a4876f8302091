import { stressPhases, stressReport } from '../stress/stressReport';
import { parseArgs } from './parseArgs';
import { readInput } from './readInput';
import { UsageError } from './UsageError';

/** Usage of `reuserps stress-report`. */
export const STRESS_USAGE = `reuserps stress-report --log FILE
  Prints the figures of a kernel:stress boot's log (the STRESS lines of stress/stress.c):
  attempts and their outcomes, drops by cause, migrations, cookies, each anchor
  listener's peak against its limit, locality and the cost ratios. Exit 1 when a phase
  failed or none is in the log.`;

/** `reuserps stress-report`: returns the exit status. */
export function stressCommand(argv: readonly string[], out: (line: string) => void): number {
  const args = parseArgs(argv, [], ['log']);
  const file = args.values.get('log');
  if (file === undefined || args.positional.length > 0)
    throw new UsageError('stress-report takes --log FILE');
  const phases = stressPhases(readInput(file), file);
  out(stressReport(phases));
  return phases.length > 0 && phases.every((p) => p.ok) ? 0 : 1;
}
