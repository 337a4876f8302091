import { benchModel } from '../bench/benchModel';
import { intOption, parseArgs } from './parseArgs';
import { UsageError } from './UsageError';

/** Usage of `reuserps bench` (what `npm run bench` runs). */
export const BENCH_USAGE = `reuserps bench [--rounds N] [--scenarios N] [--json]
  Measures actions per second through the model on the property suite's generated runs,
  alone and with every property checked; prints the median of N rounds (default 7).`;

/** `reuserps bench`: returns the exit status. */
export function benchCommand(argv: readonly string[], out: (line: string) => void): number {
  const args = parseArgs(argv, ['json'], ['rounds', 'scenarios']);
  if (args.positional.length > 0) throw new UsageError('bench takes no file');
  const figures = benchModel(
    intOption(args, 'rounds', 7, 1, 1000),
    intOption(args, 'scenarios', 2000, 1, 1_000_000),
  );
  if (args.flags.has('json')) {
    out(JSON.stringify(figures, null, 2));
    return 0;
  }
  for (const f of figures) {
    const rounds = f.rounds.map((x) => Math.round(x / 1000)).join(' ');
    out(
      `${f.name}: median ${Math.round(f.median).toLocaleString('en')} ${f.unit} (rounds, thousands: ${rounds})`,
    );
  }
  return 0;
}
