import { benchCore, coreTarget } from '../bench/benchCore';
import { benchModel } from '../bench/benchModel';
import { intOption, parseArgs } from './parseArgs';
import { UsageError } from './UsageError';

/** Usage of `reuserps bench` (what `npm run bench` runs). */
export const BENCH_USAGE = `reuserps bench [--rounds N] [--scenarios N] [--json]
  Measures actions per second through the model on the property suite's generated runs,
  alone and with every property checked (median of N rounds, default 7), then the
  patch's C core in ns per SYN against hash selection in the same binary.`;

/** `reuserps bench`: returns the exit status. */
export function benchCommand(argv: readonly string[], out: (line: string) => void): number {
  const args = parseArgs(argv, ['json'], ['rounds', 'scenarios']);
  if (args.positional.length > 0) throw new UsageError('bench takes no file');
  const core = benchCore();
  const figures = benchModel(
    intOption(args, 'rounds', 7, 1, 1000),
    intOption(args, 'scenarios', 2000, 1, 1_000_000),
  );
  if (args.flags.has('json')) {
    out(JSON.stringify({ model: figures, core }, null, 2));
    return 0;
  }
  for (const f of figures) {
    const rounds = f.rounds.map((x) => Math.round(x / 1000)).join(' ');
    out(
      `${f.name}: median ${Math.round(f.median).toLocaleString('en')} ${f.unit} (rounds, thousands: ${rounds})`,
    );
  }
  out('C core, ns per SYN (median of 7 rounds), against hash selection in the same binary:');
  for (const c of core) {
    const target = coreTarget(c);
    const verdict =
      target === null ? '' : `  target <= ${target.limit}: ${target.met ? 'met' : 'NOT met'}`;
    const limits = c.limits ? 'all but one at limit' : 'no limits';
    out(
      `  ${String(c.listeners).padStart(3)} listeners ${c.policy.padEnd(11)} ${limits.padEnd(20)} ${c.ns.toFixed(1).padStart(6)} ns, hash ${c.hashNs.toFixed(1).padStart(5)} ns, ratio ${c.ratio.toFixed(2)}${verdict}`,
    );
  }
  return 0;
}
